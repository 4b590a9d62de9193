using System.Text.Json.Nodes;
using BreatheBot.Core.Channels;
using BreatheBot.Core.Content;
using BreatheBot.Core.Conversations;
using BreatheBot.Core.Storage;
using BreatheBot.DiscordAdapter.Interactions;
using BreatheBot.DiscordAdapter.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;

namespace BreatheBot.DiscordAdapter.Tests.EndToEnd;

/// <summary>
/// Issue 6 on Discord, end to end: the real host (core, LiteDB, adapter) against the loopback fake, on a fake clock.
/// A wellbeing channel is set up by a server admin with /settings and its buttons; the channel gets scheduled shared
/// breathing breaks that anyone may join, and nobody's health is ever asked about there.
/// </summary>
[Collection(TimingCollection.Name)]
public sealed class WellbeingChannelTests
{
    private const string Guild = "700";
    private const string Channel = "600";
    private const string Admin = "50";
    private const string ManageServer = "32";
    private const string Administrator = "8";
    private const string SendMessagesOnly = "2048";
    private const string ScheduledStart = "Time for the shared breathing break";

    private static readonly ConversationKey ChannelKey = ConversationKey.Channel(Core.Conversations.Platform.Discord, Channel);

    private static DateTimeOffset Utc(int month, int day, int hour, int minute) => new(2026, month, day, hour, minute, 0, TimeSpan.Zero);

    private static JsonNode LastCallback(RealHost host) => host.Fake.RequestsTo("POST", @"/interactions/\d+/[^/]+/callback")[^1].Json!;

    private static bool IsEphemeral(JsonNode callback) => callback["data"]?["flags"]?.GetValue<int>() == 64;

    private static string CallbackText(JsonNode callback) => callback["data"]?["content"]?.GetValue<string>() ?? "";

    private static async Task<ChannelState?> ChannelStateAsync(RealHost host, string channelId) =>
        (await host.Host.Services.GetRequiredService<IConversationStore>()
            .LoadAsync(ConversationKey.Channel(Core.Conversations.Platform.Discord, channelId), default))?.State as ChannelState;

    /// <summary>When (on the fake clock) a scheduled session was announced in a channel.</summary>
    private static List<DateTimeOffset> SessionStarts(RealHost host, string channelId) =>
        [.. host.Timeline
            .Where(t => t.Request.Method == "POST" && t.Request.Path == $"/channels/{channelId}/messages"
                        && t.Request.Json?["content"]?.GetValue<string>().StartsWith(ScheduledStart, StringComparison.Ordinal) == true)
            .Select(t => t.At)];

    /// <summary>What an admin taps: a daily shared session at 09:30, every day, in Europe/London (4-7-8: four rounds, 1 min 16 s).</summary>
    private static async Task SetUpDailySessionAsync(RealHost host, string channelId = Channel, bool hourlyReminders = false)
    {
        await host.CommandAsync("settings", channelId, Admin, Guild, ManageServer);
        Assert.Contains("BreatheBot settings for this channel", CallbackText(LastCallback(host)), StringComparison.Ordinal);
        foreach (var label in new[] { "Breathing time", "09:30", "Days", "Every day", "Time zone", "Europe/London", "Breathing exercise", "4-7-8 breathing, 1 min 16 s" })
        {
            await host.PressLabelAsync(label, channelId, Admin, Guild, ManageServer);
        }

        if (hourlyReminders)
        {
            await host.PressLabelAsync("Reminders", channelId, Admin, Guild, ManageServer);
            await host.PressLabelAsync("Every hour", channelId, Admin, Guild, ManageServer);
        }

        var summary = CallbackText(LastCallback(host));
        Assert.Contains("every day at 09:30", summary, StringComparison.Ordinal);
        Assert.Contains("Time zone: Europe/London", summary, StringComparison.Ordinal);
        await host.PressLabelAsync("Done", channelId, Admin, Guild, ManageServer);
    }

    // 1. Admin vs non-admin /settings

    [Fact(Timeout = 60_000)]
    public async Task Channel_settings_are_shown_to_server_admins_and_refused_privately_to_everyone_else()
    {
        await using var host = await RealHost.StartAsync();

        // Members without Manage Server or Administrator: a short note only they see; the settings are not shown.
        foreach (var permissions in new[] { "0", SendMessagesOnly })
        {
            await host.CommandAsync("settings", Channel, "43", Guild, permissions);
            var refusal = LastCallback(host);
            Assert.True(IsEphemeral(refusal));
            Assert.Equal(DiscordEventRouter.AdminOnly, CallbackText(refusal));
        }

        Assert.DoesNotContain("BreatheBot settings for this channel", host.Transcript(), StringComparison.Ordinal);
        Assert.Empty(host.Fake.RequestsTo("POST", $"/channels/{Channel}/messages"));

        // Manage Server or Administrator: the settings message with a button for each item.
        foreach (var (admin, permissions) in new[] { (Admin, ManageServer), ("51", Administrator) })
        {
            await host.CommandAsync("settings", Channel, admin, Guild, permissions);
            var shown = LastCallback(host);
            Assert.Equal(4, shown["type"]!.GetValue<int>());
            Assert.StartsWith("BreatheBot settings for this channel", CallbackText(shown), StringComparison.Ordinal);
            var ids = host.LatestButtons().Buttons.Select(b => CustomIds.TryDecode(b.CustomId, out var id) ? id.ChoiceId : b.CustomId).ToList();
            Assert.Equal(["cs:edit:0", "cs:edit:1", "cs:edit:2", "cs:edit:3", "cs:edit:4", "cs:edit:5", "cs:edit:6", "cs:done"], ids);
        }

        // A member pressing a settings button (or forging a press that would set a time): a private note, nothing changes.
        var (buttons, messageId) = host.LatestButtons();
        var edits = host.Fake.RequestsTo("PATCH", ".*").Count;
        var forged = CustomIds.Encode(ChannelKey, CustomIds.AnyOwner, "cs:set:0:09:30");
        foreach (var customId in new[] { buttons[0].CustomId, forged })
        {
            await host.PressAsync(customId, messageId!, Channel, "43", Guild, SendMessagesOnly);
            var note = LastCallback(host);
            Assert.True(IsEphemeral(note));
            Assert.Equal(ChannelWording.AdminsOnly, CallbackText(note));
        }

        Assert.Equal(edits, host.Fake.RequestsTo("PATCH", ".*").Count);
        Assert.DoesNotContain(host.Fake.RequestsTo("POST", @"/interactions/\d+/[^/]+/callback"), r => r.Json!["type"]!.GetValue<int>() == 7);
        var state = await ChannelStateAsync(host, Channel);
        Assert.Null(state!.Settings.SessionAt);
        Assert.Null(state.Editing);
        Assert.Null(state.NextSessionAt);

        // An admin may also type a change through the command's text option.
        await host.CommandAsync("settings", Channel, Admin, Guild, ManageServer, option: "time 09:45");
        Assert.Contains("weekdays at 09:45", CallbackText(LastCallback(host)), StringComparison.Ordinal);
        Assert.Equal(new TimeOnly(9, 45), (await ChannelStateAsync(host, Channel))!.Settings.SessionAt);

        // /channelstats: admins only as well.
        await host.CommandAsync("channelstats", Channel, "43", Guild, "0");
        Assert.True(IsEphemeral(LastCallback(host)));
        Assert.Equal(DiscordEventRouter.AdminOnly, CallbackText(LastCallback(host)));
        await host.CommandAsync("channelstats", Channel, Admin, Guild, ManageServer);
        Assert.StartsWith("In this channel so far: 0 breathing sessions held", CallbackText(LastCallback(host)), StringComparison.Ordinal);
    }

    // 2. A scheduled session at the right local time, across the DST change

    [Fact(Timeout = 90_000)]
    public async Task A_daily_session_is_posted_at_0930_London_time_on_consecutive_days_across_the_spring_DST_change()
    {
        // Friday 27 March 2026, 12:00 UTC; the UK moves to BST (UTC+1) on Sunday 29 March.
        await using var host = await RealHost.StartAsync(now: Utc(3, 27, 12, 0));
        await SetUpDailySessionAsync(host);

        await host.AdvanceToAsync(Utc(3, 28, 9, 29));
        Assert.Empty(SessionStarts(host, Channel));

        await host.AdvanceToAsync(Utc(3, 30, 12, 0));
        Assert.Equal([Utc(3, 28, 9, 30), Utc(3, 29, 8, 30), Utc(3, 30, 8, 30)], SessionStarts(host, Channel));

        // Each one ran to its end in the channel (the pacer edited in place, then the closing line).
        var ends = host.Fake.RequestsTo("PATCH", $"/channels/{Channel}/messages/\\d+")
            .Count(r => r.Json?["content"]?.GetValue<string>() == Wording.SharedBreathingDone);
        Assert.Equal(3, ends);
    }

    // 3. Restarts: during the due window → once; long after → skipped, and the next day's still fires

    [Fact(Timeout = 120_000)]
    public async Task A_session_due_while_the_bot_was_down_is_posted_once_within_the_grace_window_and_skipped_after_it()
    {
        var folder = Directory.CreateTempSubdirectory("breathebot-discord-restart-").FullName;
        try
        {
            // Friday 1 May 2026 (BST): 09:30 London is 08:30 UTC.
            var first = await RealHost.StartAsync(folder, Utc(5, 1, 7, 0));
            await SetUpDailySessionAsync(first);
            await first.AdvanceToAsync(Utc(5, 1, 8, 25));
            Assert.Empty(SessionStarts(first, Channel));
            await first.StopAsync();

            // Down over 08:30, back at 08:35 (within the 10-minute grace): the session is posted once, at once.
            var second = await RealHost.StartAsync(folder, Utc(5, 1, 8, 35));
            second.Fake.NoteGuildChannel(Channel);
            await second.AdvanceToAsync(Utc(5, 1, 8, 45));
            Assert.Equal([Utc(5, 1, 8, 35)], SessionStarts(second, Channel));
            await second.StopAsync();

            // Another restart soon after posts nothing again.
            var third = await RealHost.StartAsync(folder, Utc(5, 1, 8, 50));
            third.Fake.NoteGuildChannel(Channel);
            await third.AdvanceToAsync(Utc(5, 1, 9, 0));
            Assert.Empty(SessionStarts(third, Channel));
            await third.StopAsync();

            // Down over Saturday's 08:30, back at 10:00 (long past the grace): skipped, no late burst; Sunday's fires on time.
            var fourth = await RealHost.StartAsync(folder, Utc(5, 2, 10, 0));
            fourth.Fake.NoteGuildChannel(Channel);
            await fourth.AdvanceToAsync(Utc(5, 2, 12, 0));
            Assert.Empty(SessionStarts(fourth, Channel));
            await fourth.AdvanceToAsync(Utc(5, 3, 9, 0));
            Assert.Equal([Utc(5, 3, 8, 30)], SessionStarts(fourth, Channel));
            await fourth.StopAsync();
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    // 4. Bot removed from the guild → schedules stop in every channel of that guild (also after a restart)

    [Fact(Timeout = 120_000)]
    public async Task Removing_the_bot_from_a_guild_stops_sessions_and_reminders_in_all_its_channels_but_an_outage_does_not()
    {
        var folder = Directory.CreateTempSubdirectory("breathebot-discord-removed-").FullName;
        try
        {
            // Monday 4 May 2026. Guild 700: channel 600 (daily 09:30 London, hourly reminders) and 601 (typed: 10:00 UTC
            // on weekdays). Guild 710, channel 650: 11:00 UTC on weekdays, which must carry on.
            var first = await RealHost.StartAsync(folder, Utc(5, 4, 7, 0));
            await SetUpDailySessionAsync(first, Channel, hourlyReminders: true);
            await first.CommandAsync("settings", "601", Admin, Guild, ManageServer, option: "time 10:00");
            await first.CommandAsync("settings", "650", Admin, "710", Administrator, option: "time 11:00");
            Assert.Equal(new TimeOnly(11, 0), (await ChannelStateAsync(first, "650"))!.Settings.SessionAt);
            await first.StopAsync();

            // A restarted bot still knows which channels belong to which guild.
            var host = await RealHost.StartAsync(folder, Utc(5, 4, 7, 5));
            await using var _ = host;
            foreach (var channel in new[] { Channel, "601", "650" })
            {
                host.Fake.NoteGuildChannel(channel);
            }

            // An outage (unavailable: true) is not a removal: the 09:00 London reminder (08:00 UTC) still comes.
            await host.Fake.DispatchAsync("GUILD_DELETE", Payloads.GuildDelete(Guild, unavailable: true));
            await host.AdvanceToAsync(Utc(5, 4, 8, 1));
            Assert.Single(host.Fake.RequestsTo("POST", $"/channels/{Channel}/messages"), r => ChannelWording.Reminders.Contains(r.Json!["content"]!.GetValue<string>()));
            Assert.False((await ChannelStateAsync(host, Channel))!.Removed);

            // Removed from guild 700.
            await host.Fake.DispatchAsync("GUILD_DELETE", Payloads.GuildDelete(Guild));
            for (var i = 0; i < 400 && !((await ChannelStateAsync(host, Channel))?.Removed == true && (await ChannelStateAsync(host, "601"))?.Removed == true); i++)
            {
                await Task.Delay(20); // no request to wait for: a removal sends nothing
            }

            Assert.True((await ChannelStateAsync(host, Channel))!.Removed);
            Assert.True((await ChannelStateAsync(host, "601"))!.Removed);
            var before = host.Fake.Requests.Count;

            await host.AdvanceToAsync(Utc(5, 5, 12, 0));
            var after = host.Fake.Requests.Skip(before).ToList();
            Assert.DoesNotContain(after, r => r.Path.StartsWith("/channels/600/", StringComparison.Ordinal) || r.Path.StartsWith("/channels/601/", StringComparison.Ordinal));
            Assert.Equal([Utc(5, 4, 11, 0), Utc(5, 5, 11, 0)], SessionStarts(host, "650")); // the other guild carries on

            // The settings are kept for a while (then deleted); nothing is scheduled but that deletion.
            var removed = (await ChannelStateAsync(host, Channel))!;
            Assert.Equal(new TimeOnly(9, 30), removed.Settings.SessionAt);
            Assert.Equal(removed.ForgetAt, removed.WakeAt);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task A_channel_of_a_guild_that_removed_and_re_added_the_bot_gets_its_kept_schedule_back_once_used_again()
    {
        await using var host = await RealHost.StartAsync(now: Utc(5, 4, 7, 0));
        await SetUpDailySessionAsync(host);
        await host.Fake.DispatchAsync("GUILD_DELETE", Payloads.GuildDelete(Guild));
        for (var i = 0; i < 400 && (await ChannelStateAsync(host, Channel))?.Removed != true; i++)
        {
            await Task.Delay(20);
        }

        await host.AdvanceToAsync(Utc(5, 4, 12, 0));
        Assert.Empty(SessionStarts(host, Channel));

        // Added back: someone uses the channel again (here /breathe); the kept settings apply from the next day on.
        await host.Fake.DispatchAsync("GUILD_CREATE", Payloads.GuildCreate(Guild, "701", "3072"));
        await host.CommandAsync("breathe", Channel, "42", Guild);
        await host.AdvanceToAsync(Utc(5, 5, 9, 0));
        Assert.Equal([Utc(5, 5, 8, 30)], SessionStarts(host, Channel));
        Assert.False((await ChannelStateAsync(host, Channel))!.Removed);
    }

    // 5. Join: anyone in the channel, distinct members, double joins noted privately

    [Fact(Timeout = 60_000)]
    public async Task Anyone_may_join_a_shared_session_each_member_counts_once_and_the_end_says_how_many_took_part()
    {
        await using var host = await RealHost.StartAsync();
        await host.CommandAsync("breathe", Channel, "42", Guild);
        var (buttons, messageId) = host.LatestButtons();
        var join = Assert.Single(buttons, b => b.CustomId.EndsWith(":sb:join", StringComparison.Ordinal)).CustomId;

        await host.PressAsync(join, messageId!, Channel, "43", Guild);
        Assert.Equal(ChannelWording.Joined, CallbackText(LastCallback(host)));
        await host.PressAsync(join, messageId!, Channel, "44", Guild, Administrator);
        Assert.Equal(ChannelWording.Joined, CallbackText(LastCallback(host)));
        Assert.Contains("2 people breathing along", host.Transcript(), StringComparison.Ordinal);

        await host.PressAsync(join, messageId!, Channel, "43", Guild); // again
        var again = LastCallback(host);
        Assert.True(IsEphemeral(again));
        Assert.Equal(ChannelWording.AlreadyJoined, CallbackText(again));

        await host.AdvanceToAsync(host.Time.GetUtcNow().AddMinutes(5));
        var transcript = host.Transcript();
        Assert.Contains("2 people took a breathing break", transcript, StringComparison.Ordinal);
        Assert.DoesNotContain("3 people", transcript, StringComparison.Ordinal);

        await host.CommandAsync("channelstats", Channel, Admin, Guild, ManageServer);
        Assert.StartsWith("In this channel so far: 1 breathing session held, 2 joins in all", CallbackText(LastCallback(host)), StringComparison.Ordinal);
    }

    // 6. Privacy: no health question in a server channel (checked by every end-to-end host; here the check itself)

    [Fact(Timeout = 60_000)]
    public async Task Personal_commands_used_in_a_server_channel_put_no_health_question_there_and_the_check_sees_the_channel()
    {
        await using var host = await RealHost.StartAsync();
        foreach (var command in new[] { "headache", "points", "history", "stats", "settings", "breathe", "help", "privacy", "stop", "start" })
        {
            await host.CommandAsync(command, Channel, "42", Guild);
        }

        await host.AdvanceToAsync(host.Time.GetUtcNow().AddMinutes(4));
        var channelTexts = host.Fake.GuildChannelTexts();
        Assert.NotEmpty(channelTexts);
        Assert.Contains(channelTexts, t => t.Text.Contains("private chat", StringComparison.Ordinal)); // the move-to-private notes
        Assert.Empty(GroupPrivacy.Violations(host.Fake));

        // The questions themselves went to the person's DM (the check is not vacuous).
        var dm = string.Join("\n", host.Fake.RequestsTo("POST", "/channels/942/messages").Select(r => r.Json?["content"]?.GetValue<string>()));
        Assert.Contains("safety check", dm, StringComparison.Ordinal);
    }

    [Fact(Timeout = 30_000)]
    public async Task The_channel_privacy_check_fails_on_a_health_question_posted_in_a_server_channel_and_ignores_dms()
    {
        await using var fake = await FakeDiscord.StartAsync();
        await fake.DispatchAsync("INTERACTION_CREATE", Payloads.Command("1", "itok-guild", "breathe", Channel, "42", Guild));
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Add("User-Agent", "DiscordBot (test, 1.0)");
        http.DefaultRequestHeaders.Add("Authorization", "Bot " + FakeDiscord.Token);
        async Task PostAsync(string path, string json) =>
            (await http.PostAsync(fake.ApiBase + path, new StringContent(json, System.Text.Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();

        await PostAsync("/channels/300/messages", """{"content":"How bad is the pain right now, from 0 to 10?"}"""); // a DM: fine
        await PostAsync($"/channels/{Channel}/messages", """{"content":"Shared breathing break."}""");
        Assert.Empty(GroupPrivacy.Violations(fake));

        await PostAsync($"/channels/{Channel}/messages", """{"content":"Quick question","components":[{"type":1,"components":[{"type":2,"label":"Where does it hurt?","custom_id":"x"}]}]}""");
        await PostAsync("/interactions/1/itok-guild/callback", """{"type":4,"data":{"content":"First, a quick safety check.","flags":64}}""");
        var violations = GroupPrivacy.Violations(fake);
        Assert.Equal(2, violations.Count);
        Assert.Contains(violations, v => v.Contains("Where does it hurt?", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.StartsWith("POST /interactions/1/{token}/callback", StringComparison.Ordinal)); // ephemeral answers too; no token shown
    }
}
