using BreatheBot.Core.Conversations;
using BreatheBot.Core.Episodes;
using BreatheBot.Core.Messaging;
using BreatheBot.Core.Tests.Support;

namespace BreatheBot.Core.Tests.Conversations;

public sealed class HeadacheFlowTests
{
    [Fact]
    public void Headache_whole_flow_logs_a_complete_episode_and_schedules_the_follow_up()
    {
        var chat = new EngineDriver();

        Assert.Equal(["disclaimer", "triage.emergency"], chat.Send("/headache").Select(r => r.Key));
        Assert.Equal(["triage.same-day"], chat.Press("e:none").Select(r => r.Key));
        Assert.Equal(["pain.before"], chat.Press("s:none").Select(r => r.Key));
        Assert.Equal(["triage.location"], chat.Press("pb:6").Select(r => r.Key));
        Assert.IsType<EditReply>(Assert.Single(chat.Press("loc:1")));
        Assert.Equal(["triage.character"], chat.Press("loc:done").Select(r => r.Key));
        Assert.Equal(["triage.features"], chat.Press("ch:0").Select(r => r.Key));
        Assert.Equal(["triage.triggers"], chat.Press("ft:done").Select(r => r.Key));
        chat.Press("tr:0");
        chat.Press("tr:1");
        Assert.Equal(["triage.medication"], chat.Press("tr:done").Select(r => r.Key));
        Assert.Equal(["triage.medication-name"], chat.Press("med:1").Select(r => r.Key));
        Assert.Equal(["triage.medication-dose"], chat.Press("mn:0").Select(r => r.Key));
        Assert.Equal(["triage.medication-timing"], chat.Send("1 g").Select(r => r.Key));
        Assert.Equal(["breathing.preset"], chat.Press("mt:0").Select(r => r.Key));
        Assert.Equal(["breathing.length"], chat.Press("bp:0").Select(r => r.Key));
        Assert.Equal(["breathing.cue", "breathing.pacer"], chat.Press("bl:1").Select(r => r.Key));

        var pacer = chat.TickUntil(s => s is not BreathingState);
        // One minute of resonance breathing: 5 rounds of in 5 / out 6 = 10 phases; the first was sent as a new message,
        // each later phase edits it once, the last edit says well done, then the pain question.
        Assert.Equal(11, pacer.Count);
        Assert.All(pacer.SkipLast(1), r => Assert.Equal("pacer", Assert.IsType<EditReply>(r).Slot));
        Assert.Equal("pain.after-breathing", pacer[^1].Key);

        Assert.Equal(["points.contraindications"], chat.Press("pr:4").Select(r => r.Key));
        Assert.Equal(["points.step"], chat.Press("ci:none").Select(r => r.Key));

        var muscles = ((MuscleState)chat.State).Muscles;
        Assert.Equal([Muscle.Suboccipitals, Muscle.UpperTrapezius, Muscle.LevatorScapulae], muscles);
        for (var i = 0; i < muscles.Count; i++)
        {
            Assert.Equal(["points.hold"], chat.Press("mu:hold").Select(r => r.Key));
            chat.TickUntil(s => s is MuscleState { Holding: false } or PainState);
            Assert.Equal("points.other-side", chat.LastKeys[^1]);
            chat.Press("mu:hold");
            chat.TickUntil(s => s is not MuscleState { Holding: true });
        }

        Assert.Equal(["points.stretch", "pain.after-points"], chat.LastKeys.TakeLast(2));
        Assert.Equal(["episode.saved"], chat.Press("pm:3").Select(r => r.Key));

        var pending = Assert.IsType<FollowUpPendingState>(chat.State);
        Assert.Equal(chat.Now + TimeSpan.FromMinutes(30), pending.WakeAt);

        var episode = chat.Episode!;
        Assert.Equal(EpisodeStatus.Completed, episode.Status);
        Assert.True(episode.EmergencyScreenClear);
        Assert.True(episode.SameDayScreenClear);
        Assert.Null(episode.RedFlagTier);
        Assert.Equal(6, episode.PainBefore);
        Assert.Equal(4, episode.PainAfterBreathing);
        Assert.Equal(3, episode.PainAfterTriggerPoints);
        Assert.Equal([PainLocation.BackOfHeadNeck], episode.Locations);
        Assert.Equal(HeadacheCharacter.PressingTight, episode.Character);
        Assert.Equal([HeadacheTrigger.StressDeskWork, HeadacheTrigger.PostureScreenTime], episode.Triggers);
        Assert.Equal(MedicationKind.SimplePainkiller, episode.Medication);
        Assert.Equal(MedicationTiming.UnderOneHour, episode.MedicationTiming);
        Assert.Equal("Paracetamol", episode.MedicationName);
        Assert.Equal("1 g", episode.MedicationDose);
        Assert.Equal([SelfCareStep.Breathing, SelfCareStep.TriggerPoints], episode.StepsDone);
        Assert.Equal(BreathingPreset.Resonance, episode.BreathingPreset);
        Assert.Equal(55, episode.BreathingSeconds);
        Assert.Equal(muscles, episode.MusclesDone);
        Assert.Equal(FollowUpStatus.Scheduled, episode.FollowUp);
    }

    [Fact]
    public void Disclaimer_is_shown_once_per_user()
    {
        var chat = new EngineDriver();
        chat.Send("/headache");
        chat.Send("/stop");
        Assert.DoesNotContain("disclaimer", chat.Send("/headache").Select(r => r.Key));
        Assert.NotNull(chat.Profile!.DisclaimerShownAt);
    }

    [Fact]
    public void Start_shows_welcome_then_disclaimer_then_menu()
    {
        var chat = new EngineDriver();
        Assert.Equal(["welcome", "disclaimer", "menu"], chat.Send("/start").Select(r => r.Key));
        Assert.Equal(["welcome", "menu"], chat.Send("/start").Select(r => r.Key));
    }

    [Theory]
    [InlineData("headache", "triage.emergency")]
    [InlineData("breathe", "breathe.purpose")]
    [InlineData("points", "triage.emergency")]
    public void Start_with_a_deep_link_payload_begins_that_flow(string payload, string expected)
    {
        var chat = new EngineDriver();
        Assert.Equal(expected, chat.Send("/start " + payload).Select(r => r.Key).Last());
        Assert.True(chat.State is ScreeningState or BreathePurposeState);
    }

    public static TheoryData<string[], string[]> TypedTranscripts => new()
    {
        // Typed answers work as well as buttons: the number, the label, a unique start of it, an alias, or 0–10 for pain.
        { ["/headache", "none of these", "no", "6/10"], ["triage.location"] },
        { ["/headache", "nope", "none", "7"], ["triage.location"] },
        { ["/headache", "no", "no", "pain 3", "2, 5", "throbbing"], ["triage.features"] },
        { ["/headache", "no", "no", "3", "back of the head and neck"], ["triage.character"] },
        { ["/headache", "no", "no", "3", "2", "pressing", "done", "poor sleep and alcohol", "nothing"], ["breathing.preset"] },
        { ["/headache", "no", "no", "3", "2", "pressing", "done", "12", "my new pillow", "1"], ["breathing.preset"] },
        { ["/breathe", "headache", "no", "no", "5", "box", "2"], ["breathing.cue", "breathing.pacer"] },
        { ["/breathe", "headache", "no", "no", "5", "4-7-8"], ["breathing.cue", "breathing.pacer"] },
        { ["/points", "no", "no", "5", "jaw or face", "pressing", "done", "none"], ["points.step"] },
        { ["hello"], ["disclaimer", "menu"] },
        { ["/start", "breathing"], ["breathe.purpose"] },
    };

    [Theory]
    [MemberData(nameof(TypedTranscripts))]
    public void Typed_answers_advance_like_buttons(string[] inputs, string[] expectedLastKeys)
    {
        var chat = new EngineDriver();
        foreach (var input in inputs)
        {
            chat.Send(input);
        }

        Assert.Equal(expectedLastKeys, chat.LastKeys);
    }

    [Fact]
    public void Other_trigger_free_text_is_kept_in_the_diary()
    {
        var chat = new EngineDriver();
        foreach (var input in new[] { "/headache", "no", "no", "3", "2", "pressing", "done", "12", "my new pillow, \"really\"", "1" })
        {
            chat.Send(input);
        }

        Assert.Equal("my new pillow, \"really\"", chat.Episode!.OtherTrigger);
        Assert.Contains(HeadacheTrigger.Other, chat.Episode.Triggers);
    }

    [Fact]
    public void Points_flow_uses_the_location_to_choose_muscles_and_asks_only_the_features_of_the_triage()
    {
        var chat = new EngineDriver();
        foreach (var input in new[] { "/points", "no", "no", "5", "6", "pressing", "done", "none" })
        {
            chat.Send(input);
        }

        var step = Assert.IsType<MuscleState>(chat.State);
        Assert.Equal([Muscle.Temporalis, Muscle.Masseter], step.Muscles);
        Assert.Equal(EpisodeKind.PointsOnly, chat.Episode!.Kind);
        Assert.Equal(HeadacheCharacter.PressingTight, chat.Episode.Character);
        Assert.Empty(chat.Episode.Triggers);
        Assert.False(step.Gentle);
    }

    [Fact]
    public void Migraine_like_features_put_breathing_first_and_make_pressure_optional_and_gentler()
    {
        var chat = new EngineDriver();
        foreach (var input in new[] { "/headache", "no", "no", "7", "1", "throbbing", "2, 3", "done", "nothing" })
        {
            chat.Send(input);
        }

        Assert.Equal(["triage.migraine-like", "breathing.preset"], chat.LastKeys);
        chat.Press("bp:skip");
        Assert.Equal(["points.offer"], chat.LastKeys);
        chat.Press("op:yes");
        chat.Press("ci:none");
        chat.Press("ag:no");
        var step = Assert.Single(chat.LastReplies);
        Assert.Contains("about 3–4 out of 10", EngineDriver.TextOf(step), StringComparison.Ordinal);
        Assert.True(((MuscleState)chat.State).Gentle);
    }

    [Fact]
    public void Declining_gentle_points_wraps_up()
    {
        var chat = new EngineDriver();
        foreach (var input in new[] { "/headache", "no", "no", "7", "1", "throbbing", "done", "done", "nothing", "skip breathing", "no thanks" })
        {
            chat.Send(input);
        }

        Assert.Equal(["episode.saved"], chat.LastKeys);
        Assert.DoesNotContain(SelfCareStep.TriggerPoints, chat.Episode!.StepsDone);
    }

    [Fact]
    public void A_contraindication_skips_massage_and_says_why()
    {
        var chat = new EngineDriver();
        chat.AnswerTriageUpToBreathing();
        chat.Press("bp:skip");
        chat.Press("ci:yes");
        Assert.Equal(["points.contraindicated", "episode.saved"], chat.LastKeys);
        Assert.True(chat.Episode!.MassageContraindicated);
        Assert.Empty(chat.Episode.MusclesDone);
    }

    [Fact]
    public void Sternocleidomastoid_step_carries_the_carotid_safety_note()
    {
        var chat = new EngineDriver();
        foreach (var input in new[] { "/points", "no", "no", "5", "behind the eyes", "pressing", "done", "none", "no", "skip this muscle" })
        {
            chat.Send(input);
        }

        var text = EngineDriver.TextOf(Assert.Single(chat.LastReplies));
        Assert.Contains("Sternocleidomastoid", text, StringComparison.Ordinal);
        Assert.Contains("never press into the front of the neck or on the pulse (carotid artery)", text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_new_command_mid_flow_closes_the_running_episode_as_stopped_and_starts_fresh()
    {
        var chat = new EngineDriver();
        chat.AnswerTriageUpToBreathing();
        var first = chat.Episode!.Id;
        chat.Now += TimeSpan.FromSeconds(5);
        chat.Send("/breathe");
        Assert.Equal(EpisodeStatus.Stopped, chat.Episodes[first].Status);
        Assert.IsType<BreathePurposeState>(chat.State);
    }
}
