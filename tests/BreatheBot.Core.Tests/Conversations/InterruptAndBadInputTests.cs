using BreatheBot.Core.Conversations;
using BreatheBot.Core.Episodes;
using BreatheBot.Core.Messaging;
using BreatheBot.Core.Tests.Support;

namespace BreatheBot.Core.Tests.Conversations;

/// <summary>Stop and help work at every step; bad input at every step gets a clear reprompt and loses nothing.</summary>
public sealed class InterruptAndBadInputTests
{
    [Theory]
    [MemberData(nameof(StepScripts.All), MemberType = typeof(StepScripts))]
    public void Stop_at_every_step_ends_the_flow_and_keeps_what_was_answered(string step, string[] script)
    {
        var chat = StepScripts.Reach(script);
        Assert.Equal(step, chat.State.StepName);
        var answeredScreen = chat.Episode is not null;

        Assert.Equal(["stopped"], chat.Send("stop").Select(r => r.Key));

        Assert.IsType<IdleState>(chat.State);
        Assert.Null(chat.State.WakeAt);
        if (answeredScreen)
        {
            Assert.NotEqual(EpisodeStatus.Open, chat.Episode!.Status);
        }
    }

    [Theory]
    [MemberData(nameof(StepScripts.All), MemberType = typeof(StepScripts))]
    public void Slash_stop_and_cancel_work_like_stop(string step, string[] script)
    {
        var viaCommand = StepScripts.Reach(script);
        Assert.Equal(step, viaCommand.State.StepName);
        Assert.Equal(["stopped"], viaCommand.Send("/stop").Select(r => r.Key));

        var viaCancel = StepScripts.Reach(script);
        Assert.Equal(["stopped"], viaCancel.Send("Cancel").Select(r => r.Key));
    }

    [Theory]
    [MemberData(nameof(StepScripts.All), MemberType = typeof(StepScripts))]
    public void Help_at_every_step_explains_and_returns_to_the_same_step(string step, string[] script)
    {
        var chat = StepScripts.Reach(script);
        var before = chat.State;

        var replies = chat.Send("/help");

        Assert.Equal("help", replies[0].Key);
        Assert.Contains("It is not medical advice or a diagnosis", EngineDriver.TextOf(replies[0]), StringComparison.Ordinal);
        Assert.Equal(before, chat.State);
        Assert.Equal(step, chat.State.StepName);
        Assert.True(replies.Count >= 2, "help repeats where we are");
    }

    [Theory]
    [MemberData(nameof(StepScripts.All), MemberType = typeof(StepScripts))]
    public void Nonsense_at_every_step_gets_a_reprompt_and_changes_nothing(string step, string[] script)
    {
        var chat = StepScripts.Reach(script);
        var before = chat.State;
        var episodesBefore = chat.Episodes.Count;

        var replies = chat.Send("purple monkey dishwasher 🦄");

        Assert.NotEmpty(replies);
        if (step == "other-trigger")
        {
            // Free text is the answer here: it is kept and the flow moves on.
            Assert.IsType<MedicationState>(chat.State);
            return;
        }

        if (step is "medication-name" or "medication-dose")
        {
            // So are a medicine's name and dose (kept cleaned and length-limited, never logged).
            Assert.NotEqual(step, chat.State.StepName);
            return;
        }

        Assert.Equal(before, chat.State);
        Assert.Equal(episodesBefore, chat.Episodes.Count);
        Assert.Equal(step, chat.State.StepName);
    }

    [Theory]
    [MemberData(nameof(StepScripts.All), MemberType = typeof(StepScripts))]
    public void A_button_from_another_question_is_refused_as_stale(string step, string[] script)
    {
        var chat = StepScripts.Reach(script);
        var before = chat.State;

        var replies = chat.Press("wh:0");

        Assert.Equal(before, chat.State);
        Assert.Equal(step, chat.State.StepName);
        if (before is not (IdleState or FollowUpPendingState or BreathingState))
        {
            Assert.Equal("stale", replies[0].Key);
        }
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("11")]
    [InlineData("six")]
    [InlineData("99999999999999999999")]
    [InlineData("\u0000\u0001\u0002")]
    public void Pain_outside_zero_to_ten_is_asked_again(string text)
    {
        var chat = StepScripts.Reach(["/headache", "no", "no"]);
        Assert.Equal(["reprompt", "pain.before"], chat.Send(text).Select(r => r.Key));
        Assert.IsType<PainState>(chat.State);
    }

    [Fact]
    public void Done_with_no_location_asks_for_at_least_one()
    {
        var chat = StepScripts.Reach(["/headache", "no", "no", "6"]);
        Assert.Equal(["reprompt", "triage.location"], chat.Press("loc:done").Select(r => r.Key));
    }

    [Fact]
    public void Toggling_a_location_twice_unselects_it_in_place()
    {
        var chat = StepScripts.Reach(["/headache", "no", "no", "6"]);
        var first = Assert.IsType<EditReply>(Assert.Single(chat.Press("loc:2")));
        Assert.StartsWith("✓ ", first.Choices[2].Label, StringComparison.Ordinal);
        var second = Assert.IsType<EditReply>(Assert.Single(chat.Press("loc:2")));
        Assert.DoesNotContain(second.Choices, c => c.Label.StartsWith("✓ ", StringComparison.Ordinal));
        Assert.Empty(((LocationState)chat.State).Selected);
    }

    [Theory]
    [InlineData("loc:99")]
    [InlineData("loc:-1")]
    [InlineData("loc:abc")]
    [InlineData("loc:")]
    public void Forged_choice_values_are_refused(string forged)
    {
        var chat = StepScripts.Reach(["/headache", "no", "no", "6"]);
        var before = chat.State;
        Assert.Equal("stale", chat.Press(forged)[0].Key);
        Assert.Equal(before, chat.State);
    }

    [Fact]
    public void A_very_long_other_trigger_is_trimmed_not_rejected()
    {
        var chat = StepScripts.Reach(["/headache", "no", "no", "6", "2", "pressing", "done", "12"]);
        chat.Send(new string('x', 10_000));
        Assert.Equal(200, chat.Episode!.OtherTrigger!.Length);
        Assert.IsType<MedicationState>(chat.State);
    }

    [Fact]
    public void Unknown_command_says_so_and_repeats_the_question()
    {
        var chat = StepScripts.Reach(["/headache", "no", "no"]);
        Assert.Equal(["command.unknown", "pain.before"], chat.Send("/frobnicate").Select(r => r.Key));
    }

    [Fact]
    public void Stop_when_nothing_runs_says_so()
    {
        var chat = new EngineDriver();
        chat.Send("/start");
        Assert.Equal(["stop.nothing"], chat.Send("/stop").Select(r => r.Key));
    }

    [Fact]
    public void Stopping_before_the_first_safety_answer_leaves_no_episode()
    {
        var chat = new EngineDriver();
        chat.Send("/headache");
        chat.Send("stop");
        Assert.Empty(chat.Episodes);
    }
}
