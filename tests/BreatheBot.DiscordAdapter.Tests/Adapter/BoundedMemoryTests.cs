using BreatheBot.Core.Conversations;
using BreatheBot.Core.Messaging;
using BreatheBot.DiscordAdapter.Rest;
using BreatheBot.DiscordAdapter.State;
using BreatheBot.DiscordAdapter.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace BreatheBot.DiscordAdapter.Tests.Adapter;

/// <summary>
/// Every map the adapter keeps per person or chat is bounded (issue 12 item 7): filled past the bound it stays at the
/// bound, the most recent entries still work, and an evicted one degrades gracefully.
/// </summary>
public sealed class BoundedMemoryTests
{
    [Fact(Timeout = 20_000)]
    public async Task The_slot_map_stays_bounded_and_an_evicted_slot_edit_becomes_a_new_message()
    {
        await using var host = await DiscordTestHost.StartAsync(services: s => s.AddSingleton(new SlotRegistry(TimeProvider.System, 2, TimeSpan.FromHours(1))));
        host.Handler.Respond = e => e is TextReceived { Text: "tick" }
            ? [new EditReply("pacer", "pacer", "Hold… 7", [])]
            : [new TextReply("pacer", "Breathe in… 4", [], Slot: "pacer")];
        _ = host.RunAdapter();
        await host.WaitReadyAsync();

        foreach (var (channel, user) in new[] { ("301", "41"), ("302", "42"), ("303", "43") })
        {
            await host.Fake.DispatchAsync("MESSAGE_CREATE", Payloads.DmMessage("m" + channel, channel, user, "start"));
            await FakeDiscord.WaitForAsync(() => host.Fake.RequestsTo("POST", $"/channels/{channel}/messages").Count == 1, "pacer in " + channel);
        }

        var slots = host.Get<SlotRegistry>();
        await FakeDiscord.WaitForAsync(() => slots.TryGet(ConversationKey.Private(Platform.Discord, "303", "43"), "pacer", out _), "the newest slot");
        Assert.Equal(2, slots.Count);

        await host.Fake.DispatchAsync("MESSAGE_CREATE", Payloads.DmMessage("t303", "303", "43", "tick"));
        await FakeDiscord.WaitForAsync(() => host.Fake.RequestsTo("PATCH", "/channels/303/messages/\\d+").Count == 1, "the newest edits in place");

        await host.Fake.DispatchAsync("MESSAGE_CREATE", Payloads.DmMessage("t301", "301", "41", "tick"));
        await FakeDiscord.WaitForAsync(() => host.Fake.RequestsTo("POST", "/channels/301/messages").Count == 2, "the evicted slot's edit as a new message");
        Assert.Equal("Hold… 7", host.Fake.RequestsTo("POST", "/channels/301/messages")[1].Json!["content"]!.GetValue<string>());
        Assert.Empty(host.Fake.RequestsTo("PATCH", "/channels/301/messages/\\d+"));
        Assert.Equal(2, slots.Count);
    }

    [Fact(Timeout = 15_000)]
    public async Task The_dm_channel_and_owner_maps_stay_bounded_and_an_evicted_dm_is_opened_again_through_rest()
    {
        await using var host = await DiscordTestHost.StartAsync();
        var dms = new DmChannelCache(host.Get<IDiscordRestClient>(), TimeProvider.System, 3, TimeSpan.FromHours(1));
        for (var user = 41; user <= 50; user++)
        {
            dms.Remember(user.ToString(System.Globalization.CultureInfo.InvariantCulture), "9" + user);
        }

        Assert.Equal(3, dms.ChannelCount);
        Assert.Equal(3, dms.OwnerCount);
        Assert.Equal("950", await dms.GetAsync("50", CancellationToken.None)); // the most recent: no REST call
        Assert.True(dms.BelongsToSomeoneElse("950", "41"));
        Assert.Empty(host.Fake.RequestsTo("POST", "/users/@me/channels"));

        Assert.Equal("941", await dms.GetAsync("41", CancellationToken.None)); // evicted: opened again
        var reopened = Assert.Single(host.Fake.RequestsTo("POST", "/users/@me/channels"));
        Assert.Equal("41", reopened.Json!["recipient_id"]!.GetValue<string>());
        Assert.Equal(3, dms.ChannelCount);
    }

    [Fact]
    public void The_guild_channel_map_keeps_a_bounded_number_of_channels_per_guild_and_of_guilds()
    {
        var map = new GuildChannelMap(new InMemoryDiscordStateStore(), NullLogger<GuildChannelMap>.Instance);
        for (var channel = 1; channel <= GuildChannelMap.MaxChannelsPerGuild + 200; channel++)
        {
            map.Remember("700", "c" + channel);
        }

        map.Remember("700", "c1"); // evicted long ago: remembered again as the newest
        var channels = map.ChannelsOf("700");
        Assert.Equal(GuildChannelMap.MaxChannelsPerGuild, channels.Count);
        Assert.Contains("c" + (GuildChannelMap.MaxChannelsPerGuild + 200), channels);
        Assert.Contains("c1", channels);
        Assert.DoesNotContain("c2", channels);

        for (var guild = 1; guild <= GuildChannelMap.MaxGuilds + 50; guild++)
        {
            map.Remember("g" + guild, "x");
        }

        Assert.Equal(GuildChannelMap.MaxGuilds, map.GuildCount);
        Assert.Equal(["x"], map.ChannelsOf("g" + (GuildChannelMap.MaxGuilds + 50)));
        Assert.Empty(map.ChannelsOf("700")); // the least recently used guild went first
    }
}
