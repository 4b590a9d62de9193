using BreatheBot.Core.Conversations;
using BreatheBot.Core.Messaging;
using BreatheBot.DiscordAdapter.State;
using BreatheBot.DiscordAdapter.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;

namespace BreatheBot.DiscordAdapter.Tests.Adapter;

public sealed class GuildMembershipTests
{
    private const string ViewAndSend = "3072"; // VIEW_CHANNEL | SEND_MESSAGES

    [Fact(Timeout = 15_000)]
    public async Task Joining_a_guild_posts_one_welcome_in_its_system_channel()
    {
        await using var host = await DiscordTestHost.StartAsync();
        host.Handler.Respond = e => e is MembershipChanged { Added: true } ? [new TextReply("welcome", "Hi! I'm BreatheBot. Try /breathe.")] : [];
        _ = host.RunAdapter();
        await host.WaitReadyAsync();

        await host.Fake.DispatchAsync("GUILD_CREATE", Payloads.GuildCreate("800", "801", ViewAndSend));
        await FakeDiscord.WaitForAsync(() => host.Fake.RequestsTo("POST", "/channels/801/messages").Count == 1, "welcome");
        var joined = Assert.IsType<MembershipChanged>(Assert.Single(host.Handler.Received));
        Assert.Equal(ConversationKey.Channel(Platform.Discord, "801"), joined.Key);
        Assert.Equal(ChatKind.Group, joined.Chat);
        Assert.True(joined.Added);

        // The same guild coming back (an outage ending, or a resume) is not a second join.
        await host.Fake.DispatchAsync("GUILD_CREATE", Payloads.GuildCreate("800", "801", ViewAndSend));
        await Task.Delay(300);
        Assert.Single(host.Handler.Received);
    }

    [Fact(Timeout = 15_000)]
    public async Task Guilds_listed_in_ready_or_without_permission_get_no_welcome()
    {
        await using var host = await DiscordTestHost.StartAsync();
        _ = host.RunAdapter();
        await host.WaitReadyAsync();

        await host.Fake.DispatchAsync("GUILD_CREATE", Payloads.GuildCreate("700", "701", ViewAndSend)); // in READY: lazy load
        await host.Fake.DispatchAsync("GUILD_CREATE", Payloads.GuildCreate("810", "811", "1024")); // may view, not send
        await host.Fake.DispatchAsync("GUILD_CREATE", Payloads.GuildCreate("820", null, ViewAndSend)); // no system channel
        await host.Fake.DispatchAsync("MESSAGE_CREATE", Payloads.DmMessage("830", "300", "42", "marker"));
        await FakeDiscord.WaitForAsync(() => host.Handler.Received.Count == 1, "marker");
        Assert.IsType<TextReceived>(Assert.Single(host.Handler.Received));
        Assert.Empty(host.Fake.RequestsTo("POST", "/channels/.*/messages"));
    }

    [Fact(Timeout = 15_000)]
    public async Task Removal_from_a_guild_tells_every_channel_of_that_guild_the_bot_worked_in_but_an_outage_tells_none()
    {
        await using var host = await DiscordTestHost.StartAsync();
        _ = host.RunAdapter();
        await host.WaitReadyAsync();

        // The bot joins guild 800 (welcome in 801); commands and buttons are used in 802 and 803, and in 900 of guild 910.
        await host.Fake.DispatchAsync("GUILD_CREATE", Payloads.GuildCreate("800", "801", ViewAndSend));
        await host.Fake.DispatchAsync("INTERACTION_CREATE", Payloads.Command("1001", "itok-1", "breathe", "802", "42", guildId: "800"));
        await host.Fake.DispatchAsync("INTERACTION_CREATE", Payloads.Command("1002", "itok-2", "settings", "803", "42", guildId: "800", permissions: "32"));
        await host.Fake.DispatchAsync("INTERACTION_CREATE", Payloads.Command("1003", "itok-3", "breathe", "900", "42", guildId: "910"));
        await host.Fake.DispatchAsync("INTERACTION_CREATE", Payloads.Command("1004", "itok-4", "breathe", "802", "43", guildId: "800")); // seen before
        await FakeDiscord.WaitForAsync(() => host.Handler.Received.Count == 5, "join and commands");

        // An outage is not a removal.
        await host.Fake.DispatchAsync("GUILD_DELETE", Payloads.GuildDelete("800", unavailable: true));
        await host.Fake.DispatchAsync("MESSAGE_CREATE", Payloads.DmMessage("1005", "300", "42", "marker"));
        await FakeDiscord.WaitForAsync(() => host.Handler.Received.Count == 6, "marker");
        Assert.DoesNotContain(host.Handler.Received, e => e is MembershipChanged { Added: false });

        await host.Fake.DispatchAsync("GUILD_DELETE", Payloads.GuildDelete("800"));
        await FakeDiscord.WaitForAsync(() => host.Handler.Received.Count == 9, "removals");
        var removed = host.Handler.Received.OfType<MembershipChanged>().Where(e => !e.Added).ToList();
        Assert.Equal(["801", "802", "803"], removed.Select(e => e.Key.ChatId).Order());
        Assert.All(removed, e => Assert.Equal(ChatKind.Group, e.Chat));
        Assert.All(removed, e => Assert.True(e.Key.IsChannel));

        // Removed once: the guild is forgotten, so a repeated GUILD_DELETE tells nobody again.
        await host.Fake.DispatchAsync("GUILD_DELETE", Payloads.GuildDelete("800"));
        await host.Fake.DispatchAsync("MESSAGE_CREATE", Payloads.DmMessage("1006", "300", "42", "marker"));
        await FakeDiscord.WaitForAsync(() => host.Handler.Received.Count == 10, "marker");
        Assert.IsType<TextReceived>(host.Handler.Received[^1]);
    }

    [Fact(Timeout = 10_000)]
    public async Task The_guild_channel_list_survives_a_restart_next_to_the_identify_state()
    {
        var path = Path.Combine(Path.GetTempPath(), "breathebot-discord-tests", Guid.NewGuid().ToString("N") + ".json");
        try
        {
            var store = new FileDiscordStateStore(path);
            var map = new GuildChannelMap(store, NullLogger<GuildChannelMap>.Instance);
            map.Remember("800", "802");
            map.Remember("800", "801");
            map.Remember("910", "900");
            await map.FlushAsync(CancellationToken.None);
            await store.UpdateAsync(s => s.CommandsHash = "abc", CancellationToken.None); // another writer keeps the list

            var restarted = new GuildChannelMap(new FileDiscordStateStore(path), NullLogger<GuildChannelMap>.Instance);
            await restarted.LoadAsync(CancellationToken.None);
            Assert.Equal(["801", "802"], restarted.ChannelsOf("800"));
            Assert.Equal(["801", "802"], restarted.Forget("800"));
            await restarted.FlushAsync(CancellationToken.None);

            var state = await new FileDiscordStateStore(path).LoadAsync(CancellationToken.None);
            Assert.Equal("abc", state.CommandsHash);
            Assert.Equal(["910"], state.GuildChannels!.Keys);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
