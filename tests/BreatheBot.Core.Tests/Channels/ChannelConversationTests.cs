using BreatheBot.Core.Channels;
using BreatheBot.Core.Content;
using BreatheBot.Core.Conversations;
using BreatheBot.Core.Messaging;
using BreatheBot.Core.Tests.Support;

namespace BreatheBot.Core.Tests.Channels;

/// <summary>Issue 6 in the core: admin settings, scheduled sessions, joins, reminders, counts, removal.</summary>
public sealed class ChannelConversationTests
{
    private static readonly string[] HealthKeyPrefixes = ["triage.", "pain.", "points.", "follow-up.", "episode.", "breathing.preset", "breathing.length", "disclaimer", "stats", "history", "export"];

    private static EngineDriver Channel(DateTimeOffset? now = null) => new(chat: ChatKind.Group) { Now = now ?? new DateTimeOffset(2026, 3, 27, 6, 0, 0, TimeSpan.Zero) };

    private static ChannelState StateOf(EngineDriver chat) => Assert.IsType<ChannelState>(chat.State);

    private static void AssertNothingPersonal(EngineDriver chat)
    {
        foreach (var reply in chat.AllReplies)
        {
            Assert.DoesNotContain(HealthKeyPrefixes, p => reply.Key.StartsWith(p, StringComparison.Ordinal));
        }

        Assert.Empty(chat.Episodes);
    }

    [Fact]
    public void Settings_are_for_admins_only_both_the_command_and_its_buttons()
    {
        var chat = Channel();
        Assert.Equal(["channel.admins-only"], chat.Send("/settings", sender: "5").Select(r => r.Key));
        var summary = Assert.IsType<TextReply>(Assert.Single(chat.Send("/settings", sender: "1", admin: true)));
        Assert.Equal("settings", summary.Slot);
        Assert.Contains("Shared breathing break: off", summary.Text, StringComparison.Ordinal);

        Assert.IsType<NoticeReply>(Assert.Single(chat.Press("cs:edit:0", sender: "5")));
        Assert.Null(StateOf(chat).Editing);
        AssertNothingPersonal(chat);
    }

    [Fact]
    public void An_admin_sets_up_a_daily_session_in_a_few_taps_and_it_fires_at_local_time_across_dst()
    {
        var chat = Channel(new DateTimeOffset(2026, 3, 27, 6, 0, 0, TimeSpan.Zero)); // Friday
        chat.Send("/settings", sender: "1", admin: true);
        chat.Press("cs:edit:2", sender: "1", admin: true);
        chat.Press("cs:set:2:Europe/London", sender: "1", admin: true);
        chat.Press("cs:edit:0", sender: "1", admin: true);
        chat.Press("cs:set:0:09:30", sender: "1", admin: true);
        chat.Press("cs:edit:1", sender: "1", admin: true);
        var summary = Assert.IsType<EditReply>(Assert.Single(chat.Press("cs:set:1:everyday", sender: "1", admin: true)));
        Assert.Contains("every day at 09:30", summary.Text, StringComparison.Ordinal);

        var starts = new List<DateTimeOffset>();
        while (starts.Count < 3)
        {
            var replies = chat.Tick();
            if (replies.Any(r => r.Key == "channel.breathing.start"))
            {
                starts.Add(chat.Now);
            }
        }

        // Fri 27 and Sat 28 Mar at 09:30 GMT (09:30Z), Sun 29 Mar at 09:30 BST (08:30Z).
        Assert.Equal(
            [new DateTimeOffset(2026, 3, 27, 9, 30, 0, TimeSpan.Zero), new DateTimeOffset(2026, 3, 28, 9, 30, 0, TimeSpan.Zero), new DateTimeOffset(2026, 3, 29, 8, 30, 0, TimeSpan.Zero)],
            starts);
        Assert.Equal(2, StateOf(chat).Counters.SessionsHeld);
        AssertNothingPersonal(chat);
    }

    [Theory]
    [InlineData(5, true)]
    [InlineData(10, true)]
    [InlineData(11, false)]
    [InlineData(600, false)]
    public void A_session_due_while_the_bot_was_down_fires_once_within_the_grace_window_or_is_skipped(int minutesLate, bool fires)
    {
        var chat = Channel();
        chat.Send("/settings time 09:30", sender: "1", admin: true);
        var due = StateOf(chat).NextSessionAt!.Value;

        var replies = chat.Tick(late: TimeSpan.FromMinutes(minutesLate));

        Assert.Equal(fires ? 1 : 0, replies.Count(r => r.Key == "channel.breathing.start"));
        var next = StateOf(chat).NextSessionAt!.Value;
        Assert.True(next > chat.Now, "the next session is in the future: no burst of missed ones");
        Assert.True(next - due >= TimeSpan.FromDays(1) - TimeSpan.FromHours(1));
    }

    [Fact]
    public void Join_counts_distinct_members_refuses_double_joins_and_says_how_many_took_a_break()
    {
        var chat = Channel();
        chat.Send("/breathe", sender: "7");
        Assert.Equal(["channel.breathing.joined", "channel.breathing.pacer"], chat.Press("sb:join", sender: "7").Select(r => r.Key));
        chat.Press("sb:join", sender: "8");
        var again = chat.Press("sb:join", sender: "7");
        Assert.Equal(ChannelWording.AlreadyJoined, Assert.IsType<NoticeReply>(Assert.Single(again)).Text);
        Assert.Contains("2 people breathing along", EngineDriver.TextOf(chat.Turns[^2].Last()), StringComparison.Ordinal);

        chat.TickUntil(s => s is ChannelState { Session: null });
        Assert.Equal("2 people took a breathing break. Thanks for taking a moment.", EngineDriver.TextOf(chat.LastReplies[^1]));
        Assert.Equal(new ChannelCounters(1, 2, 0), StateOf(chat).Counters);
        AssertNothingPersonal(chat);
    }

    [Fact]
    public void Reminders_vary_run_only_in_working_hours_and_never_in_quiet_hours()
    {
        var chat = Channel(new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero)); // Monday, UTC channel
        chat.Send("/settings", sender: "1", admin: true);
        chat.Press("cs:edit:3", sender: "1", admin: true);
        chat.Press("cs:set:3:2", sender: "1", admin: true);
        chat.Press("cs:edit:5", sender: "1", admin: true);
        chat.Press("cs:set:5:12-13", sender: "1", admin: true);

        var reminders = new List<(DateTimeOffset At, string Text)>();
        while (chat.State.WakeAt < new DateTimeOffset(2026, 6, 2, 0, 0, 0, TimeSpan.Zero))
        {
            foreach (var reply in chat.Tick().Where(r => r.Key == "channel.reminder"))
            {
                reminders.Add((chat.Now, EngineDriver.TextOf(reply)));
            }
        }

        // 09:00, 11:00, 13:00 (12–13 is quiet, 13:00 is not), 15:00.
        Assert.Equal([9, 11, 13, 15], reminders.Select(r => r.At.Hour));
        Assert.Equal(reminders.Count, reminders.Select(r => r.Text).Distinct().Count());
        Assert.Equal(4, StateOf(chat).Counters.RemindersSent);
        AssertNothingPersonal(chat);
    }

    [Fact]
    public void Removing_the_bot_stops_every_schedule_and_deletes_the_settings_after_the_retention_period()
    {
        var chat = Channel();
        chat.Send("/settings time 09:30", sender: "1", admin: true);
        chat.Send("/breathe", sender: "3");
        chat.Run(new MembershipChanged(chat.Key, ChatKind.Group, "1", chat.Now, "m1", Added: false));

        var removed = StateOf(chat);
        Assert.True(removed.Removed);
        Assert.Null(removed.Session);
        Assert.Equal(chat.Now + TimeSpan.FromDays(30), removed.WakeAt);
        Assert.Equal(new TimeOnly(9, 30), removed.Settings.SessionAt);

        Assert.Empty(chat.Tick());
        Assert.IsType<IdleState>(chat.State);
    }

    [Fact]
    public void Being_added_again_within_the_retention_period_restores_the_schedule()
    {
        var chat = Channel();
        chat.Send("/settings time 09:30", sender: "1", admin: true);
        chat.Run(new MembershipChanged(chat.Key, ChatKind.Group, "1", chat.Now, "m1", Added: false));
        chat.Now += TimeSpan.FromDays(2);
        chat.Run(new MembershipChanged(chat.Key, ChatKind.Group, "1", chat.Now, "m2", Added: true));

        var state = StateOf(chat);
        Assert.False(state.Removed);
        Assert.Null(state.ForgetAt);
        Assert.Equal(state.NextSessionAt, state.WakeAt);
    }

    [Fact]
    public void A_command_in_a_removed_channel_means_the_bot_is_back_and_restores_the_kept_schedule()
    {
        var chat = Channel();
        chat.Send("/settings time 09:30", sender: "1", admin: true);
        chat.Run(new MembershipChanged(chat.Key, ChatKind.Group, "1", chat.Now, "m1", Added: false));
        chat.Now += TimeSpan.FromDays(2);
        chat.Send("/help", sender: "3");

        var state = StateOf(chat);
        Assert.False(state.Removed);
        Assert.Null(state.ForgetAt);
        Assert.Equal(new TimeOnly(9, 30), state.Settings.SessionAt);
        Assert.NotNull(state.NextSessionAt);
        Assert.Equal(state.NextSessionAt, state.WakeAt);
    }

    [Fact]
    public void Channel_stats_show_counts_to_admins_only()
    {
        var chat = Channel();
        Assert.Equal(["channel.admins-only"], chat.Send("/channelstats", sender: "5").Select(r => r.Key));
        var text = EngineDriver.TextOf(Assert.Single(chat.Send("/channelstats", sender: "1", admin: true)));
        Assert.StartsWith("In this channel so far: 0 breathing sessions held, 0 joins in all, 0 reminders sent.", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Typed_settings_accept_any_time_and_zone_and_refuse_nonsense()
    {
        var chat = Channel();
        chat.Send("/settings time 07:45", sender: "1", admin: true);
        chat.Send("/settings timezone Asia/Tokyo", sender: "1", admin: true);
        Assert.Equal(["channel.settings.unknown"], chat.Send("/settings time 25:99", sender: "1", admin: true).Select(r => r.Key));
        Assert.Equal(["channel.settings.unknown"], chat.Send("/settings timezone Mars/Base", sender: "1", admin: true).Select(r => r.Key));
        Assert.Equal(new TimeOnly(7, 45), StateOf(chat).Settings.SessionAt);
        Assert.Equal("Asia/Tokyo", StateOf(chat).Settings.TimeZoneId);
    }

    [Theory]
    [InlineData("berlin", "Europe/Berlin")]
    [InlineData("Europe/paris", "Europe/Paris")]
    [InlineData("los angeles", "America/Los_Angeles")]
    public void A_typed_channel_time_zone_is_accepted_in_any_case_and_by_city(string typed, string expected)
    {
        var chat = Channel();

        Assert.DoesNotContain("channel.settings.unknown", chat.Send("/settings timezone " + typed, sender: "1", admin: true).Select(r => r.Key));
        Assert.Equal(expected, StateOf(chat).Settings.TimeZoneId);
    }
}
