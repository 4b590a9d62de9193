using BreatheBot.Core.Content;
using BreatheBot.Core.Conversations;
using BreatheBot.Core.Episodes;
using BreatheBot.Core.Messaging;
using BreatheBot.Core.Tests.Support;

namespace BreatheBot.Core.Tests.Conversations;

/// <summary>
/// content.md v2 §1-§2: the warning-sign screens cannot be misread (bullets, None / Yes / Not sure, words only), the
/// emergency, carbon-monoxide, pregnancy and child messages, and "Not sure".
/// </summary>
public sealed class SafetyScreenTests
{
    /// <summary>Every screen that is answered yes / no / not sure, the typed script that reaches it, and its key.</summary>
    public static TheoryData<string, string[]> Screens => new()
    {
        { "screen-emergency", ["/headache"] },
        { "screen-same-day", ["/headache", "no"] },
        { "screen-emergency", ["/points"] },
        { "screen-emergency", ["/breathe", "headache"] },
        { "screen-same-day", ["/breathe", "headache", "none"] },
        { "breathe-purpose", ["/breathe"] },
        { "holds-caution", ["/breathe", "practise"] },
    };

    [Theory]
    [MemberData(nameof(Screens))]
    public void A_bare_number_never_answers_a_screen_it_gets_a_calm_reask_and_the_screen_again(string step, string[] script)
    {
        foreach (var number in new[] { "1", "2", "3", "0", "7" })
        {
            var chat = StepScripts.Reach(script);
            var before = chat.State;
            var replies = chat.Send(number);

            Assert.Equal(step, chat.State.StepName);
            Assert.Equal(before, chat.State);
            Assert.Equal("reprompt", replies[0].Key);
            Assert.Contains("tap a button, or type", EngineDriver.TextOf(replies[0]), StringComparison.Ordinal);
            Assert.True(((TextReply)replies[^1]).WordsOnly, "the screen is asked again, answered in words");
            Assert.False(chat.State is FlowState { Episode.SameDayScreenClear: true });
        }
    }

    [Fact]
    public void Typed_one_on_the_emergency_screen_is_not_none_of_these_and_three_is_not_either()
    {
        var chat = StepScripts.Reach(["/headache"]);
        chat.Send("1");
        chat.Send("3");
        Assert.IsType<ScreeningState>(chat.State);
        Assert.Equal(RedFlagTier.Emergency, ((ScreeningState)chat.State).Tier);
        Assert.Equal(Wording.ScreenReask, EngineDriver.TextOf(chat.LastReplies[0]));
    }

    [Theory]
    [InlineData("no", "screen-same-day")]
    [InlineData("none", "screen-same-day")]
    [InlineData("None of these", "screen-same-day")]
    [InlineData("yes", "emergency-advice")]
    [InlineData("Yes, one or more", "emergency-advice")]
    [InlineData("not sure", "same-day-advice")]
    [InlineData("I don't know", "same-day-advice")]
    public void Typed_words_answer_the_emergency_screen(string typed, string next)
    {
        var chat = StepScripts.Reach(["/headache"]);
        chat.Send(typed);
        Assert.Equal(next, chat.State.StepName);
    }

    [Theory]
    [InlineData("no", "pain-before")]
    [InlineData("none", "pain-before")]
    [InlineData("yes", "same-day-advice")]
    [InlineData("not sure", "same-day-advice")]
    public void Typed_words_answer_the_same_day_screen(string typed, string next)
    {
        var chat = StepScripts.Reach(["/headache", "no"]);
        chat.Send(typed);
        Assert.Equal(next, chat.State.StepName);
    }

    [Theory]
    [InlineData("yes")]
    [InlineData("no")]
    [InlineData("none")]
    [InlineData("not sure")]
    [InlineData("1")]
    public void Breathe_purpose_takes_only_headache_or_practise_and_reasks_anything_else(string typed)
    {
        var chat = StepScripts.Reach(["/breathe"]);
        var replies = chat.Send(typed);
        Assert.Equal("breathe-purpose", chat.State.StepName);
        Assert.Equal(Wording.PurposeReask, EngineDriver.TextOf(replies[0]));
    }

    [Theory]
    [InlineData("yes", true)]
    [InlineData("not sure", true)]
    [InlineData("no", false)]
    [InlineData("none", false)]
    public void The_practice_breath_hold_question_takes_yes_no_and_not_sure_as_yes(string typed, bool caution)
    {
        var chat = StepScripts.Reach(["/breathe", "to practise"]);
        chat.Send(typed);
        var preset = Assert.IsType<BreathingPresetState>(chat.State);
        Assert.Equal(caution, preset.Episode.HoldsCaution);
        var offered = EngineDriver.ChoicesOf(chat.LastReplies[^1]).Select(c => c.Id).ToList();
        Assert.Equal(caution ? ["bp:0", "bp:skip"] : ["bp:0", "bp:1", "bp:2", "bp:skip"], offered);
    }

    [Fact]
    public void Signs_are_bullets_not_numbers_and_the_buttons_are_none_yes_not_sure_and_for_my_child()
    {
        var chat = new EngineDriver();
        var screen = (TextReply)chat.Send("/headache")[^1];
        Assert.True(screen.WordsOnly);
        foreach (var item in RedFlags.EmergencyTier)
        {
            Assert.Contains("• " + item.Question, screen.Text, StringComparison.Ordinal);
        }

        Assert.DoesNotMatch(@"(?m)^\s*\d+[.)]", screen.Text);
        Assert.Equal(["None of these", "Yes, one or more", "Not sure", "It's for my child"], screen.Choices.Select(c => c.Label));

        var sameDay = (TextReply)chat.Press("e:none")[0];
        Assert.True(sameDay.WordsOnly);
        Assert.DoesNotMatch(@"(?m)^\s*\d+[.)]", sameDay.Text);
        Assert.Equal(["None of these", "Yes, one or more", "Not sure"], sameDay.Choices.Select(c => c.Label));
    }

    [Fact]
    public void The_v2_items_keep_their_codes_and_say_what_content_md_says()
    {
        Assert.Equal(["E1", "E2", "E3", "E4", "E5", "E6", "E7"], RedFlags.EmergencyTier.Select(i => i.Code));
        Assert.Equal(["S1", "S2", "S3", "S4", "S5", "S6", "S7", "S8"], RedFlags.SameDayTier.Select(i => i.Code));
        string Q(string code) => RedFlags.Find(code)!.Question;

        Assert.Contains("during exercise, sex or straining", Q("E1"), StringComparison.Ordinal);
        Assert.Contains("in the last few days, or at any time recently if you are now drowsy, being sick", Q("E4"), StringComparison.Ordinal);
        Assert.Contains("blood thinners", Q("E4"), StringComparison.Ordinal);
        Assert.Equal("Is one eye red and painful, or are you seeing haloes or blurred vision with eye pain?", Q("E6"));
        Assert.Contains("other people (or pets) at home also unwell", Q("E7"), StringComparison.Ordinal);
        Assert.Contains("new kind of headache for you that began in the last few weeks", Q("S5"), StringComparison.Ordinal);
        Assert.Contains("new medicine", Q("S8"), StringComparison.Ordinal);
        Assert.Contains("first-ever aura", Q("S8"), StringComparison.Ordinal);
        Assert.Contains("knocked your head in the last 3 months", Q("S8"), StringComparison.Ordinal);
        Assert.Equal(RedFlagTier.SameDay, RedFlags.Find("S8")!.Tier);
    }

    [Fact]
    public void The_emergency_message_leads_with_the_action_and_offers_nothing_but_getting_help()
    {
        var chat = new EngineDriver(new ConversationOptions { EmergencyNumbers = "000" });
        chat.Send("/headache");
        var replies = chat.Send("yes");

        Assert.Equal(
            "Call 000 now, or go to the nearest emergency department. Don't drive yourself. Go even if it starts to ease. If you're alone, tell someone nearby.",
            EngineDriver.TextOf(replies[0]));
        var offered = EngineDriver.ChoicesOf(replies[^1]).Select(c => c.Id).ToList();
        Assert.Equal("rf:help", offered[^1]);
        Assert.All(offered, id => Assert.StartsWith("rf:", id, StringComparison.Ordinal));
        Assert.Equal(Wording.GettingHelp, EngineDriver.ChoicesOf(replies[^1])[^1].Label);
    }

    [Fact]
    public void The_default_emergency_numbers_list_112_999_911_and_000()
    {
        Assert.Equal("112 / 999 / 911 / 000", new ConversationOptions().EmergencyNumbers);
        var chat = new EngineDriver();
        chat.Send("/headache");
        Assert.StartsWith("Call 112 / 999 / 911 / 000 now", EngineDriver.TextOf(chat.Press("e:yes")[0]), StringComparison.Ordinal);
    }

    [Fact]
    public void Carbon_monoxide_gets_its_own_fresh_air_message_when_it_is_tapped()
    {
        var chat = new EngineDriver(new ConversationOptions { EmergencyNumbers = "999" });
        chat.Send("/headache");
        chat.Press("e:yes");
        var replies = chat.Press("rf:E7");

        var advice = Assert.Single(replies, r => r.Key == "triage.carbon-monoxide.advice");
        Assert.Equal(
            "Get everyone, pets too, out into fresh air now, and leave the door open behind you. Turn off gas appliances if it is safe. Then call 999 (or your gas emergency line) and don't go back in until it has been checked.",
            EngineDriver.TextOf(advice));
        Assert.Equal(["E7"], chat.Episode!.RedFlags);
        Assert.DoesNotContain(chat.Press("rf:E2"), r => r.Key == "triage.carbon-monoxide.advice");
    }

    [Fact]
    public void Same_day_yes_comes_with_the_more_urgent_pregnancy_advice()
    {
        var chat = new EngineDriver(new ConversationOptions { EmergencyNumbers = "999" });
        chat.Send("/headache");
        chat.Press("e:none");
        var replies = chat.Press("s:yes");

        var pregnancy = EngineDriver.TextOf(Assert.Single(replies, r => r.Key == "triage.pregnancy.advice"));
        Assert.Contains("please contact your midwife, maternity unit or GP now", pregnancy, StringComparison.Ordinal);
        Assert.Contains("blurred vision or flashing lights, sudden swelling of the face, hands or feet, pain just below the ribs, or a fit, call 999 now", pregnancy, StringComparison.Ordinal);
        Assert.Contains(chat.Press("rf:S2"), r => r.Key == "triage.pregnancy.advice");
    }

    [Fact]
    public void Not_sure_on_the_emergency_tier_gives_the_same_day_advice_and_goes_on_as_a_same_day_flag()
    {
        var chat = new EngineDriver();
        chat.Send("/headache");
        var replies = chat.Send("not sure");

        Assert.Equal(["triage.same-day.advice", "triage.pregnancy.advice", "triage.same-day.record"], replies.Select(r => r.Key));
        Assert.True(chat.Episode!.EmergencyScreenNotSure);
        Assert.Equal(RedFlagTier.SameDay, chat.Episode.RedFlagTier);

        chat.Send("continue");
        chat.Send("6");
        Assert.Equal(["bp:0", "bp:skip"], EngineDriver.ChoicesOf(chat.LastReplies[^1]).Select(c => c.Id));
        chat.Send("skip breathing");
        Assert.Contains("points.skipped.same-day", chat.LastKeys);
        Assert.DoesNotContain(chat.AllReplies, r => r.Key is "points.contraindications" or "points.step" or "points.offer");
    }

    [Fact]
    public void Not_sure_on_the_same_day_tier_is_recorded_and_handled_as_a_same_day_flag()
    {
        var chat = new EngineDriver();
        chat.Send("/headache");
        chat.Send("no");
        chat.Press("s:unsure");
        Assert.True(chat.Episode!.SameDayScreenNotSure);
        Assert.Equal(RedFlagTier.SameDay, chat.Episode.RedFlagTier);
        Assert.IsType<RedFlagRecordState>(chat.State);
    }

    [Fact]
    public void The_disclaimer_is_v2_for_adults_and_points_to_the_warning_signs_that_help_lists()
    {
        Assert.Equal(
            "BreatheBot offers self-care exercises and a headache diary for adults. It is not medical advice or a diagnosis. If something feels very wrong, or you have any of the warning signs in /help, contact a doctor or emergency services now.",
            Wording.Disclaimer);
        var chat = new EngineDriver();
        var help = EngineDriver.TextOf(chat.Send("/help")[0]);
        Assert.Contains(Wording.Disclaimer, help, StringComparison.Ordinal);
        foreach (var item in RedFlags.EmergencyTier.Concat(RedFlags.SameDayTier))
        {
            Assert.Contains("• " + item.Question, help, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_welcome_says_it_is_for_adults()
    {
        var chat = new EngineDriver();
        Assert.Contains("adults", EngineDriver.TextOf(chat.Send("/start")[0]), StringComparison.Ordinal);
    }

    [Fact]
    public void It_is_for_my_child_on_the_first_screen_gets_the_child_message_and_no_exercises()
    {
        var chat = new EngineDriver(new ConversationOptions { EmergencyNumbers = "999", NonEmergencyLine = "NHS 111" });
        chat.Send("/headache");
        var replies = chat.Press("e:child");

        Assert.Equal(["triage.child"], replies.Select(r => r.Key));
        Assert.Equal(
            "For a child's headache, please speak to a doctor or NHS 111; call 999 now if they are very unwell, drowsy, confused, have a stiff neck, a rash or a fever that won't come down.",
            EngineDriver.TextOf(replies[0]));
        Assert.Empty(EngineDriver.ChoicesOf(replies[0]));
        Assert.IsType<IdleState>(chat.State);
    }

    [Theory]
    [InlineData("my son has a headache")]
    [InlineData("My daughter's got a bad headache")]
    [InlineData("it's for my child")]
    [InlineData("our kid has a migraine")]
    [InlineData("my little boy says his head hurts")]
    public void A_child_typed_at_any_step_gets_the_child_message_and_the_flow_ends(string typed)
    {
        foreach (var script in new[] { new[] { "/headache" }, ["/breathe"], ["/headache", "no", "no"], [] })
        {
            var chat = StepScripts.Reach(script);
            var replies = chat.Send(typed);
            Assert.Contains(replies, r => r.Key == "triage.child");
            Assert.IsType<IdleState>(chat.State);
            Assert.DoesNotContain(replies, r => r.Key.StartsWith("breathing", StringComparison.Ordinal) || r.Key.StartsWith("points", StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData("my head hurts")]
    [InlineData("my son is driving me mad")]
    [InlineData("I have a headache")]
    public void Everyday_messages_are_not_taken_for_a_child(string typed)
    {
        Assert.False(ChildHeadache.Matches(typed));
    }
}
