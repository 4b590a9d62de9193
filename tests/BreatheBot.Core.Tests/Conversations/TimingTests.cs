using BreatheBot.Core.Content;
using BreatheBot.Core.Conversations;
using BreatheBot.Core.Episodes;
using BreatheBot.Core.Messaging;
using BreatheBot.Core.Tests.Support;

namespace BreatheBot.Core.Tests.Conversations;

/// <summary>Pacer, hold timers, follow-up and expiry: everything driven by wake-ups on a clock the test controls.</summary>
public sealed class TimingTests
{
    private static EngineDriver BreathingStarted(string preset = "bp:0", string length = "bl:3")
    {
        var chat = StepScripts.Reach(["/breathe", "headache", "no", "no", "5"]);
        chat.Press(preset);
        if (preset != "bp:2")
        {
            chat.Press(length);
        }

        return chat;
    }

    [Theory]
    [InlineData("bp:0", "bl:3", 16, 11)]
    [InlineData("bp:0", "bl:5", 27, 11)]
    [InlineData("bp:1", "bl:2", 8, 16)]
    [InlineData("bp:2", null, 4, 19)]
    public void Pacer_updates_once_per_phase_and_wakes_exactly_at_phase_ends(string preset, string? length, int cycles, int cycleSeconds)
    {
        var chat = BreathingStarted(preset, length ?? "bl:3");
        var breathing = Assert.IsType<BreathingState>(chat.State);
        Assert.Equal(cycles, breathing.TotalCycles);
        var pattern = BreathingPresets.For(breathing.Preset);
        Assert.Equal(cycleSeconds, pattern.CycleSeconds);

        var started = breathing.StartedAt;
        var wakes = new List<DateTimeOffset>();
        var edits = 0;
        while (chat.State is BreathingState)
        {
            wakes.Add(chat.State.WakeAt!.Value);
            edits += chat.Tick().Count(r => r is EditReply);
        }

        // One wake-up and one edit per phase, no per-second updates; the last wake-up is the exact end.
        Assert.Equal(cycles * pattern.Phases.Count, wakes.Count);
        Assert.Equal(wakes.Count, edits);
        Assert.Equal(started + TimeSpan.FromSeconds(cycles * cycleSeconds), wakes[^1]);
        Assert.IsType<PainState>(chat.State);
    }

    [Fact]
    public void Pacer_text_counts_rounds_and_time_left()
    {
        var chat = BreathingStarted("bp:1", "bl:1");
        var first = Assert.IsType<TextReply>(chat.LastReplies[^1]);
        Assert.Equal("Breathe in… 4\nRound 1 of 4 · 1:04 left", first.Text);
        var next = Assert.IsType<EditReply>(Assert.Single(chat.Tick()));
        Assert.Equal("Hold… 4\nRound 1 of 4 · 1:00 left", next.Text);
    }

    [Fact]
    public void A_late_pacer_wake_up_after_downtime_offers_a_restart_instead_of_replaying()
    {
        var chat = BreathingStarted();
        chat.Tick();
        var replies = chat.Tick(late: TimeSpan.FromMinutes(5));
        Assert.Equal(["breathing.pacer", "breathing.stalled"], replies.Select(r => r.Key));
        Assert.IsType<PacerStalledState>(chat.State);

        chat.Press("ps:restart");
        var restarted = Assert.IsType<BreathingState>(chat.State);
        Assert.Equal(1, restarted.Cycle);
        Assert.Equal(chat.Now, restarted.StartedAt);
    }

    [Fact]
    public void Feeling_dizzy_stops_the_pacer_with_the_safety_advice()
    {
        var chat = BreathingStarted();
        var replies = chat.Press("pc:dizzy");
        Assert.Equal(["breathing.pacer", "breathing.dizzy", "pain.after-breathing"], replies.Select(r => r.Key));
        Assert.Equal(Wording.DizzyAdvice(chat.Options.EmergencyNumbers), EngineDriver.TextOf(replies[1]));
    }

    [Fact]
    public void A_stale_pacer_wake_up_is_ignored()
    {
        var chat = BreathingStarted();
        var due = chat.State.WakeAt!.Value;
        chat.Press("pc:stop");
        var state = chat.State;
        var replies = chat.Run(new TimerFired(chat.Key, ChatKind.Private, due, due));
        Assert.Empty(replies);
        Assert.Equal(state, chat.State);
    }

    [Fact]
    public void Hold_timer_ticks_every_fifteen_seconds_then_releases()
    {
        var chat = StepScripts.Reach(["/points", "no", "no", "5", "2", "pressing", "done", "none", "start"]);
        var holding = Assert.IsType<MuscleState>(chat.State);
        Assert.Equal(chat.Now + TimeSpan.FromSeconds(60), holding.HoldEndsAt);

        var texts = new List<string>();
        while (chat.State is MuscleState { Holding: true })
        {
            texts.AddRange(chat.Tick().OfType<EditReply>().Select(e => e.Text));
        }

        Assert.Equal([Wording.Holding(45), Wording.Holding(30), Wording.Holding(15), Wording.ReleaseSlowly], texts);
        Assert.StartsWith("Hold… 45 s left. Breathe slowly.", texts[0], StringComparison.Ordinal);
        Assert.Equal("points.other-side", chat.LastKeys[^1]);
    }

    [Fact]
    public void Follow_up_fires_after_the_configured_delay_and_records_what_helped()
    {
        var chat = new EngineDriver(new ConversationOptions { FollowUpDelay = TimeSpan.FromMinutes(45) });
        foreach (var input in new[] { "/breathe", "headache", "no", "no", "6", "skip breathing" })
        {
            chat.Send(input);
        }

        var wrapUp = chat.Now;
        Assert.Contains("45 minutes", EngineDriver.TextOf(chat.LastReplies[^1]), StringComparison.Ordinal);
        Assert.Equal(wrapUp + TimeSpan.FromMinutes(45), chat.State.WakeAt);

        Assert.Equal(["pain.follow-up"], chat.Tick().Select(r => r.Key));
        Assert.Equal(["follow-up.what-helped"], chat.Press("pf:2").Select(r => r.Key));
        chat.Press("wh:0");
        Assert.Equal(["follow-up.thanks"], chat.Press("wh:done").Select(r => r.Key));

        Assert.Equal(2, chat.Episode!.PainAtFollowUp);
        Assert.Equal(HelpedMost.Breathing, chat.Episode.HelpedMost);
        Assert.Equal([HelpedMost.Breathing], chat.Episode.WhatHelped);
        Assert.Equal(FollowUpStatus.Answered, chat.Episode.FollowUp);
        // pain 2 is not gone: one later check is due, after which the episode can still be ended by "it's gone"
        Assert.True(Assert.IsType<FollowUpPendingState>(chat.State).EndCheck);
    }

    [Fact]
    public void Follow_up_with_pain_seven_or_more_gives_same_day_advice()
    {
        var chat = StepScripts.Reach(["/breathe", "headache", "no", "no", "6", "skip breathing"]);
        chat.Tick();
        Assert.Equal(["follow-up.worse", "follow-up.what-helped"], chat.Press("pf:8").Select(r => r.Key));
    }

    [Fact]
    public void Unanswered_follow_up_expires_politely_after_the_answer_window()
    {
        var chat = StepScripts.Reach(["/breathe", "headache", "no", "no", "6", "skip breathing"]);
        chat.Tick();
        Assert.Equal(chat.Now + TimeSpan.FromHours(3), chat.State.WakeAt);
        Assert.Equal(["follow-up.missed"], chat.Tick().Select(r => r.Key));
        Assert.Equal(FollowUpStatus.Missed, chat.Episode!.FollowUp);
        Assert.IsType<IdleState>(chat.State);
    }

    [Fact]
    public void A_follow_up_that_fell_due_long_ago_is_closed_not_asked()
    {
        var chat = StepScripts.Reach(["/breathe", "headache", "no", "no", "6", "skip breathing"]);
        Assert.Equal(["follow-up.missed"], chat.Tick(late: TimeSpan.FromHours(5)).Select(r => r.Key));
        Assert.Equal(FollowUpStatus.Missed, chat.Episode!.FollowUp);
    }

    [Fact]
    public void A_stale_triage_question_expires_with_a_message_and_keeps_what_was_said()
    {
        var chat = new EngineDriver(new ConversationOptions { QuestionTimeout = TimeSpan.FromMinutes(20) });
        foreach (var input in new[] { "/headache", "no", "no", "6" })
        {
            chat.Send(input);
        }

        Assert.Equal(chat.Now + TimeSpan.FromMinutes(20), chat.State.WakeAt);
        Assert.Equal(["expired"], chat.Tick().Select(r => r.Key));
        Assert.Equal(EpisodeStatus.Expired, chat.Episode!.Status);
        Assert.Equal(6, chat.Episode.PainBefore);
    }

    [Fact]
    public void Starting_a_new_flow_while_a_follow_up_is_pending_cancels_that_follow_up()
    {
        var chat = StepScripts.Reach(["/breathe", "headache", "no", "no", "6", "skip breathing"]);
        var first = chat.Episode!.Id;
        chat.Now += TimeSpan.FromMinutes(1);
        chat.Send("/headache");
        Assert.Equal(FollowUpStatus.Cancelled, chat.Episodes[first].FollowUp);
        Assert.Equal(EpisodeStatus.Completed, chat.Episodes[first].Status);
    }
}
