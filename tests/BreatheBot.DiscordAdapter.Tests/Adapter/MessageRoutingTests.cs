using BreatheBot.Core.Conversations;
using BreatheBot.Core.Messaging;
using BreatheBot.DiscordAdapter.Tests.Fakes;

namespace BreatheBot.DiscordAdapter.Tests.Adapter;

public sealed class MessageRoutingTests
{
    // Scenario 15
    [Fact(Timeout = 15_000)]
    public async Task Dm_text_reaches_the_core_while_guild_bot_self_webhook_and_duplicate_messages_do_not()
    {
        await using var host = await DiscordTestHost.StartAsync();
        _ = host.RunAdapter();
        await host.WaitReadyAsync();

        await host.Fake.DispatchAsync("MESSAGE_CREATE", Payloads.GuildMessage("801", "600", "700", "42", "hello channel"));
        await host.Fake.DispatchAsync("MESSAGE_CREATE", Payloads.DmMessage("802", "300", "43", "from a bot", bot: true));
        await host.Fake.DispatchAsync("MESSAGE_CREATE", Payloads.DmMessage("803", "300", FakeDiscord.BotUserId, "from myself"));
        await host.Fake.DispatchAsync("MESSAGE_CREATE", Payloads.DmMessage("804", "300", "44", "from a webhook", webhookId: "12"));
        await host.Fake.DispatchAsync("MESSAGE_CREATE", Payloads.DmMessage("805", "300", "42", "my neck hurts"));
        await host.Fake.DispatchAsync("MESSAGE_CREATE", Payloads.DmMessage("805", "300", "42", "my neck hurts")); // redelivered
        await host.Fake.DispatchAsync("MESSAGE_CREATE", Payloads.DmMessage("806", "300", "42", "/headache"));

        await FakeDiscord.WaitForAsync(() => host.Handler.Received.Count >= 2, "two core events");
        await Task.Delay(200);
        var received = host.Handler.Received;
        Assert.Equal(2, received.Count);

        var text = Assert.IsType<TextReceived>(received[0]);
        Assert.Equal(ConversationKey.Private(Platform.Discord, "300", "42"), text.Key);
        Assert.Equal(ChatKind.Private, text.Chat);
        Assert.Equal("42", text.SenderId);
        Assert.Equal("805", text.DeliveryId);
        Assert.Equal("my neck hurts", text.Text);

        var command = Assert.IsType<CommandReceived>(received[1]);
        Assert.Equal("headache", command.Name);
        Assert.Null(command.Argument);
    }
}
