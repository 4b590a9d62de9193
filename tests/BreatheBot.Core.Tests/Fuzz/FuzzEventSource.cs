using System.Globalization;
using System.Text;
using BreatheBot.Core.Commands;
using BreatheBot.Core.Content;
using BreatheBot.Core.Conversations;
using BreatheBot.Core.Messaging;

namespace BreatheBot.Core.Tests.Fuzz;

/// <summary>One conversation the fuzz drives: a person's private chat, or a group channel with several members.</summary>
internal sealed record FuzzConversation(ConversationKey Key, ChatKind Chat, IReadOnlyList<string> Members);

/// <summary>What the fuzz does next: an inbound event, or moving the clock so that wake-ups fall due.</summary>
internal abstract record FuzzStep;

internal sealed record SendStep(InboundEvent Inbound) : FuzzStep;

internal sealed record AdvanceClockStep(TimeSpan By) : FuzzStep;

/// <summary>
/// A seeded generator of hostile and ordinary chat events: real answers, random Unicode, emoji, control characters,
/// 10k-character messages, forged, replayed and foreign button payloads, commands with odd arguments, redelivered
/// events, stale timer events and clock jumps, spread over many conversations. Deterministic for a given seed.
/// </summary>
internal sealed class FuzzEventSource
{
    /// <summary>Typed warning signs, whole and half (the detector's corpus has many more).</summary>
    private static readonly string[] WarningSigns =
    [
        "WORST HEADACHE OF MY LIFE", "my speech sounds drunk", "I went out cold", "stiff neck", "I have a fever", "i hit my head",
        "my vision is a bit blurry", "seizur", "numbb arm", "I'm dying to sit down", "no fever or stiff neck, just tired",
    ];

    private static readonly string[] Ordinary =
    [
        "no", "yes", "none", "none of these", "6", "0", "10", "11", "-1", "2", "3", "1", "done", "skip", "start", "stop", "help",
        "?", "back of the head", "pressing", "throbbing", "resonance", "box", "478", "nothing", "ok", "sure", "dizzy",
        "skip breathing", "restart", "again", "cancel", "end", "what can you do", "better", "worse", "same", "breathing",
        "headache", "points", "massage", "i have a headache", "not sure", "1 2 3", "5/10", "7.5", "１２", "٣", "Ⅻ",
    ];

    private static readonly string[] Emoji = ["😀", "🤕", "💆‍♀️", "👍🏽", "🫁", "❤️", "🧠", "👨‍👩‍👧‍👦", "🏳️‍🌈", "🇬🇧"];

    private static readonly string[] Odd =
    [
        "", " ", "\t", "\n\n\n", "\0", "\u200B", "\u202E", "\uFEFF", "\r\n", "\u0007", "\u001B[31m", "\uD800", "\uDC00", "\uFFFF", "\uFFFE",
        "null", "undefined", "NaN", "%s%s%n", "{0}", "<b>bold</b>", "*x*", "_y_", "`z`", "' OR 1=1 --", "$where", "{\"$step\":\"idle\"}",
        "İ", "ß", "ǅ", "ﬁ", "Å", "\u0301", "a\u0301", "🤕\u0000🤕", "/", "//", "/ ", "@bot", "/start@BreatheBot",
    ];

    private static readonly string[] ForgedChoices =
    [
        "pb:99", "pb:-1", "pb:", "loc:-1", "loc:99", "loc:done", "loc:", "x", "", ":", "::", "e:", "e:none", "e:yes", "e:E9", "s:none", "s:S99",
        "ch:9", "ch:-3", "ft:done", "ft:99", "tr:0", "tr:99", "tr:done", "med:0", "med:9", "mt:9", "bp:0", "bp:1", "bp:2", "bp:9", "bp:skip",
        "bl:0", "bl:99", "pc:stop", "pc:dizzy", "pc:x", "ps:restart", "ps:skip", "op:yes", "op:no", "ci:none", "ci:yes", "mu:hold", "mu:skip",
        "mu:x", "sb:stop", "m:headache", "m:breathe", "m:points", "m:help", "m:x", "ot:skip", "fu:0", "fu:10", "fu:99", "wh:0", "wh:9",
        "pb:2147483648", "pb:00000000000000000000000000000007", "loc:1:1", "LOC:1", " pb:5", "pb:5 ", "pb:٥", new string('x', 64),
        "e:none\0", "🤕:1",
    ];

    private static readonly string[] CommandNames = [BotCommands.Start, BotCommands.Headache, BotCommands.Breathe, BotCommands.Points, BotCommands.Help, BotCommands.Stop];

    private static readonly string?[] CommandArguments =
    [
        null, "", " ", "headache", "HEADACHE", "breathe", "points", "help", "stop", "x", "headache points", "../../etc", "🤕", "\0", "-1",
        "999999999999999999999", new string('a', 300), "headache\n/points",
    ];

    private readonly Random _random;
    private readonly bool _illFormedUtf16;
    private readonly string[] _odd;
    private readonly List<string> _seenChoiceIds = [];
    private readonly Dictionary<ConversationKey, ReplyChoice[]> _latestChoices = [];
    private readonly List<InboundEvent> _sent = [];
    private int _deliveryId;

    /// <param name="illFormedUtf16">Also send lone surrogates (text no platform should deliver, but a robust core survives)
    /// and U+FFFE (a noncharacter a person can send): both make string.Normalize throw.</param>
    public FuzzEventSource(int seed, IReadOnlyList<FuzzConversation> conversations, bool illFormedUtf16)
    {
        _random = new Random(seed);
        _illFormedUtf16 = illFormedUtf16;
        _odd = illFormedUtf16 ? Odd : [.. Odd.Where(s => !s.Any(c => char.IsSurrogate(c) || c == '\uFFFE'))];
        Conversations = conversations;
    }

    public IReadOnlyList<FuzzConversation> Conversations { get; }

    /// <summary>
    /// Remembers the buttons the bot showed: the latest ones per conversation (pressed in turn, to get deep into the
    /// flows) and all of them (pressed later, elsewhere, out of turn).
    /// </summary>
    public void Saw(ConversationKey key, IReadOnlyList<ReplyChoice> choices)
    {
        if (choices.Count > 0)
        {
            _latestChoices[key] = [.. choices];
        }

        foreach (var choice in choices)
        {
            if (_seenChoiceIds.Count < 4096)
            {
                _seenChoiceIds.Add(choice.Id);
            }
            else
            {
                _seenChoiceIds[_random.Next(_seenChoiceIds.Count)] = choice.Id;
            }
        }
    }

    public FuzzStep Next(DateTimeOffset now)
    {
        var roll = _random.Next(100);
        if (roll < 8)
        {
            return new AdvanceClockStep(ClockJump());
        }

        var conversation = Conversations[_random.Next(Conversations.Count)];
        var sender = conversation.Members[_random.Next(conversation.Members.Count)];
        var at = now - TimeSpan.FromSeconds(_random.Next(0, 3) == 0 ? _random.Next(0, 600) : 0);

        // A third of the private conversations mostly cooperate: they press the buttons just shown, so the fuzz gets deep
        // into the flows (pacer, holds, follow-ups) and the hostile events land at every step.
        var index = Conversations.Count > 0 ? IndexOf(conversation) : 0;
        if (conversation.Chat == ChatKind.Private && index % 3 == 0 && _random.Next(100) < 85)
        {
            InboundEvent cooperative = _latestChoices.TryGetValue(conversation.Key, out var latest)
                ? Pressed(conversation, sender, at, latest[_random.Next(latest.Length)])
                : new CommandReceived(conversation.Key, conversation.Chat, sender, at, NextDeliveryId(), CommandNames[1 + _random.Next(3)], null);
            return new SendStep(cooperative);
        }

        if (roll < 12 && _sent.Count > 0)
        {
            // A redelivery: the very same event again (same delivery id), possibly much later.
            return new SendStep(_sent[_random.Next(_sent.Count)]);
        }

        InboundEvent inbound = roll switch
        {
            < 45 => new ChoiceSelected(conversation.Key, conversation.Chat, sender, at, NextDeliveryId(), ChoiceId(conversation.Key)),
            < 72 => new TextReceived(conversation.Key, conversation.Chat, sender, at, NextDeliveryId(), Text()),
            < 86 => new CommandReceived(conversation.Key, conversation.Chat, sender, at, NextDeliveryId(), CommandName(), CommandArguments[_random.Next(CommandArguments.Length)]),
            < 93 => new MembershipChanged(conversation.Key, conversation.Chat, sender, at, NextDeliveryId(), _random.Next(2) == 0),
            // A timer event an adapter should never send, or a stale one: due at a random instant.
            _ => new TimerFired(conversation.Key, conversation.Chat, now, now - TimeSpan.FromSeconds(_random.Next(-60, 4000))),
        };

        if (inbound.DeliveryId is not null && _sent.Count < 2000)
        {
            _sent.Add(inbound);
        }

        return new SendStep(inbound);
    }

    /// <summary>A press on the latest message, carrying its stamp as an adapter would read it back.</summary>
    private ChoiceSelected Pressed(FuzzConversation conversation, string sender, DateTimeOffset at, ReplyChoice choice) =>
        new(conversation.Key, conversation.Chat, sender, at, NextDeliveryId(), choice.Id) { PromptId = choice.PromptId };

    private int IndexOf(FuzzConversation conversation)
    {
        for (var i = 0; i < Conversations.Count; i++)
        {
            if (Conversations[i].Key == conversation.Key)
            {
                return i;
            }
        }

        return -1;
    }

    private string? NextDeliveryId() => _random.Next(10) == 0 ? null : (++_deliveryId).ToString(CultureInfo.InvariantCulture);

    private TimeSpan ClockJump() => _random.Next(50) switch
    {
        < 35 => TimeSpan.FromMilliseconds(_random.Next(0, 12_000)),
        < 45 => TimeSpan.FromSeconds(_random.Next(0, 120)),
        < 49 => TimeSpan.FromMinutes(_random.Next(1, 90)),
        _ => TimeSpan.FromHours(_random.Next(1, 30)),
    };

    private string ChoiceId(ConversationKey key) => _random.Next(20) switch
    {
        < 11 when _latestChoices.TryGetValue(key, out var latest) => latest[_random.Next(latest.Length)].Id,
        < 14 when _seenChoiceIds.Count > 0 => _seenChoiceIds[_random.Next(_seenChoiceIds.Count)],
        < 19 => ForgedChoices[_random.Next(ForgedChoices.Length)],
        _ => RandomString(_random.Next(0, 40)),
    };

    private string CommandName() => _random.Next(10) switch
    {
        < 8 => CommandNames[_random.Next(CommandNames.Length)],
        8 => RandomString(_random.Next(0, 12)).ToLowerInvariant(),
        _ => _odd[_random.Next(_odd.Length)],
    };

    private string Text() => _random.Next(20) switch
    {
        < 8 => Ordinary[_random.Next(Ordinary.Length)],
        < 10 => Emoji[_random.Next(Emoji.Length)] + (_random.Next(2) == 0 ? " " + Ordinary[_random.Next(Ordinary.Length)] : string.Empty),
        < 12 => _odd[_random.Next(_odd.Length)],
        < 13 => WarningSigns[_random.Next(WarningSigns.Length)],
        < 14 => LongMessage(),
        < 15 => "/" + CommandNames[_random.Next(CommandNames.Length)],
        < 17 => Mix(),
        _ => RandomString(_random.Next(0, 200)),
    };

    private string LongMessage()
    {
        var builder = new StringBuilder(10_000);
        while (builder.Length < 10_000)
        {
            builder.Append(_random.Next(3) switch
            {
                0 => Ordinary[_random.Next(Ordinary.Length)],
                1 => Emoji[_random.Next(Emoji.Length)],
                _ => RandomString(20),
            }).Append(' ');
        }

        // Cutting at 10,000 code units may split a surrogate pair: that is ill-formed text, sent only in that mode.
        builder.Length = 10_000;
        if (!_illFormedUtf16 && char.IsHighSurrogate(builder[^1]))
        {
            builder[^1] = '.';
        }

        return builder.ToString();
    }

    private string Mix()
    {
        var builder = new StringBuilder();
        var parts = _random.Next(1, 6);
        for (var i = 0; i < parts; i++)
        {
            builder.Append(_random.Next(3) switch
            {
                0 => Ordinary[_random.Next(Ordinary.Length)],
                1 => Emoji[_random.Next(Emoji.Length)],
                _ => _odd[_random.Next(_odd.Length)],
            });
        }

        return builder.ToString();
    }

    /// <summary>
    /// Random UTF-16: controls, ASCII, any BMP character, characters beyond the BMP (surrogate pairs), and, when
    /// ill-formed text is on, lone surrogates.
    /// </summary>
    private string RandomString(int length)
    {
        var builder = new StringBuilder(length + 1);
        while (builder.Length < length)
        {
            switch (_random.Next(7))
            {
                case 0:
                    builder.Append((char)_random.Next(0, 0x20));
                    break;
                case 1:
                    builder.Append((char)_random.Next(0x20, 0x7F));
                    break;
                case 2 when _illFormedUtf16:
                    builder.Append((char)_random.Next(0xD800, 0xE000));
                    break;
                case 2:
                    builder.Append(char.ConvertFromUtf32(_random.Next(0x10000, 0x110000)));
                    break;
                case 3:
                    builder.Append((char)_random.Next(0x0080, 0x0800));
                    break;
                default:
                    var c = (char)_random.Next(0, 0x10000);
                    // U+FFFE is well-formed (a noncharacter) but string.Normalize rejects it: sent only with ill-formed text,
                    // until the engine bug it finds is fixed.
                    builder.Append((char.IsSurrogate(c) || c == '\uFFFE') && !_illFormedUtf16 ? '\uFFFD' : c);
                    break;
            }
        }

        return builder.ToString();
    }
}
