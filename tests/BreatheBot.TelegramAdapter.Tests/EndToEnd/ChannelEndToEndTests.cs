using BreatheBot.Core.Channels;
using BreatheBot.Core.Content;
using BreatheBot.Core.Conversations;
using BreatheBot.Core.Messaging;
using BreatheBot.Core.Storage;
using BreatheBot.TelegramAdapter.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace BreatheBot.TelegramAdapter.Tests.EndToEnd;

/// <summary>
/// Wellbeing channels (issue 6) on Telegram: the real host on a LiteDB file, the fake Bot API and a fake clock.
/// Times are asserted from the fake's record of each call, stamped with the fake clock.
/// </summary>
[Collection(GroupChatsCollection.Name)]
public sealed class ChannelEndToEndTests(GroupChatAudit audit) : IAsyncLifetime
{
    private const long Group = -4101;
    private const long Supergroup = -1002000000101;
    private const long Admin = 501;
    private const long Owner = 502;
    private const long Ana = 601;
    private const long Bo = 602;
    private const string ScheduledStart = "Time for the shared breathing break";
    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");
    private readonly string _database = BotHarness.NewDatabasePath();
    private FakeTelegramServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeTelegramServer.StartAsync();
        _server.MakeAdmin(Group, Admin, "administrator");
        _server.MakeAdmin(Group, Owner, "creator");
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        BotHarness.DeleteDatabase(_database);
        audit.Collect(_server);
    }

    [Fact]
    public async Task Settings_in_a_group_are_shown_to_its_creator_and_administrators_and_refused_to_members()
    {
        await using var bot = await BotHarness.StartAsync(_server, _database, new FakeTimeProvider(At("2026-06-01T10:00Z")));
        await bot.SayAsync(Group, Ana, "/settings");
        await bot.SettleAsync();
        await bot.SayAsync(Group, Admin, "/settings");
        await bot.SettleAsync();
        await bot.SayAsync(Group, Owner, "/settings@BreatheTestBot");
        await bot.SettleAsync();

        var messages = _server.MessagesIn(Group);
        Assert.Equal(3, messages.Count);
        Assert.Equal(ChannelWording.AdminsOnly, messages[0].PlainText);
        Assert.Null(messages[0].ReplyMarkup);
        Assert.All(messages.Skip(1), m =>
        {
            Assert.StartsWith("BreatheBot settings for this channel:", m.PlainText, StringComparison.Ordinal);
            Assert.Contains(":cs:edit:0\"", m.ReplyMarkup, StringComparison.Ordinal);
        });
        Assert.Equal(3, _server.CallsTo("getChatMember").Count); // one per person (then cached)
    }

    [Fact]
    public async Task A_member_pressing_a_settings_button_gets_only_a_private_refusal_and_nothing_changes()
    {
        await using var bot = await BotHarness.StartAsync(_server, _database, new FakeTimeProvider(At("2026-06-01T10:00Z")));
        await bot.SayAsync(Group, Admin, "/settings");
        await bot.SettleAsync();
        var settings = _server.MessagesIn(Group).Single();

        foreach (var data in new[] { "v1:cs:edit:0", "v1:cs:set:0:09:30" })
        {
            var press = _server.Click(Group, Ana, settings.MessageId, data);
            await _server.WaitForConfirmedAsync(press + 1);
        }

        await bot.SettleAsync();
        Assert.Equal([ChannelWording.AdminsOnly, ChannelWording.AdminsOnly], _server.CallsTo("answerCallbackQuery").Select(c => c.Text));
        Assert.Equal(settings, _server.MessagesIn(Group).Single()); // no edit, no new message
        var stored = await bot.Host.Services.GetRequiredService<IConversationStore>().LoadAsync(ChannelKey, CancellationToken.None);
        Assert.Null(((ChannelState)stored!.State).Settings.SessionAt);
        Assert.Null(stored.WakeAt);
    }

    [Fact]
    public async Task A_daily_session_set_up_in_a_few_taps_starts_at_0930_London_time_on_consecutive_days_across_the_spring_DST_change()
    {
        var time = new FakeTimeProvider(At("2026-03-27T12:00Z"));
        _server.Clock = time;
        await using var bot = await BotHarness.StartAsync(_server, _database, time);
        await SetUpAsync(bot, "cs:set:2:Europe/London", "cs:set:0:09:30", "cs:set:1:everyday");
        Assert.Contains("every day at 09:30", _server.MessagesIn(Group).Single().PlainText, StringComparison.Ordinal);

        await bot.RunUntilAsync(At("2026-03-30T12:00Z"));

        Assert.Equal([At("2026-03-28T09:30Z"), At("2026-03-29T08:30Z"), At("2026-03-30T08:30Z")], ScheduledStarts());
        Assert.All(ScheduledStarts(), at => Assert.Equal(new TimeOnly(9, 30), TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, London).DateTime)));
    }

    [Fact]
    public async Task A_session_that_fell_due_while_the_bot_was_down_is_posted_once_after_the_restart_and_never_again()
    {
        var time = new FakeTimeProvider(At("2026-06-01T07:00Z")); // Monday 08:00 in London
        _server.Clock = time;
        await using (var before = await BotHarness.StartAsync(_server, _database, time))
        {
            await TypeSettingsAsync(before);
            await before.RunUntilAsync(At("2026-06-01T08:25Z"));
        }

        time.Advance(TimeSpan.FromMinutes(8)); // down over the 08:30Z (09:30 local) session, back within the grace window
        await using (var after = await BotHarness.StartAsync(_server, _database, time))
        {
            await Eventually.TrueAsync(() => ScheduledStarts().Count == 1, "the missed session is posted");
            await after.RunUntilAsync(At("2026-06-01T08:40Z"));
        }

        await using (var again = await BotHarness.StartAsync(_server, _database, time))
        {
            await again.RunUntilAsync(At("2026-06-01T09:00Z"));
        }

        Assert.Equal([At("2026-06-01T08:33Z")], ScheduledStarts());
    }

    [Fact]
    public async Task A_session_missed_by_more_than_the_grace_window_is_skipped_and_the_next_days_session_still_starts()
    {
        var time = new FakeTimeProvider(At("2026-06-01T07:00Z"));
        _server.Clock = time;
        await using (var before = await BotHarness.StartAsync(_server, _database, time))
        {
            await TypeSettingsAsync(before);
            await before.RunUntilAsync(At("2026-06-01T08:25Z"));
        }

        time.Advance(TimeSpan.FromMinutes(35)); // back at 09:00Z: 30 minutes after the session, beyond the 10-minute grace
        await using var after = await BotHarness.StartAsync(_server, _database, time);
        var store = after.Host.Services.GetRequiredService<IConversationStore>();
        await Eventually.TrueAsync(() => store.LoadAsync(ChannelKey, CancellationToken.None).AsTask().Result?.WakeAt > time.GetUtcNow(), "the missed session is handled");
        await after.SettleAsync();
        Assert.Empty(ScheduledStarts());

        await after.RunUntilAsync(At("2026-06-02T09:00Z"));
        Assert.Equal([At("2026-06-02T08:30Z")], ScheduledStarts());
    }

    [Fact]
    public async Task Stopping_the_bot_just_as_a_session_starts_still_delivers_that_sessions_messages()
    {
        var time = new FakeTimeProvider(At("2026-06-01T07:00Z"));
        _server.Clock = time;
        var bot = await BotHarness.StartAsync(_server, _database, time);
        await TypeSettingsAsync(bot);
        await bot.RunUntilAsync(At("2026-06-01T08:29Z"));

        _server.Script("sendMessage", Fault.Delay(TimeSpan.FromMilliseconds(300))); // the opening line is still on its way...
        time.Advance(TimeSpan.FromMinutes(1)); // ...when the 08:30Z session fires
        await bot.DisposeAsync(); // and the host is stopped at once

        Assert.Equal([At("2026-06-01T08:30Z")], ScheduledStarts());
        Assert.Single(_server.MessagesIn(Group), m => m.ReplyMarkup?.Contains(":sb:join\"", StringComparison.Ordinal) == true);
    }

    [Theory]
    [InlineData("left")]
    [InlineData("kicked")]
    public async Task After_the_bot_is_removed_from_the_group_no_session_or_reminder_is_sent(string status)
    {
        var time = new FakeTimeProvider(At("2026-06-01T07:00Z"));
        _server.Clock = time;
        await using var bot = await BotHarness.StartAsync(_server, _database, time);
        await SetUpAsync(bot, "cs:set:2:Europe/London", "cs:set:0:09:30", "cs:set:1:everyday", "cs:set:3:1");
        await bot.RunUntilAsync(At("2026-06-01T08:01Z"));
        Assert.Single(Reminders()); // the schedule runs: 09:00 local

        var removed = _server.BotRemoved(Group, Admin, status);
        await _server.WaitForConfirmedAsync(removed + 1);
        await bot.SettleAsync();
        var removedAt = time.GetUtcNow();
        await bot.RunUntilAsync(removedAt + TimeSpan.FromDays(3));

        Assert.DoesNotContain(_server.Calls, c => c.ChatId == Group && c.At > removedAt && c.Method is "sendMessage" or "editMessageText");
        var stored = await bot.Host.Services.GetRequiredService<IConversationStore>().LoadAsync(ChannelKey, CancellationToken.None);
        Assert.Equal(removedAt + TimeSpan.FromDays(30), stored!.WakeAt); // only the deletion of the settings is pending
    }

    [Fact]
    public async Task Settings_survive_a_removal_for_the_retention_period_so_re_adding_the_bot_resumes_the_schedule_and_are_deleted_after_it()
    {
        var time = new FakeTimeProvider(At("2026-06-01T07:00Z"));
        _server.Clock = time;
        await using var bot = await BotHarness.StartAsync(_server, _database, time);
        await TypeSettingsAsync(bot);
        var removed = _server.BotRemoved(Group, Admin, "kicked");
        await _server.WaitForConfirmedAsync(removed + 1);
        await bot.RunUntilAsync(At("2026-06-03T07:00Z"));
        Assert.Empty(ScheduledStarts());

        var added = _server.BotAdded(Group, Admin);
        await _server.WaitForConfirmedAsync(added + 1);
        await bot.RunUntilAsync(At("2026-06-03T09:00Z"));
        Assert.Equal([At("2026-06-03T08:30Z")], ScheduledStarts()); // 09:30 London, from the kept settings

        removed = _server.BotRemoved(Group, Admin);
        await _server.WaitForConfirmedAsync(removed + 1);
        await bot.RunUntilAsync(time.GetUtcNow() + TimeSpan.FromDays(31));
        var stored = await bot.Host.Services.GetRequiredService<IConversationStore>().LoadAsync(ChannelKey, CancellationToken.None);
        Assert.IsNotType<ChannelState>(stored?.State); // Conversation:ChannelSettingsRetention (30 days) is over: the settings are gone
        Assert.Single(ScheduledStarts());
    }

    [Fact]
    public async Task The_join_button_counts_distinct_members_answers_a_double_join_privately_and_the_end_line_gives_the_count()
    {
        var time = new FakeTimeProvider(At("2026-06-01T10:00Z"));
        await using var bot = await BotHarness.StartAsync(_server, _database, time);
        await bot.SayAsync(Group, Bo, "/breathe");
        await bot.PressAsync(Group, Ana, "sb:join");
        await bot.PressAsync(Group, Bo, "sb:join");
        await bot.PressAsync(Group, Ana, "sb:join");
        await bot.SettleAsync();

        Assert.Equal([ChannelWording.Joined, ChannelWording.Joined, ChannelWording.AlreadyJoined], _server.CallsTo("answerCallbackQuery").Select(c => c.Text));
        var pacer = bot.FindButton(Group, d => d == "sb:join")!.Value.Message;
        Assert.EndsWith("\n2 people breathing along", pacer.PlainText, StringComparison.Ordinal);
        Assert.Equal(2, pacer.Edits); // one edit per counted join, none for the double join

        await bot.RunUntilAsync(time.GetUtcNow() + TimeSpan.FromMinutes(10));
        var done = _server.MessagesIn(Group).Single(m => m.MessageId == pacer.MessageId);
        Assert.Equal(ChannelWording.SessionDone(2), done.PlainText);
        Assert.StartsWith("2 people took a breathing break", done.PlainText, StringComparison.Ordinal);
        Assert.DoesNotContain(_server.GroupTexts, t => t.Text.Contains(ChannelWording.Joined, StringComparison.Ordinal) || t.Text.Contains(ChannelWording.AlreadyJoined, StringComparison.Ordinal));

        await bot.SayAsync(Group, Admin, "/channelstats");
        await bot.SettleAsync();
        Assert.StartsWith("In this channel so far: 1 breathing session held, 2 joins in all", _server.MessagesIn(Group)[^1].PlainText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reminders_every_two_hours_come_only_in_working_hours_on_weekdays_never_in_quiet_hours_and_vary()
    {
        var time = new FakeTimeProvider(At("2026-06-05T06:00Z")); // Friday 07:00 in London
        _server.Clock = time;
        await using var bot = await BotHarness.StartAsync(_server, _database, time);
        await SetUpAsync(bot, "cs:set:2:Europe/London", "cs:set:3:2", "cs:set:4:08-16", "cs:set:5:12-13");

        await bot.RunUntilAsync(At("2026-06-09T00:00Z")); // to the end of Monday

        var local = Reminders().Select(c => TimeZoneInfo.ConvertTime(c.At, London).DateTime).ToList();
        Assert.Equal(
            [Local("2026-06-05 08:00"), Local("2026-06-05 10:00"), Local("2026-06-05 14:00"), Local("2026-06-08 08:00"), Local("2026-06-08 10:00"), Local("2026-06-08 14:00")],
            local);
        Assert.All(local, t => Assert.False(t.Hour == 12, "nothing in quiet hours (12:00–13:00)"));
        Assert.Equal(6, Reminders().Select(c => c.Text).Distinct().Count());
    }

    [Fact]
    public async Task A_group_upgraded_to_a_supergroup_keeps_its_schedule_and_the_next_session_starts_in_the_supergroup()
    {
        var time = new FakeTimeProvider(At("2026-06-01T07:00Z"));
        _server.Clock = time;
        await using var bot = await BotHarness.StartAsync(_server, _database, time);
        await TypeSettingsAsync(bot);

        var migrated = _server.MigrateGroup(Group, Supergroup);
        await _server.WaitForConfirmedAsync(migrated + 1);
        await bot.RunUntilAsync(At("2026-06-01T08:31Z"));

        Assert.Equal([At("2026-06-01T08:30Z")], ScheduledStarts(Supergroup));
        Assert.Empty(ScheduledStarts(Group));
    }

    [Fact]
    public async Task Group_admins_get_a_command_menu_with_the_channel_settings_and_members_one_without_admin_commands()
    {
        await using var bot = await BotHarness.StartAsync(_server, _database);
        await _server.WaitForCallAsync("getUpdates");

        List<string> Menu(string scope) => [.. _server.CommandsFor(scope)!.Select(c => c!["command"]!.GetValue<string>())];
        Assert.Contains("settings", Menu("all_chat_administrators"));
        Assert.Contains("channelstats", Menu("all_chat_administrators"));
        Assert.Contains("breathe", Menu("all_chat_administrators"));
        Assert.Contains("breathe", Menu("all_group_chats"));
        Assert.DoesNotContain("settings", Menu("all_group_chats"));
        Assert.DoesNotContain("channelstats", Menu("all_group_chats"));
    }

    private static ConversationKey ChannelKey => ConversationKey.Channel(Platform.Telegram, Group.ToString(System.Globalization.CultureInfo.InvariantCulture));

    private static DateTimeOffset At(string iso) => DateTimeOffset.Parse(iso, System.Globalization.CultureInfo.InvariantCulture);

    private static DateTime Local(string text) => DateTime.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>When each scheduled session's opening line was sent (fake clock).</summary>
    private List<DateTimeOffset> ScheduledStarts(long chat = Group) =>
        [.. _server.CallsTo("sendMessage").Where(c => c.Ok && c.ChatId == chat && (c.Text ?? string.Empty).StartsWith(ScheduledStart, StringComparison.Ordinal)).Select(c => c.At)];

    private List<RecordedCall> Reminders() =>
        [.. _server.CallsTo("sendMessage").Where(c => c.Ok && c.ChatId == Group && ChannelWording.Reminders.Contains(c.Text))];

    /// <summary>An admin opens /settings and, for each choice, taps the item and then the option.</summary>
    private static async Task SetUpAsync(BotHarness bot, params string[] choices)
    {
        await bot.SayAsync(Group, Admin, "/settings");
        foreach (var choice in choices)
        {
            await bot.PressAsync(Group, Admin, "cs:edit:" + choice.Split(':')[2]);
            await bot.PressAsync(Group, Admin, choice);
        }

        await bot.SettleAsync();
    }

    /// <summary>An admin types the settings: 09:30 London time (on weekdays, the default).</summary>
    private static async Task TypeSettingsAsync(BotHarness bot)
    {
        await bot.SayAsync(Group, Admin, "/settings timezone Europe/London");
        await bot.SayAsync(Group, Admin, "/settings time 09:30");
        await bot.SettleAsync();
    }
}
