using BreatheBot.Core.Content;
using BreatheBot.Core.Conversations;
using BreatheBot.Core.Episodes;
using BreatheBot.Core.Messaging;
using BreatheBot.Core.Tests.Support;

namespace BreatheBot.Core.Tests.Conversations;

/// <summary>content.md §2: the red-flag screen first, and red-flag wording interrupting at any step.</summary>
public sealed class RedFlagTests
{
    [Fact]
    public void Emergency_yes_gives_the_urgent_advice_at_once_logs_it_and_offers_only_getting_help()
    {
        var chat = new EngineDriver(new ConversationOptions { EmergencyNumbers = "999" });
        chat.Send("/headache");
        var replies = chat.Press("e:yes");

        Assert.Equal(["triage.emergency.advice", "triage.emergency.record"], replies.Select(r => r.Key));
        Assert.Equal(
            "Call 999 now, or go to the nearest emergency department. Don't drive yourself. Go even if it starts to ease. If you're alone, tell someone nearby.",
            EngineDriver.TextOf(replies[0]));
        var options = EngineDriver.ChoicesOf(replies[1]).Select(c => c.Id).ToList();
        Assert.Equal(["rf:E1", "rf:E2", "rf:E3", "rf:E4", "rf:E5", "rf:E6", "rf:E7", "rf:help"], options);

        var episode = chat.Episode!;
        Assert.Equal(RedFlagTier.Emergency, episode.RedFlagTier);
        Assert.Equal(EpisodeStatus.EmergencyAdvice, episode.Status);
        Assert.NotNull(chat.Profile!.LastEmergencyFlagAt);
    }

    [Fact]
    public void Emergency_items_tapped_afterwards_are_recorded_and_getting_help_ends_kindly()
    {
        var chat = new EngineDriver();
        chat.Send("/headache");
        chat.Press("e:yes");
        Assert.IsType<EditReply>(Assert.Single(chat.Press("rf:E3")));
        chat.Press("rf:E4");
        Assert.Equal(["triage.emergency.thanks"], chat.Press("rf:help").Select(r => r.Key));

        Assert.Equal(["E3", "E4"], chat.Episode!.RedFlags);
        Assert.IsType<IdleState>(chat.State);
    }

    [Fact]
    public void Anything_else_typed_after_emergency_advice_repeats_the_advice_and_never_offers_self_care()
    {
        var chat = new EngineDriver();
        chat.Send("/headache");
        chat.Press("e:yes");
        Assert.Equal(["triage.emergency.advice", "triage.emergency.record"], chat.Send("can I do the massage?").Select(r => r.Key));
        Assert.IsType<RedFlagRecordState>(chat.State);
    }

    [Fact]
    public void Massage_is_not_offered_for_hours_after_an_emergency_flag()
    {
        var chat = new EngineDriver();
        chat.Send("/headache");
        chat.Press("e:yes");
        chat.Press("rf:help");
        chat.Now += TimeSpan.FromHours(1);

        foreach (var input in new[] { "/points", "yes", "no", "no", "5", "2" })
        {
            chat.Send(input);
        }

        Assert.Equal(["points.skipped.recent-emergency", "breathing.preset"], chat.LastKeys);
        Assert.DoesNotContain(chat.AllReplies, r => r.Key == "points.step");
    }

    [Fact]
    public void Same_day_yes_gives_doctor_today_advice_allows_breathing_without_holds_and_never_massage()
    {
        var chat = new EngineDriver(new ConversationOptions { NonEmergencyLine = "NHS 111" });
        chat.Send("/headache");
        chat.Press("e:none");
        var replies = chat.Press("s:yes");
        Assert.Equal(["triage.same-day.advice", "triage.pregnancy.advice", "triage.same-day.record"], replies.Select(r => r.Key));
        Assert.Equal(
            "Please speak to a doctor today (your GP, an urgent care service or NHS 111). The breathing exercise below is safe to do while you arrange that; skip the massage for now.",
            EngineDriver.TextOf(replies[0]));

        chat.Press("rf:S2");
        chat.Press("rf:go");
        Assert.Equal(["pain.before"], chat.LastKeys);
        chat.Press("pb:5");
        Assert.Equal(["breathing.preset"], chat.LastKeys);

        // Only resonance (no breath-holds) is offered.
        Assert.Equal(["bp:0", "bp:skip"], EngineDriver.ChoicesOf(chat.LastReplies[0]).Select(c => c.Id));
        chat.Press("bp:0");
        chat.Press("bl:1");
        chat.TickUntil(s => s is not BreathingState);
        chat.Press("pr:4");

        Assert.Equal(["points.skipped.same-day", "episode.saved"], chat.LastKeys);
        Assert.Equal(RedFlagTier.SameDay, chat.Episode!.RedFlagTier);
        Assert.Equal(["S2"], chat.Episode.RedFlags);
        Assert.DoesNotContain(chat.AllReplies, r => r.Key is "points.step" or "points.contraindications");
    }

    [Fact]
    public void Points_after_a_same_day_flag_offers_breathing_instead_of_massage()
    {
        var chat = new EngineDriver();
        foreach (var input in new[] { "/points", "no", "yes", "continue", "5" })
        {
            chat.Send(input);
        }

        Assert.Equal(["breathing.preset"], chat.LastKeys);
        Assert.DoesNotContain(chat.AllReplies, r => r.Key is "points.step" or "points.contraindications");
    }

    [Theory]
    [MemberData(nameof(StepScripts.All), MemberType = typeof(StepScripts))]
    public void Red_flag_wording_interrupts_at_every_step(string step, string[] script)
    {
        var chat = StepScripts.Reach(script);
        Assert.Equal(step, chat.State.StepName);
        var replies = chat.Send("this is the worst headache of my life");
        Assert.Equal("triage.emergency.advice", replies[0].Key);
        Assert.IsType<RedFlagRecordState>(chat.State);
        Assert.Equal(EpisodeStatus.EmergencyAdvice, chat.Episode!.Status);
    }

    [Fact]
    public void Typed_red_flag_when_idle_logs_a_new_emergency_episode()
    {
        var chat = new EngineDriver();
        var replies = chat.Send("I hit my head this morning and now I keep being sick");
        Assert.Equal(["disclaimer", "triage.emergency.advice", "triage.emergency.record"], replies.Select(r => r.Key));
        Assert.Equal(["E4"], chat.Episode!.RedFlags);
    }

    [Fact]
    public void Emergency_tier_lists_all_seven_questions_and_same_day_all_eight()
    {
        var chat = new EngineDriver();
        var emergency = EngineDriver.TextOf(chat.Send("/headache")[^1]);
        foreach (var item in RedFlags.EmergencyTier)
        {
            Assert.Contains(item.Question, emergency, StringComparison.Ordinal);
        }

        var sameDay = EngineDriver.TextOf(chat.Press("e:none")[0]);
        foreach (var item in RedFlags.SameDayTier)
        {
            Assert.Contains(item.Question, sameDay, StringComparison.Ordinal);
        }
    }
}
