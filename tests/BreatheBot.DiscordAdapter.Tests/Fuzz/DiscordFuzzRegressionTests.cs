using System.Text.Json;
using BreatheBot.DiscordAdapter.Gateway;
using BreatheBot.DiscordAdapter.Tests.Fakes;

namespace BreatheBot.DiscordAdapter.Tests.Fuzz;

/// <summary>
/// Found by the router fuzz (seed 20261129): a message or interaction from one person in a DM channel the adapter knew
/// to be another person's reached the core as (that channel, sender), so the core's replies and wake-ups (pacer, follow-up)
/// would be posted into the other person's DM. Discord never sends this; a forged or corrupted event must not act on it.
/// </summary>
public sealed class DiscordFuzzRegressionTests
{
    private static GatewayDispatch Dispatch(string type, string json) => new(type, 1, JsonDocument.Parse(json).RootElement.Clone(), DateTimeOffset.UtcNow);

    [Fact]
    public async Task A_message_in_another_persons_known_DM_channel_never_reaches_the_core()
    {
        await using var host = await DiscordTestHost.StartAsync();
        var router = host.Get<DiscordEventRouter>();
        Assert.NotNull(router.Route(Dispatch("MESSAGE_CREATE", Payloads.DmMessage("1", "6001", "5001", "hi")))?.Inbound);

        var forged = router.Route(Dispatch("MESSAGE_CREATE", Payloads.DmMessage("2", "6001", "5002", "/headache")));

        Assert.Null(forged);
    }

    [Fact]
    public async Task A_button_in_another_persons_known_DM_channel_is_refused_and_not_acted_on()
    {
        await using var host = await DiscordTestHost.StartAsync();
        var router = host.Get<DiscordEventRouter>();
        router.Route(Dispatch("MESSAGE_CREATE", Payloads.DmMessage("1", "6001", "5001", "hi")));
        var customId = BreatheBot.DiscordAdapter.Interactions.CustomIds.Encode(
            BreatheBot.Core.Conversations.ConversationKey.Private(BreatheBot.Core.Conversations.Platform.Discord, "6001", "5002"), "5002", "m:breathe");

        var item = router.Route(Dispatch("INTERACTION_CREATE", Payloads.Button("3", "itok-3", customId, "6001", "5002", "7000")));

        Assert.NotNull(item);
        item.Interaction?.Dispose();
        Assert.Null(item.Inbound);
        Assert.Equal(DiscordEventRouter.ForeignButton, item.Refusal);
    }
}
