using BreatheBot.Core.Conversations;
using BreatheBot.Core.Messaging;
using BreatheBot.DiscordAdapter.Tests.Fakes;

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
}
