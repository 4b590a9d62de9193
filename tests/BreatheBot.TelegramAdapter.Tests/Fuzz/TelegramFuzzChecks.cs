using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using BreatheBot.Core.Conversations;
using BreatheBot.Core.Messaging;
using BreatheBot.TelegramAdapter.Tests.Fakes;

namespace BreatheBot.TelegramAdapter.Tests.Fuzz;

/// <summary>What every event handed to the core, and every Bot API call the adapter makes, must satisfy, whatever came in.</summary>
internal static class TelegramFuzzChecks
{
    private static readonly HashSet<string> SendMethods = new(StringComparer.OrdinalIgnoreCase) { "sendMessage", "editMessageText", "sendPhoto", "sendDocument", "sendChatAction", "editMessageReplyMarkup" };

    /// <summary>
    /// The event must belong to the conversation of whoever acted, read from the raw update independently of the mapper:
    /// a private chat only for the person whose chat it is (Telegram: user id = chat id), a group only as the group's
    /// shared conversation with the real sender. Returns the chat the event lets the bot write to (null when the event fails the check).
    /// </summary>
    public static long? CheckInbound(JsonObject update, InboundEvent inbound, string context, ConcurrentQueue<string> failures)
    {
        void Fail(string what) => failures.Enqueue($"{context}: {what}; core got {inbound.GetType().Name} for {inbound.Key} from '{inbound.SenderId}'");

        if (inbound.Key.Platform != Platform.Telegram)
        {
            Fail("wrong platform");
            return null;
        }

        if (inbound.DeliveryId != update["update_id"]?.ToString())
        {
            Fail("delivery id is not the update_id");
        }

        var (source, chat, from, senderChat) = update switch
        {
            _ when update["message"] is JsonObject m => ("message", m["chat"], m["from"], m["sender_chat"]),
            _ when update["callback_query"] is JsonObject q => ("callback_query", q["message"]?["chat"], q["from"], null),
            _ when update["my_chat_member"] is JsonObject c => ("my_chat_member", c["chat"], c["from"], null),
            _ => (update.Select(kv => kv.Key).FirstOrDefault(k => k != "update_id") ?? "nothing", null, null, null),
        };
        if (source is not ("message" or "callback_query" or "my_chat_member"))
        {
            Fail($"an update of kind '{source}' reached the core");
            return null;
        }

        var chatId = Long(chat?["id"]);
        var chatType = chat?["type"]?.GetValue<string>();
        var fromId = Long(from?["id"]);
        if (chatId is null)
        {
            Fail("the update has no chat");
            return null;
        }

        var chatText = chatId.Value.ToString(CultureInfo.InvariantCulture);
        switch (chatType)
        {
            case "private":
                if (fromId != chatId)
                {
                    Fail($"a private chat {chatId} acted on by {(fromId?.ToString(CultureInfo.InvariantCulture) ?? "nobody")}");
                    return null;
                }

                if (inbound.Key != ConversationKey.Private(Platform.Telegram, chatText, chatText) || inbound.Chat != ChatKind.Private || inbound.SenderId != chatText)
                {
                    Fail("not the private conversation of the sender");
                    return null;
                }

                return chatId;
            case "group" or "supergroup":
                var anonymousAdmin = Long(senderChat?["id"]) == chatId;
                var expectedSender = source == "my_chat_member" ? fromId?.ToString(CultureInfo.InvariantCulture) ?? string.Empty
                    : anonymousAdmin ? chatText : fromId?.ToString(CultureInfo.InvariantCulture);
                if (inbound.Key != ConversationKey.Channel(Platform.Telegram, chatText) || inbound.Chat != ChatKind.Group)
                {
                    Fail("not the group's conversation");
                }

                if (inbound.SenderId != expectedSender || (fromId is null && !anonymousAdmin && source != "my_chat_member"))
                {
                    Fail($"sender is not who acted ({expectedSender ?? "nobody"})");
                }

                if (inbound is TextReceived)
                {
                    Fail("plain group chatter reached the core");
                }

                return chatId;
            default:
                Fail($"a chat of type '{chatType}' reached the core");
                return null;
        }
    }

    /// <summary>
    /// Every Bot API call is well formed for Telegram beyond what the fake's strict mode checks (text 1..4096 after
    /// entity parsing, valid HTML, callback_data 1..64 bytes): the keyboard's shape, callback answers of at most 200
    /// characters, and writes only to chats where someone acted (a private chat only where its own person did), or to
    /// the supergroup a group moved to.
    /// </summary>
    public static void CheckCalls(IReadOnlyList<RecordedCall> calls, IReadOnlySet<long> chatsActedIn, ConcurrentQueue<string> failures)
    {
        foreach (var call in calls)
        {
            void Fail(string what) => failures.Enqueue($"{call.Method}({FakeOf(call)}): {what}");

            if (SendMethods.Contains(call.Method) && call.ChatId is { } chatId && !chatsActedIn.Contains(chatId))
            {
                Fail($"wrote to chat {chatId}, where nobody (or only someone else) acted");
            }

            if (string.Equals(call.Method, "answerCallbackQuery", StringComparison.OrdinalIgnoreCase))
            {
                if (string.IsNullOrEmpty(call.Params["callback_query_id"]?.GetValue<string>()))
                {
                    Fail("no callback_query_id");
                }

                if (call.Params["text"]?.GetValue<string>() is { Length: > 200 })
                {
                    Fail("callback answer text over 200 characters");
                }
            }

            if (call.Params["reply_markup"] is JsonObject markup)
            {
                CheckKeyboard(markup, Fail);
            }
        }
    }

    private static void CheckKeyboard(JsonObject markup, Action<string> fail)
    {
        if (markup["inline_keyboard"] is not JsonArray rows)
        {
            fail("reply_markup without inline_keyboard");
            return;
        }

        var buttons = 0;
        foreach (var row in rows)
        {
            if (row is not JsonArray { Count: > 0 and <= 8 } cells)
            {
                fail("a keyboard row that is empty, not an array or wider than 8");
                continue;
            }

            foreach (var cell in cells)
            {
                buttons++;
                var text = cell?["text"]?.GetValue<string>();
                var kinds = new[] { "callback_data", "url" }.Count(k => cell?[k] is not null);
                if (string.IsNullOrWhiteSpace(text) || kinds != 1)
                {
                    fail("a button without text, or without exactly one of callback_data and url");
                }
            }
        }

        if (buttons > 100)
        {
            fail("more than 100 buttons");
        }
    }

    private static string FakeOf(RecordedCall call)
    {
        var json = call.Params.ToJsonString();
        return json.Length > 200 ? json[..200] + "…" : json;
    }

    private static long? Long(JsonNode? node) => node is JsonValue value && value.TryGetValue<long>(out var l) ? l : null;
}
