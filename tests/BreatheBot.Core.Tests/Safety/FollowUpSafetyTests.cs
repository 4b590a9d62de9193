using BreatheBot.Core.Content;
using BreatheBot.Core.Conversations;
using BreatheBot.Core.Episodes;
using BreatheBot.Core.Tests.Support;

namespace BreatheBot.Core.Tests.Safety;

/// <summary>content.md §6: pain still 7 or more at follow-up, and "Did you manage to speak to a doctor?" after a same-day flag.</summary>
public sealed class FollowUpSafetyTests
{
    private static readonly ConversationOptions Options = new() { NonEmergencyLine = "NHS 111" };

    /// <summary>/breathe with pain <paramref name="before"/>, breathing skipped, up to the follow-up's pain question.</summary>
    private static EngineDriver FollowUpOf(int before)
    {
        var chat = new EngineDriver(Options);
        foreach (var line in new[] { "/breathe", "headache", "no", "no", before.ToString(System.Globalization.CultureInfo.InvariantCulture), "skip breathing" })
        {
            chat.Send(line);
        }

        Assert.Equal(["pain.follow-up"], chat.Tick().Select(r => r.Key));
        return chat;
    }

    /// <summary>/headache with a same-day "yes", breathing skipped, up to the follow-up's pain question.</summary>
    private static EngineDriver SameDayFollowUp()
    {
        var chat = new EngineDriver(Options);
        foreach (var line in new[] { "/headache", "no", "yes", "continue", "6", "skip breathing" })
        {
            chat.Send(line);
        }

        Assert.Equal(RedFlagTier.SameDay, chat.Episode!.RedFlagTier);
        Assert.Equal(["pain.follow-up"], chat.Tick().Select(r => r.Key));
        return chat;
    }

    [Theory]
    [InlineData(10, 10, true)]
    [InlineData(9, 7, true)]
    [InlineData(8, 8, true)]
    [InlineData(5, 7, true)]
    [InlineData(10, 6, false)]
    [InlineData(3, 6, false)]
    public void Pain_still_seven_or_more_at_follow_up_gets_the_same_day_advice_whether_or_not_it_rose(int before, int later, bool advice)
    {
        var chat = FollowUpOf(before);

        var replies = chat.Press("pf:" + later);

        Assert.Equal(advice ? ["follow-up.worse", "follow-up.what-helped"] : ["follow-up.what-helped"], replies.Select(r => r.Key));
        if (advice)
        {
            Assert.StartsWith("Please speak to a doctor today (your GP, an urgent care service or NHS 111).", EngineDriver.TextOf(replies[0]), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Without_a_same_day_flag_the_doctor_question_is_not_asked()
    {
        var chat = FollowUpOf(5);
        chat.Press("pf:3");
        chat.Press("wh:0");
        chat.Press("wh:done");
        Assert.DoesNotContain(chat.AllReplies, r => r.Key == "follow-up.doctor");
        Assert.Null(chat.Episode!.SpokeToDoctor);
    }

    [Fact]
    public void After_a_same_day_flag_the_follow_up_asks_about_the_doctor_and_not_yet_repeats_the_advice()
    {
        var chat = SameDayFollowUp();

        var doctor = Assert.Single(chat.Press("pf:4"));
        Assert.Equal("follow-up.doctor", doctor.Key);
        Assert.Contains("Did you manage to speak to a doctor?", EngineDriver.TextOf(doctor), StringComparison.Ordinal);
        Assert.Equal(["Yes", "Not yet", "Not needed"], EngineDriver.ChoicesOf(doctor).Select(c => c.Label));

        var replies = chat.Press("dr:" + (int)DoctorContact.NotYet);
        Assert.Equal(["follow-up.same-day", "follow-up.what-helped"], replies.Select(r => r.Key));
        Assert.Equal(Wording.SameDayAdviceAtFollowUp("NHS 111"), EngineDriver.TextOf(replies[0]));

        chat.Press("wh:3");
        chat.Press("wh:done");
        var episode = chat.Episode!;
        Assert.Equal(DoctorContact.NotYet, episode.SpokeToDoctor);
        Assert.Equal(FollowUpStatus.Answered, episode.FollowUp);
        Assert.Equal(4, episode.PainAtFollowUp);
    }

    [Fact]
    public void After_pregnancy_was_ticked_not_yet_also_repeats_the_pregnancy_advice()
    {
        var chat = new EngineDriver(Options);
        foreach (var line in new[] { "/headache", "no", "yes" })
        {
            chat.Send(line);
        }

        chat.Press("rf:" + RedFlags.Pregnancy);
        chat.Press("rf:go");
        chat.Send("6");
        chat.Send("skip breathing");
        Assert.Contains(RedFlags.Pregnancy, chat.Episode!.RedFlags);
        Assert.Equal(["pain.follow-up"], chat.Tick().Select(r => r.Key));
        chat.Press("pf:4");

        var replies = chat.Press("dr:" + (int)DoctorContact.NotYet);

        Assert.Equal(["follow-up.same-day", "follow-up.pregnancy", "follow-up.what-helped"], replies.Select(r => r.Key));
        Assert.Contains("please contact your midwife, maternity unit or GP now", EngineDriver.TextOf(replies[1]), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("yes", DoctorContact.Yes)]
    [InlineData("not needed", DoctorContact.NotNeeded)]
    [InlineData("not yet", DoctorContact.NotYet)]
    public void The_doctor_answer_can_be_typed_and_is_recorded(string typed, DoctorContact expected)
    {
        var chat = SameDayFollowUp();
        chat.Send("3");

        var replies = chat.Send(typed);

        Assert.Equal(expected == DoctorContact.NotYet ? ["follow-up.same-day", "follow-up.what-helped"] : ["follow-up.what-helped"], replies.Select(r => r.Key));
        Assert.Equal(expected, ((FlowState)chat.State).Episode.SpokeToDoctor);
    }

    [Fact]
    public void High_pain_after_a_same_day_flag_gets_the_advice_and_the_doctor_question()
    {
        var chat = SameDayFollowUp();
        Assert.Equal(["follow-up.worse", "follow-up.doctor"], chat.Press("pf:10").Select(r => r.Key));
    }

    [Fact]
    public void An_unanswered_doctor_question_closes_with_the_follow_up_window_and_keeps_the_pain()
    {
        var chat = SameDayFollowUp();
        chat.Press("pf:5");
        Assert.IsType<DoctorCheckState>(chat.State);
        Assert.Equal(chat.Now + chat.Options.FollowUpAnswerWindow, chat.State.WakeAt);
        Assert.Equal(["follow-up.missed"], chat.Tick().Select(r => r.Key));
        Assert.Equal(5, chat.Episode!.PainAtFollowUp);
        Assert.Equal(FollowUpStatus.Answered, chat.Episode.FollowUp);
    }
}
