using BreatheBot.Core.Conversations;
using BreatheBot.Core.Episodes;
using BreatheBot.Core.Safety;
using BreatheBot.Core.Tests.Support;

namespace BreatheBot.Core.Tests.Safety;

/// <summary>
/// content.md §2 "Typed at any step", through the engine: an emergency sign interrupts with the emergency advice;
/// half a sign asks one question with Yes / No / Not sure; Yes → emergency, Not sure → same-day advice,
/// No → back to exactly where the person was.
/// </summary>
public sealed class SignCheckTranscriptTests
{
    [Theory]
    [InlineData("my speech sounds drunk", "E2")]
    [InlineData("I went out cold", "E5")]
    [InlineData("I whacked my head and now I'm throwing up", "E4")]
    public void An_emergency_sign_typed_mid_flow_interrupts_and_is_logged_with_its_code(string text, string code)
    {
        var chat = new EngineDriver();
        chat.AnswerTriageUpToBreathing();

        var replies = chat.Send(text);

        Assert.Equal(["triage.emergency.advice", "triage.emergency.record"], replies.Select(r => r.Key));
        Assert.IsType<RedFlagRecordState>(chat.State);
        Assert.Equal(RedFlagTier.Emergency, chat.Episode!.RedFlagTier);
        Assert.Equal([code], chat.Episode.RedFlags);
    }

    [Fact]
    public void A_half_sign_asks_one_question_with_yes_no_and_not_sure_buttons()
    {
        var chat = new EngineDriver();
        chat.Send("/headache");
        chat.Press("e:none");
        chat.Press("s:none");

        var replies = chat.Send("I have a stiff neck");

        var question = Assert.Single(replies);
        Assert.Equal("sign-check.question", question.Key);
        Assert.Equal(HalfSigns.Question(HalfSign.StiffNeck), EngineDriver.TextOf(question));
        Assert.Equal(["sc:yes", "sc:no", "sc:unsure"], EngineDriver.ChoicesOf(question).Select(c => c.Id));
        Assert.IsType<SignCheckState>(chat.State);
        Assert.Null(chat.Episode!.RedFlagTier);
    }

    [Fact]
    public void Yes_gives_the_emergency_advice_and_logs_the_half_signs_item()
    {
        var chat = new EngineDriver();
        chat.AnswerTriageUpToBreathing();
        chat.Send("my neck is really stiff today");

        var replies = chat.Press("sc:yes");

        Assert.Equal("triage.emergency.advice", replies[0].Key);
        Assert.Equal(RedFlagTier.Emergency, chat.Episode!.RedFlagTier);
        Assert.Equal(["E3"], chat.Episode.RedFlags);
        Assert.NotNull(chat.Profile!.LastEmergencyFlagAt);
    }

    [Fact]
    public void The_missing_half_typed_as_the_answer_is_an_emergency()
    {
        var chat = new EngineDriver();
        chat.AnswerTriageUpToBreathing();
        chat.Send("I have a stiff neck");

        var replies = chat.Send("yes, and a temperature of 39");

        Assert.Equal("triage.emergency.advice", replies[0].Key);
        Assert.Contains("E3", chat.Episode!.RedFlags);
    }

    [Theory]
    [MemberData(nameof(StepScripts.All), MemberType = typeof(StepScripts))]
    public void No_returns_to_exactly_the_step_the_person_was_at(string step, string[] script)
    {
        var chat = StepScripts.Reach(script);
        var before = chat.State;
        var episodesBefore = chat.Episodes.Count;
        chat.Now += TimeSpan.FromSeconds(10);

        Assert.Equal(["sign-check.question"], chat.Send("my vision is a bit blurry").Select(r => r.Key));
        chat.Now += TimeSpan.FromSeconds(20);
        var replies = chat.Send("no");

        Assert.Equal("sign-check.carry-on", replies[0].Key);
        Assert.Equal(step, chat.State.StepName);
        Assert.Equal(before.GetType(), chat.State.GetType());
        if (before is FlowState flowBefore)
        {
            var flowAfter = (FlowState)chat.State;
            Assert.Equal(flowBefore.Episode.Id, flowAfter.Episode.Id);
            Assert.Equal(flowBefore.Episode.RedFlagTier, flowAfter.Episode.RedFlagTier);
        }

        Assert.Equal(episodesBefore, chat.Episodes.Count);
    }

    [Fact]
    public void No_at_the_pain_question_asks_the_pain_question_again_and_the_flow_goes_on()
    {
        var chat = new EngineDriver();
        chat.Send("/headache");
        chat.Press("e:none");
        chat.Press("s:none");
        chat.Send("I think I have a fever");

        Assert.Equal(["sign-check.carry-on", "pain.before"], chat.Press("sc:no").Select(r => r.Key));
        Assert.Equal(["triage.location"], chat.Send("3").Select(r => r.Key));
        Assert.Equal(3, chat.Episode!.PainBefore);
    }

    [Fact]
    public void A_pain_number_typed_at_the_pain_question_is_an_answer_not_a_sign()
    {
        var chat = new EngineDriver();
        chat.Send("/headache");
        chat.Press("e:none");
        chat.Press("s:none");

        Assert.Equal(["triage.location"], chat.Send("3").Select(r => r.Key));
    }

    [Fact]
    public void A_figure_of_speech_typed_mid_flow_goes_to_the_step_not_to_the_alarm()
    {
        var chat = new EngineDriver();
        chat.Send("/headache");
        chat.Press("e:none");
        chat.Press("s:none");

        var replies = chat.Send("I'm dying to get home");

        Assert.DoesNotContain(replies, r => r.Key is "triage.emergency.advice" or "sign-check.question");
        Assert.IsType<PainState>(chat.State);
    }

    [Fact]
    public void Not_sure_gives_the_same_day_advice_and_the_flow_goes_on_without_breath_holds_or_massage()
    {
        var chat = new EngineDriver(new ConversationOptions { NonEmergencyLine = "NHS 111" });
        chat.Send("/headache");
        chat.Press("e:none");
        chat.Press("s:none");
        chat.Send("there's a rash on my chest");

        var replies = chat.Press("sc:unsure");

        Assert.Equal(["triage.same-day.advice", "pain.before"], replies.Select(r => r.Key));
        Assert.Contains("NHS 111", EngineDriver.TextOf(replies[0]), StringComparison.Ordinal);
        Assert.Equal(RedFlagTier.SameDay, chat.Episode!.RedFlagTier);

        chat.Press("pb:5");
        Assert.Equal(["breathing.preset"], chat.LastKeys);
        Assert.Equal(["bp:0", "bp:skip"], EngineDriver.ChoicesOf(chat.LastReplies[0]).Select(c => c.Id));
    }

    [Fact]
    public void Not_sure_during_the_massage_stops_the_massage()
    {
        var chat = StepScripts.Reach(["/headache", "no", "no", "6", "2", "pressing", "done", "1", "nothing", "resonance", "3", "skip", "4", "none"]);
        Assert.IsType<MuscleState>(chat.State);
        chat.Send("I hit my head yesterday");

        var replies = chat.Send("not sure");

        Assert.Equal(["triage.same-day.advice", "points.skipped.same-day", "episode.saved"], replies.Select(r => r.Key));
        Assert.IsType<FollowUpPendingState>(chat.State);
    }

    [Fact]
    public void The_breathing_pacer_pauses_while_the_question_waits_and_picks_up_after_no()
    {
        var chat = StepScripts.Reach([.. new[] { "/headache", "no", "no", "6", "2", "pressing", "done", "1" }, "nothing", "resonance", "3"]);
        var pacer = Assert.IsType<BreathingState>(chat.State);
        chat.Send("pins and needles in my hand");
        Assert.IsType<SignCheckState>(chat.State);

        chat.Now += TimeSpan.FromSeconds(30);
        chat.Press("sc:no");

        var resumed = Assert.IsType<BreathingState>(chat.State);
        Assert.Equal(pacer.WakeAt + TimeSpan.FromSeconds(30), resumed.WakeAt);
        Assert.Equal(pacer.Cycle, resumed.Cycle);
        Assert.Equal(pacer.Phase, resumed.Phase);
        Assert.Contains(chat.Tick(), r => r.Key == "breathing.pacer");
    }

    [Fact]
    public void Something_else_typed_repeats_the_question_and_a_command_moves_on_from_where_the_person_was()
    {
        var chat = new EngineDriver();
        chat.Send("/headache");
        chat.Press("e:none");
        chat.Press("s:none");
        chat.Send("I have a stiff neck");

        Assert.Equal(["sign-check.question"], chat.Send("what do you mean").Select(r => r.Key));
        Assert.IsType<SignCheckState>(chat.State);

        Assert.Equal(["stopped"], chat.Send("/stop").Select(r => r.Key));
        Assert.IsType<IdleState>(chat.State);
        Assert.Equal(EpisodeStatus.Stopped, chat.Episode!.Status);
    }

    [Fact]
    public void An_unanswered_question_gives_the_same_day_advice_and_puts_the_person_back()
    {
        var chat = new EngineDriver();
        chat.Send("/headache");
        chat.Press("e:none");
        chat.Press("s:none");
        chat.Send("my eyes are blurry");

        var replies = chat.Tick();

        Assert.Equal(["triage.same-day.advice"], replies.Select(r => r.Key));
        Assert.IsType<PainState>(chat.State);
        Assert.NotNull(chat.State.WakeAt);
    }

    [Fact]
    public void A_half_sign_typed_when_idle_asks_and_no_shows_the_menu()
    {
        var chat = new EngineDriver();
        chat.Send("/start");

        Assert.Equal(["sign-check.question"], chat.Send("I've got a temperature").Select(r => r.Key));
        var replies = chat.Send("no");

        Assert.Equal(["sign-check.carry-on"], replies.Select(r => r.Key));
        Assert.IsType<IdleState>(chat.State);
    }

    [Fact]
    public void The_waiting_question_survives_a_restart()
    {
        var chat = new EngineDriver();
        chat.AnswerTriageUpToBreathing();
        chat.Send("I have a stiff neck");

        var json = ConversationStateSerializer.Serialize(chat.State);
        var restored = Assert.IsType<SignCheckState>(ConversationStateSerializer.Deserialize(json));

        Assert.Equal(HalfSign.StiffNeck, restored.Half);
        var resume = Assert.IsType<BreathingPresetState>(restored.Resume);
        Assert.Equal(chat.Episode!.Id, resume.Episode.Id);
    }
}
