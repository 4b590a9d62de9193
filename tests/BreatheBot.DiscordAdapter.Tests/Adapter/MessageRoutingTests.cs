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

    [Fact(Timeout = 15_000)]
    public async Task A_dm_whose_turn_fails_gets_a_reply_asking_to_send_it_again_and_the_next_message_is_handled()
    {
        await using var host = await DiscordTestHost.StartAsync();
        host.Handler.Before = (e, _) => e is TextReceived { Text: "boom" } ? throw new InvalidOperationException("storage hiccup") : Task.CompletedTask;
        _ = host.RunAdapter();
        await host.WaitReadyAsync();

        await host.Fake.DispatchAsync("MESSAGE_CREATE", Payloads.DmMessage("811", "300", "42", "boom"));
        await host.Fake.DispatchAsync("MESSAGE_CREATE", Payloads.DmMessage("812", "300", "42", "still there?"));

        await FakeDiscord.WaitForAsync(() => host.Handler.Received.OfType<TextReceived>().Any(t => t.Text == "still there?"), "the next message");
        await FakeDiscord.WaitForAsync(() => host.Fake.RequestsTo("POST", "/channels/300/messages").Count >= 1, "the apology");
        var apology = Assert.Single(host.Fake.RequestsTo("POST", "/channels/300/messages")).Json!;
        Assert.Contains("send it again", apology["content"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
