using System.Text.Json;
using System.Text.Json.Nodes;
using BreatheBot.Core.Messaging;
using BreatheBot.TelegramAdapter.Tests.Fakes;
using Microsoft.Extensions.Time.Testing;
using Telegram.Bot;
using Telegram.Bot.Types;

namespace BreatheBot.TelegramAdapter.Tests.Fuzz;

/// <summary>
/// Bugs the adapter fuzz found (seed 20261129), each pinned by a focused test. Before the fixes in
/// TelegramUpdateMapper and TelegramReceiver:
/// a press or message in a private chat that is not the sender's reached the core as (that chat, sender), so the bot wrote
/// into the other person's chat; a bot_command entity of length 0 threw ArgumentOutOfRangeException; a message without
/// a chat, or a membership update without "from", threw NullReferenceException, and a chat-less update failed its whole
/// getUpdates batch, which was then fetched again forever (receiving stalled).
/// </summary>
public sealed class TelegramFuzzRegressionTests
{
    private readonly TelegramUpdateMapper _mapper = new(new FakeTimeProvider());

    private static Update Parse(string json) => JsonSerializer.Deserialize<Update>(json, JsonBotAPI.Options)!;

    [Fact]
    public void A_button_press_claiming_another_persons_private_chat_is_answered_but_never_reaches_the_core()
    {
        var mapped = _mapper.Map(Parse("""
            {"update_id":1,"callback_query":{"id":"cb-1","from":{"id":222,"is_bot":false,"first_name":"B"},
             "message":{"message_id":5,"chat":{"id":111,"type":"private","first_name":"A"},"date":1767225600,"text":"…"},
             "chat_instance":"-1","data":"v1:m:breathe"}}
            """), FakeTelegramServer.BotUsername);

        Assert.Null(mapped.Inbound);
        Assert.Equal("cb-1", mapped.CallbackQueryId);
        Assert.Null(mapped.ChatId);
    }

    [Fact]
    public void A_message_in_a_private_chat_from_someone_else_is_ignored()
    {
        var mapped = _mapper.Map(Parse("""
            {"update_id":1,"message":{"message_id":5,"from":{"id":222,"is_bot":false,"first_name":"B"},
             "chat":{"id":111,"type":"private","first_name":"A"},"date":1767225600,"text":"/stop"}}
            """), FakeTelegramServer.BotUsername);

        Assert.Null(mapped.Inbound);
    }

    [Theory]
    [InlineData("""{"update_id":1,"message":{"message_id":5,"from":{"id":111,"is_bot":false,"first_name":"A"},"chat":{"id":111,"type":"private"},"date":1767225600,"text":"/stats","entities":[{"type":"bot_command","offset":0,"length":0}]}}""")]
    [InlineData("""{"update_id":1,"message":{"message_id":5,"from":{"id":111,"is_bot":false,"first_name":"A"},"date":1767225600,"text":"hi"}}""")]
    [InlineData("""{"update_id":1,"my_chat_member":{"chat":{"id":-4001,"type":"group","title":"Desk"},"date":1767225600,"old_chat_member":{"status":"left","user":{"id":1,"is_bot":true,"first_name":"Bot"}},"new_chat_member":{"status":"member","user":{"id":1,"is_bot":true,"first_name":"Bot"}}}}""")]
    [InlineData("""{"update_id":1,"callback_query":{"id":"cb-2","message":{"message_id":5,"chat":{"id":111,"type":"private"},"date":1767225600},"chat_instance":"-1","data":"v1:m:help"}}""")]
    public void Map_an_update_with_missing_or_impossible_fields_does_not_throw(string json)
    {
        var exception = Record.Exception(() => _mapper.Map(Parse(json), FakeTelegramServer.BotUsername));

        Assert.Null(exception);
    }

    [Fact]
    public async Task An_update_without_a_chat_does_not_stall_receiving()
    {
        await using var server = await FakeTelegramServer.StartAsync();
        var core = new FakeConversationHandler.DurableState();
        await using var host = await TelegramTestHost.StartAsync(server, core);
        server.InjectUpdate(new JsonObject
        {
            ["message"] = new JsonObject { ["message_id"] = 1, ["from"] = FakeTelegramServer.UserJson(111), ["date"] = 1767225600, ["text"] = "hi" },
        });
        var next = server.UserText(111, 111, "still here");

        await server.WaitForConfirmedAsync(next + 1);

        Assert.Contains(core.Handled.OfType<TextReceived>(), t => t.Text == "still here");
    }
}
