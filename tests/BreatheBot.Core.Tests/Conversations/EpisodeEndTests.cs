using BreatheBot.Core.Conversations;
using BreatheBot.Core.Episodes;
using BreatheBot.Core.Tests.Support;

namespace BreatheBot.Core.Tests.Conversations;

/// <summary>
/// Issue 14 item 3 through the engine: an episode ends when the person says the headache has gone — "It's gone" or 0
/// at the follow-up, "it's gone" typed at any time, or at the later check after a follow-up that found it still there.
/// </summary>
public sealed class EpisodeEndTests
{
    /// <summary>/breathe for a headache, pain 6, breathing skipped: the follow-up is scheduled.</summary>
    private static EngineDriver Pending(bool withDiary = false)
    {
        var chat = new EngineDriver { WithDiary = withDiary };
        foreach (var line in new[] { "/breathe", "headache", "no", "no", "6", "skip breathing" })
        {
            chat.Now += TimeSpan.FromSeconds(10);
            chat.Send(line);
        }

        Assert.IsType<FollowUpPendingState>(chat.State);
        return chat;
    }

    private static TimeSpan SinceStart(EngineDriver chat) => chat.Now - chat.Episode!.StartedAt;

    [Fact]
    public void Pain_zero_at_the_follow_up_ends_the_episode_and_says_so_with_how_long_it_lasted()
    {
        var chat = Pending();
        chat.Tick();

        var replies = chat.Press("pf:0");

        Assert.Equal("episode.gone", replies[0].Key);
        Assert.Equal("Glad it's gone. I've noted it in your diary: it lasted 31 min.", EngineDriver.TextOf(replies[0]));
        Assert.Equal("follow-up.what-helped", replies[^1].Key);
        Assert.Equal(chat.Now, chat.Episode!.EndedAt);
        Assert.Equal(0, chat.Episode.PainAtFollowUp);
        Assert.Equal(SinceStart(chat), chat.Episode.Duration);
    }

    [Fact]
    public void Typed_at_the_follow_up_pain_question_its_gone_ends_it()
    {
        var chat = Pending();
        chat.Tick();

        var replies = chat.Send("It's gone!");

        Assert.Equal(chat.Now, chat.Episode!.EndedAt);
        Assert.Equal(0, chat.Episode.PainAtFollowUp);
        Assert.Equal("follow-up.what-helped", replies[^1].Key);
    }

    [Fact]
    public void Its_gone_while_the_follow_up_waits_ends_it_and_asks_the_follow_up_questions_now()
    {
        var chat = Pending();
        chat.Now += TimeSpan.FromMinutes(12);

        var replies = chat.Send("headache gone");

        Assert.Equal("episode.gone", replies[0].Key);
        Assert.Contains("it lasted", EngineDriver.TextOf(replies[0]), StringComparison.Ordinal);
        Assert.Equal("follow-up.what-helped", replies[^1].Key);
        Assert.Equal(chat.Now, chat.Episode!.EndedAt);
        chat.Press("wh:" + (int)HelpedMost.Breathing);
        chat.Press("wh:done");
        Assert.Equal(FollowUpStatus.Answered, chat.Episode.FollowUp);
        Assert.IsType<IdleState>(chat.State);
    }

    [Fact]
    public void Its_gone_during_the_triage_questions_ends_the_episode_and_goes_to_what_helped()
    {
        var chat = EpisodeDetailFlowTests.AtMedication();
        chat.Now += TimeSpan.FromMinutes(3);

        var replies = chat.Send("it's over");

        Assert.Equal("episode.gone", replies[0].Key);
        Assert.Equal("follow-up.what-helped", replies[^1].Key);
        Assert.Equal(chat.Now, chat.Episode!.EndedAt);
        Assert.Equal(EpisodeStatus.Completed, chat.Episode.Status);
    }

    [Theory]
    [InlineData("it's not gone")]
    [InlineData("almost gone")]
    [InlineData("is it gone?")]
    public void Words_that_do_not_say_it_has_gone_never_end_it(string text)
    {
        var chat = Pending();
        chat.Tick();

        chat.Send(text);

        Assert.Null(chat.Episode!.EndedAt);
        Assert.DoesNotContain(chat.AllReplies, r => r.Key == "episode.gone");
    }

    [Fact]
    public void Its_gone_on_a_warning_sign_screen_does_not_end_or_skip_the_screen()
    {
        var chat = new EngineDriver();
        chat.Send("/headache");

        chat.Send("it's gone");

        Assert.IsType<ScreeningState>(chat.State);
        Assert.DoesNotContain(chat.AllReplies, r => r.Key == "episode.gone");
    }

    [Fact]
    public void After_the_follow_up_found_it_still_there_its_gone_typed_later_ends_the_stored_episode()
    {
        var chat = Pending(withDiary: true);
        chat.Tick();
        chat.Press("pf:4");
        chat.Press("wh:" + (int)HelpedMost.Rest);
        chat.Press("wh:done");
        Assert.Null(chat.Episode!.EndedAt);

        chat.Send("/stop");
        chat.Now += TimeSpan.FromHours(3);
        var replies = chat.Send("its gone now, finally");

        Assert.Equal("episode.gone", Assert.Single(replies).Key);
        Assert.Equal(chat.Now, chat.Episode!.EndedAt);
        Assert.Contains("it lasted 3 h 31 min", EngineDriver.TextOf(replies[0]), StringComparison.Ordinal);
        Assert.Equal(4, chat.Episode.PainAtFollowUp);
        Assert.Equal([HelpedMost.Rest], chat.Episode.WhatHelped);
    }

    [Fact]
    public void With_no_headache_open_its_gone_gets_a_friendly_reply_and_changes_nothing()
    {
        var chat = new EngineDriver { WithDiary = true };
        chat.Send("/start");

        var replies = chat.Send("it's gone");

        Assert.Equal("episode.gone-none", Assert.Single(replies).Key);
        Assert.Empty(chat.Episodes);
    }

    [Fact]
    public void An_episode_that_already_ended_is_not_ended_again()
    {
        var chat = Pending(withDiary: true);
        chat.Tick();
        chat.Press("pf:0");
        chat.Press("wh:0");
        chat.Press("wh:done");
        var ended = chat.Episode!.EndedAt;

        chat.Now += TimeSpan.FromHours(1);
        Assert.Equal("episode.gone-none", Assert.Single(chat.Send("it's gone")).Key);
        Assert.Equal(ended, chat.Episode!.EndedAt);
    }

    [Fact]
    public void A_later_check_asks_again_when_the_follow_up_found_it_still_there_and_its_gone_ends_it()
    {
        var chat = Pending();
        chat.Tick();
        chat.Press("pf:5");
        chat.Press("wh:" + (int)HelpedMost.NotSure);
        chat.Press("wh:done");
        var answered = chat.Now;
        Assert.NotNull(chat.State.WakeAt);

        var check = Assert.Single(chat.Tick());
        Assert.Equal("follow-up.end-check", check.Key);
        Assert.Equal(answered + TimeSpan.FromHours(2), chat.Now);
        Assert.Equal(["It's gone", "Still there"], EngineDriver.ChoicesOf(check).Select(c => c.Label));

        chat.Press("eg:gone");

        Assert.Equal(chat.Now, chat.Episode!.EndedAt);
        Assert.Equal(FollowUpStatus.Answered, chat.Episode.FollowUp);
        Assert.IsType<IdleState>(chat.State);
    }

    [Fact]
    public void Still_there_at_the_later_check_leaves_it_open_for_a_typed_its_gone()
    {
        var chat = Pending();
        chat.Tick();
        chat.Press("pf:5");
        chat.Send("rest");
        chat.Tick();

        chat.Press("eg:still");

        Assert.Null(chat.Episode!.EndedAt);
        Assert.IsType<IdleState>(chat.State);
    }

    [Fact]
    public void A_new_headache_while_the_later_check_waits_keeps_the_answered_follow_up()
    {
        var chat = Pending();
        chat.Tick();
        chat.Press("pf:5");
        chat.Send("rest");
        var first = chat.Episode!.Id;

        chat.Now += TimeSpan.FromMinutes(5);
        chat.Send("/headache");

        Assert.Equal(FollowUpStatus.Answered, chat.Episodes[first].FollowUp);
        Assert.IsType<ScreeningState>(chat.State);
    }
}
