using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using BreatheBot.TelegramAdapter.Tests.Fakes;
using BreatheBot.Tests.Fuzz;

namespace BreatheBot.TelegramAdapter.Tests.Fuzz;

/// <summary>One generated update: its JSON body (without update_id) and a label for failure reports.</summary>
internal sealed record FuzzUpdate(JsonObject Body, string Kind);

/// <summary>
/// A seeded generator of Telegram updates as raw Bot API JSON, valid for Telegram.Bot's deserializer but otherwise
/// hostile: private and group text of every kind, commands for this bot and others, anonymous admins, topics, missing
/// from/chat/text, null text, huge and negative ids, edited messages, channel posts, unknown update kinds, group
/// migrations, bot added/removed/blocked, and button presses that are real (the latest buttons shown in that chat),
/// stale, taken from another person's chat, forged (garbage, other versions, exactly and over 64 bytes, non-ASCII),
/// replayed (same callback id), inaccessible (date 0) or pressed in someone else's private chat.
/// </summary>
internal sealed class TelegramFuzzSource
{
    public const string BotUsername = FakeTelegramServer.BotUsername;

    private static readonly string[] ChoiceLike =
    [
        "m:headache", "m:breathe", "m:points", "m:help", "e:none", "e:yes", "pb:5", "pb:99", "loc:1", "loc:done", "bp:1", "bp:skip",
        "pc:stop", "ps:restart", "op:yes", "mu:hold", "fu:0", "fu:10", "sb:stop", "tr:0", "ch:1", "x", ":", "",
    ];

    private readonly FuzzText _text;
    private readonly Func<long, IReadOnlyList<string>?> _shownButtons;
    private readonly List<string> _seenData = [];
    private readonly List<string> _callbackIds = [];
    private int _messageId = 1;
    private int _callbackId = 1;

    /// <param name="shownButtons">The callback_data of the latest buttons the bot showed in a chat (null when none or unknown).</param>
    public TelegramFuzzSource(int seed, Func<long, IReadOnlyList<string>?> shownButtons)
    {
        _text = new FuzzText(new Random(seed));
        _shownButtons = shownButtons;
        PrivateUsers = [.. Enumerable.Range(0, 24).Select(i => 7001L + i)];
        Groups = [-4001, -4002, -4003, -1002000000001, -1002000000002];
    }

    /// <summary>People with a private chat (user id = chat id, as on Telegram).</summary>
    public IReadOnlyList<long> PrivateUsers { get; }

    /// <summary>Group and supergroup chats; their members are the private users.</summary>
    public IReadOnlyList<long> Groups { get; }

    public Random Random => _text.Random;

    public FuzzUpdate Next()
    {
        var roll = _text.Random.Next(100);

        // A third of the private users mostly cooperate (press what they were just shown) so the fuzz reaches deep steps.
        var user = _text.Pick(PrivateUsers);
        if (roll < 30 && (user - 7001) % 3 == 0 && _shownButtons(user) is { Count: > 0 } shown)
        {
            return Callback(user, user, "private", _text.Pick(shown), "cooperative press");
        }

        return roll switch
        {
            < 30 => PrivateText(user),
            < 42 => GroupText(),
            < 62 => ForgedCallback(user),
            < 68 => GroupCallback(),
            < 74 => Malformed(),
            < 80 => OtherKind(),
            < 85 => Membership(),
            < 87 => Migration(),
            < 92 => Command(user),
            _ => PrivateText(user),
        };
    }

    /// <summary>Remembers button data the bot showed anywhere, to press it later elsewhere and out of turn.</summary>
    public void Saw(IEnumerable<string> data)
    {
        foreach (var d in data)
        {
            if (_seenData.Count < 2048)
            {
                _seenData.Add(d);
            }
            else
            {
                _seenData[_text.Random.Next(_seenData.Count)] = d;
            }
        }
    }

    public static JsonObject User(long id, bool bot = false) =>
        new() { ["id"] = id, ["is_bot"] = bot, ["first_name"] = "U" + id.ToString(CultureInfo.InvariantCulture) };

    public static JsonObject Chat(long id, string type) => type == "private"
        ? new JsonObject { ["id"] = id, ["type"] = type, ["first_name"] = "U" }
        : new JsonObject { ["id"] = id, ["type"] = type, ["title"] = "Desk" };

    private static string TypeOf(long chatId) => chatId > 0 ? "private" : chatId < -1_000_000_000_000 ? "supergroup" : "group";

    private long Now => 1_767_225_600 + _messageId;

    private JsonObject Message(long chatId, string chatType, JsonObject? from, string? text)
    {
        var message = new JsonObject
        {
            ["message_id"] = _messageId++,
            ["chat"] = Chat(chatId, chatType),
            ["date"] = Now,
        };
        if (from is not null)
        {
            message["from"] = from;
        }

        if (text is not null)
        {
            message["text"] = text;
            if (text.StartsWith('/') && _text.Chance(85))
            {
                var end = text.IndexOfAny([' ', '\n']);
                var length = _text.Chance(95) ? (end < 0 ? text.Length : end) : _text.Random.Next(0, text.Length + 40);
                message["entities"] = new JsonArray(new JsonObject { ["type"] = "bot_command", ["offset"] = 0, ["length"] = length });
            }
        }

        return message;
    }

    private FuzzUpdate PrivateText(long user) =>
        new(new JsonObject { ["message"] = Message(user, "private", User(user), _text.Next()) }, "private text");

    private FuzzUpdate Command(long user)
    {
        var name = _text.Pick(FuzzText.Commands);
        var suffix = _text.Random.Next(6) switch
        {
            0 => "@" + BotUsername,
            1 => "@" + BotUsername.ToUpperInvariant(),
            2 => "@OtherBot",
            3 => "@",
            _ => string.Empty,
        };
        var argument = _text.Chance(40) ? " " + _text.Next() : string.Empty;
        var chat = _text.Chance(60) ? user : _text.Pick(Groups);
        var body = Message(chat, TypeOf(chat), User(user), "/" + name + suffix + argument);
        if (chat < -1_000_000_000_000 && _text.Chance(30))
        {
            body["message_thread_id"] = _text.Random.Next(1, 100);
            body["is_topic_message"] = _text.Chance(50);
        }

        return new FuzzUpdate(new JsonObject { ["message"] = body }, "command");
    }

    private FuzzUpdate GroupText()
    {
        var chat = _text.Pick(Groups);
        var user = _text.Pick(PrivateUsers);
        var body = Message(chat, TypeOf(chat), User(user), _text.Next());
        if (_text.Chance(15))
        {
            // an anonymous admin: posts as the group itself, "from" a placeholder bot
            body["from"] = User(1087968824, bot: true);
            body["sender_chat"] = Chat(chat, TypeOf(chat));
        }

        return new FuzzUpdate(new JsonObject { ["message"] = body }, "group text");
    }

    private FuzzUpdate Callback(long chatId, long from, string chatType, string? data, string kind, string? callbackId = null, long date = -1)
    {
        var message = new JsonObject
        {
            ["message_id"] = _text.Random.Next(1, 1000),
            ["from"] = User(FakeTelegramServer.BotId, bot: true),
            ["chat"] = Chat(chatId, chatType),
            ["date"] = date >= 0 ? date : Now,
        };
        if (date != 0)
        {
            message["text"] = "…";
        }

        var id = callbackId ?? "fz-" + (_callbackId++).ToString(CultureInfo.InvariantCulture);
        if (_callbackIds.Count < 1000)
        {
            _callbackIds.Add(id);
        }

        var query = new JsonObject
        {
            ["id"] = id,
            ["from"] = User(from),
            ["message"] = message,
            ["chat_instance"] = "-8811",
        };
        if (data is not null)
        {
            query["data"] = data;
        }

        return new FuzzUpdate(new JsonObject { ["callback_query"] = query }, kind);
    }

    private FuzzUpdate ForgedCallback(long user)
    {
        var other = _text.Pick(PrivateUsers);
        return _text.Random.Next(12) switch
        {
            // a button the bot showed someone else (or this person, earlier), pressed now in one's own chat
            < 3 when _seenData.Count > 0 => Callback(user, user, "private", _text.Pick(_seenData), "seen button, out of turn"),
            // the latest buttons of another person's chat, pressed in one's own chat
            3 when _shownButtons(other) is { Count: > 0 } theirs => Callback(user, user, "private", _text.Pick(theirs), "another person's button"),
            // a press that claims to come from another person's private chat (Telegram never sends this)
            4 => Callback(other == user ? user + 1 : other, user, "private", "v1:" + _text.Pick(ChoiceLike), "press in another person's chat"),
            5 => Callback(user, user, "private", "v1:" + _text.Pick(ChoiceLike), "plausible choice"),
            6 => Callback(user, user, "private", _text.Pick(["v0:m:headache", "v2:m:breathe", "V1:m:help", "v1", "v1:", "m:headache", "bb1:abcd1234:1:x"]), "old or other version"),
            7 => Callback(user, user, "private", "v1:" + Padded(61), "64 bytes of data"),
            8 => Callback(user, user, "private", "v1:" + Padded(_text.Random.Next(62, 300)), "over 64 bytes of data"),
            9 => Callback(user, user, "private", "v1:" + _text.Unicode(_text.Random.Next(1, 30)), "non-ASCII data"),
            10 when _callbackIds.Count > 0 => Callback(user, user, "private", "v1:" + _text.Pick(ChoiceLike), "replayed callback id", callbackId: _text.Pick(_callbackIds)),
            _ => Callback(user, user, "private", _text.Chance(50) ? null : "v1:" + _text.Pick(ChoiceLike), "inaccessible message", date: 0),
        };
    }

    private string Padded(int length) => _text.Garbage(length);

    private FuzzUpdate GroupCallback()
    {
        var chat = _text.Pick(Groups);
        var user = _text.Pick(PrivateUsers);
        var data = _shownButtons(chat) is { Count: > 0 } shown && _text.Chance(60) ? _text.Pick(shown)
            : _seenData.Count > 0 && _text.Chance(50) ? _text.Pick(_seenData)
            : "v1:" + _text.Pick(ChoiceLike);
        return Callback(chat, user, TypeOf(chat), data, "group press");
    }

    private FuzzUpdate Malformed()
    {
        var user = _text.Pick(PrivateUsers);
        var chat = _text.Chance(50) ? user : _text.Pick(Groups);
        var type = TypeOf(chat);
        switch (_text.Random.Next(11))
        {
            case 0:
                return new(new JsonObject { ["message"] = Message(chat, type, from: null, _text.Next()) }, "message without from");
            case 1:
            {
                var m = Message(chat, type, User(user), _text.Next());
                m.Remove("chat");
                return new(new JsonObject { ["message"] = m }, "message without chat");
            }

            case 2:
            {
                var m = Message(chat, type, User(user), text: null);
                m["text"] = null;
                return new(new JsonObject { ["message"] = m }, "null text");
            }

            case 3:
                return new(new JsonObject { ["message"] = Message(chat, type, User(user), text: null) }, "message without text (a sticker)");
            case 4:
            {
                var huge = _text.HugeId();
                return new(new JsonObject { ["message"] = Message(huge, _text.Pick(["private", "group", "supergroup"]), User(_text.HugeId()), _text.Next()) }, "huge ids");
            }

            case 5:
            {
                var u = Callback(chat, user, type, "v1:m:help", "callback without from");
                u.Body["callback_query"]!.AsObject().Remove("from");
                return u;
            }

            case 6:
            {
                var u = Callback(chat, user, type, "v1:m:help", "callback without message");
                u.Body["callback_query"]!.AsObject().Remove("message");
                return u;
            }

            case 7:
            {
                var u = Callback(chat, user, type, "v1:m:help", "callback without id");
                u.Body["callback_query"]!.AsObject().Remove("id");
                return u;
            }

            case 8:
                return new(new JsonObject { ["message"] = Message(chat, type, User(user, bot: true), "/help") }, "a bot's message");
            case 9:
            {
                var m = Message(user, "private", User(_text.Pick(PrivateUsers)), _text.Next());
                return new(new JsonObject { ["message"] = m }, "private message from someone other than the chat");
            }

            default:
                return new(new JsonObject(), "empty update");
        }
    }

    private FuzzUpdate OtherKind()
    {
        var user = _text.Pick(PrivateUsers);
        var chat = _text.Chance(50) ? user : _text.Pick(Groups);
        return _text.Random.Next(6) switch
        {
            0 => new(new JsonObject { ["edited_message"] = Message(chat, TypeOf(chat), User(user), "/stop") }, "edited message"),
            1 => new(new JsonObject { ["channel_post"] = Message(-1009000000001, "channel", from: null, "/headache") }, "channel post"),
            2 => new(new JsonObject { ["edited_channel_post"] = Message(-1009000000001, "channel", from: null, "/help") }, "edited channel post"),
            3 => new(new JsonObject { ["message"] = Message(-1009000000001, "channel", User(user), "/breathe") }, "message in a channel"),
            4 => new(new JsonObject { ["message_reaction"] = new JsonObject { ["chat"] = Chat(chat, TypeOf(chat)), ["message_id"] = 1, ["date"] = Now } }, "unknown kind (reaction)"),
            _ => new(new JsonObject { ["future_update_kind_" + _text.Random.Next(9).ToString(CultureInfo.InvariantCulture)] = new JsonObject { ["x"] = 1 } }, "unknown kind"),
        };
    }

    private FuzzUpdate Membership()
    {
        var user = _text.Pick(PrivateUsers);
        var group = _text.Chance(70);
        var chat = group ? _text.Pick(Groups) : user;
        var (from, to) = _text.Random.Next(5) switch
        {
            0 => ("left", "member"),
            1 => ("member", "left"),
            2 => ("member", "kicked"),
            3 => ("member", "administrator"),
            _ => ("kicked", "member"),
        };
        var update = new JsonObject
        {
            ["chat"] = Chat(chat, TypeOf(chat)),
            ["from"] = User(user),
            ["date"] = Now,
            ["old_chat_member"] = Member(from),
            ["new_chat_member"] = Member(to),
        };
        if (_text.Chance(10))
        {
            update.Remove("from");
        }

        return new(new JsonObject { ["my_chat_member"] = update }, "bot membership " + from + "→" + to);

        JsonObject Member(string status)
        {
            var member = new JsonObject { ["status"] = status, ["user"] = User(FakeTelegramServer.BotId, bot: true) };
            if (status == "kicked")
            {
                member["until_date"] = 0;
            }
            else if (status == "administrator")
            {
                foreach (var right in (string[])["can_be_edited", "is_anonymous", "can_manage_chat", "can_delete_messages", "can_manage_video_chats", "can_restrict_members", "can_promote_members", "can_change_info", "can_invite_users"])
                {
                    member[right] = false;
                }
            }

            return member;
        }
    }

    private FuzzUpdate Migration()
    {
        // Groups migrate among the fuzz's own chats only, so every chat stays one the checks know.
        var from = _text.Pick(Groups.Where(g => g > -1_000_000_000_000).ToArray());
        var to = _text.Pick(Groups.Where(g => g < -1_000_000_000_000).ToArray());
        var user = _text.Pick(PrivateUsers);
        var forward = _text.Chance(50);
        var body = forward
            ? Message(from, "group", User(user), text: null)
            : Message(to, "supergroup", User(user), text: null);
        body[forward ? "migrate_to_chat_id" : "migrate_from_chat_id"] = forward ? to : from;
        return new(new JsonObject { ["message"] = body }, "migration");
    }

    public static string Describe(JsonObject body)
    {
        var json = body.ToJsonString();
        var shown = json.Length > 300 ? json[..300] + "…" : json;
        var builder = new StringBuilder(shown.Length);
        foreach (var c in shown)
        {
            builder.Append(char.IsControl(c) || char.IsSurrogate(c) ? $"\\u{(int)c:X4}" : c.ToString());
        }

        return builder.ToString();
    }
}
