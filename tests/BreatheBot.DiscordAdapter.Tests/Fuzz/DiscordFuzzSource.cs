using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using BreatheBot.Core.Conversations;
using BreatheBot.Core.Messaging;
using BreatheBot.DiscordAdapter.Interactions;
using BreatheBot.DiscordAdapter.Tests.Fakes;
using BreatheBot.Tests.Fuzz;

namespace BreatheBot.DiscordAdapter.Tests.Fuzz;

/// <summary>One generated gateway dispatch: its type, its data JSON and a label for failure reports.</summary>
internal sealed record FuzzDispatch(string Type, string Json, string Kind);

/// <summary>
/// A seeded generator of hostile gateway dispatches: MESSAGE_CREATE with random content, missing or bot authors,
/// webhooks, guild messages, messages in another person's DM channel; INTERACTION_CREATE commands (known, garbage, odd
/// options), buttons with forged custom_ids (another user's, another conversation's, old version, overlong, non-ASCII,
/// garbage, forged tag), modals, pings, unknown types, missing member/user/channel, wrong JSON types, guild vs DM;
/// replays and out-of-order ids; unknown dispatch types and guild joins/removals. Deterministic for a given seed.
/// </summary>
internal sealed class DiscordFuzzSource
{
    public static readonly string[] Guilds = ["9001", "9002"];
    public static readonly string[] GuildChannels = ["9101", "9102", "9201"];
    private static readonly string[] Choices = ["m:headache", "m:breathe", "e:none", "pb:5", "loc:1", "bp:skip", "pc:stop", "x", "fu:10"];

    private readonly FuzzText _text;
    private readonly Random _random;
    private readonly Func<string, IReadOnlyList<string>?> _shownButtons;
    private readonly List<FuzzDispatch> _sent = [];
    private long _nextId = 100_000;

    /// <param name="shownButtons">The custom_ids of the latest buttons shown in a channel (null when unknown).</param>
    public DiscordFuzzSource(int seed, Func<string, IReadOnlyList<string>?>? shownButtons = null)
    {
        _text = new FuzzText(new Random(seed));
        _random = _text.Random;
        _shownButtons = shownButtons ?? (_ => null);
        Users = [.. Enumerable.Range(0, 20).Select(i => (5001 + i).ToString(CultureInfo.InvariantCulture))];
    }

    public IReadOnlyList<string> Users { get; }

    public static string DmOf(string user) => (int.Parse(user, CultureInfo.InvariantCulture) + 1000).ToString(CultureInfo.InvariantCulture);

    /// <summary>Each person writes in their own DM once, so the adapter knows whose each DM channel is (as after any real use).</summary>
    public IEnumerable<FuzzDispatch> FirstDms() => Users.Select(user =>
        new FuzzDispatch("MESSAGE_CREATE", $$"""{"id":"{{_nextId++}}","channel_id":"{{DmOf(user)}}","author":{"id":"{{user}}","username":"u"},"content":"hi","type":0}""", "first DM"));

    public FuzzDispatch Next()
    {
        var user = _text.Pick(Users);
        var roll = _random.Next(100);
        if (roll < 25 && (int.Parse(user, CultureInfo.InvariantCulture) % 3 == 0) && _shownButtons(DmOf(user)) is { Count: > 0 } shown)
        {
            var id = NextId();
            return Keep(new FuzzDispatch("INTERACTION_CREATE", Payloads.Button(id, "itok-" + id, JsonEncode(_text.Pick(shown)), DmOf(user), user, "7000"), "cooperative press"));
        }

        var next = roll switch
        {
            < 5 when _sent.Count > 0 => _sent[_random.Next(_sent.Count)] with { Kind = "replay" },
            < 30 => DmMessage(user),
            < 35 => GuildMessage(user),
            < 50 => Command(user),
            < 85 => Button(user),
            < 90 => OtherInteraction(user),
            < 95 => Malformed(user),
            _ => OtherDispatch(),
        };
        return Keep(next);
    }

    private FuzzDispatch Keep(FuzzDispatch dispatch)
    {
        if (_sent.Count < 1000)
        {
            _sent.Add(dispatch);
        }

        return dispatch;
    }

    private string NextId() => _random.Next(10) == 0
        ? (_nextId - _random.Next(1, 5000)).ToString(CultureInfo.InvariantCulture) // out of order (maybe a repeat of an earlier id)
        : (_nextId++).ToString(CultureInfo.InvariantCulture);

    private static string Str(string? s) => s is null ? "null" : JsonSerializer.Serialize(s);

    private static string JsonEncode(string s) => JsonSerializer.Serialize(s)[1..^1];

    private FuzzDispatch DmMessage(string user)
    {
        var channel = _random.Next(10) == 0 ? DmOf(_text.Pick(Users)) : DmOf(user);
        var content = _random.Next(30) == 0 ? null : _text.Next();
        return new("MESSAGE_CREATE",
            $$"""{"id":"{{NextId()}}","channel_id":"{{channel}}","author":{"id":"{{user}}","username":"u"},"content":{{Str(content)}},"type":0,"timestamp":"2026-11-29T07:00:00.000000+00:00"}""",
            channel == DmOf(user) ? "DM message" : "message in another person's DM");
    }

    private FuzzDispatch GuildMessage(string user) =>
        new("MESSAGE_CREATE", Payloads.GuildMessage(NextId(), _text.Pick(GuildChannels), _text.Pick(Guilds), user, JsonEncode(_text.Next())), "guild message");

    private FuzzDispatch Command(string user)
    {
        var name = _random.Next(6) == 0 ? _text.Garbage(_random.Next(1, 12)) : _text.Pick(FuzzText.Commands);
        var options = _random.Next(4) == 0 ? "[{\"name\":\"change\",\"type\":3,\"value\":" + JsonSerializer.Serialize(_text.Next()) + "}]" : null;
        var id = NextId();
        return _random.Next(3) == 0
            ? new("INTERACTION_CREATE", Payloads.Command(id, "itok-" + id, JsonEncode(name), _text.Pick(GuildChannels), user, _text.Pick(Guilds), _random.Next(2) == 0 ? "0" : "32", options), "guild command")
            : new("INTERACTION_CREATE", Payloads.Command(id, "itok-" + id, JsonEncode(name), _random.Next(10) == 0 ? DmOf(_text.Pick(Users)) : DmOf(user), user, null, "0", options), "DM command");
    }

    private FuzzDispatch Button(string user)
    {
        var inGuild = _random.Next(4) == 0;
        var guild = inGuild ? _text.Pick(Guilds) : null;
        var channel = inGuild ? _text.Pick(GuildChannels) : _random.Next(10) == 0 ? DmOf(_text.Pick(Users)) : DmOf(user);
        var key = inGuild ? ConversationKey.Channel(Platform.Discord, channel) : ConversationKey.Private(Platform.Discord, channel, user);
        var other = _text.Pick(Users);
        var otherKey = _random.Next(2) == 0 ? ConversationKey.Private(Platform.Discord, DmOf(other), other) : ConversationKey.Channel(Platform.Discord, _text.Pick(GuildChannels));
        var (customId, kind) = _random.Next(13) switch
        {
            < 4 => (CustomIds.Encode(key, user, _text.Pick(Choices)), "own button"),
            4 => (CustomIds.Encode(key, CustomIds.AnyOwner, _text.Pick(Choices)), "anyone's button"),
            5 => (CustomIds.Encode(key, other, _text.Pick(Choices)), "another user's button"),
            6 => (CustomIds.Encode(otherKey, user, _text.Pick(Choices)), "a button of another conversation"),
            7 => ("bb0" + CustomIds.Encode(key, user, "m:help")[3..], "old version"),
            8 => (CustomIds.Encode(key, user, _text.Garbage(_random.Next(60, 200))), "overlong"),
            9 => (CustomIds.Encode(key, user, _text.Unicode(_random.Next(1, 20))), "non-ASCII"),
            10 => (_text.Garbage(_random.Next(0, 120)), "garbage"),
            11 when _shownButtons(DmOf(other)) is { Count: > 0 } theirs => (_text.Pick(theirs), "a button shown to someone else"),
            _ => ("bb1:" + _text.Garbage(8) + ":" + user + ":m:help", "forged tag"),
        };
        var id = NextId();
        return new("INTERACTION_CREATE", Payloads.Button(id, "itok-" + id, JsonEncode(customId), channel, user, "7000", guild, _random.Next(2) == 0 ? "0" : "32"), kind);
    }

    private FuzzDispatch OtherInteraction(string user)
    {
        var id = NextId();
        var type = _text.Pick([1, 4, 5, 5, 99, 0, -1]);
        var modal = type == 5
            ? $$$""","data":{"custom_id":"m","components":[{"type":1,"components":[{"type":4,"custom_id":"v","value":{{{Str(_text.Next())}}}}]},{"type":18,"component":{"type":4,"custom_id":"w","value":{{{Str(_text.Next())}}}}}]}"""
            : "";
        var inGuild = _random.Next(3) == 0;
        var who = inGuild ? $$""","guild_id":"{{_text.Pick(Guilds)}}","member":{"user":{"id":"{{user}}"},"permissions":"0"}""" : $$""","user":{"id":"{{user}}"}""";
        var channel = inGuild ? _text.Pick(GuildChannels) : DmOf(user);
        return new("INTERACTION_CREATE", $$"""{"id":"{{id}}","application_id":"100","type":{{type}},"token":"itok-{{id}}","channel_id":"{{channel}}"{{who}}{{modal}}}""", "interaction type " + type);
    }

    private FuzzDispatch Malformed(string user)
    {
        var id = NextId();
        return _random.Next(8) switch
        {
            0 => new("INTERACTION_CREATE", $$$"""{"id":"{{{id}}}","type":3,"token":"itok-{{{id}}}","channel_id":"{{{DmOf(user)}}}","data":{"custom_id":"x"}}""", "interaction without user or member"),
            1 => new("INTERACTION_CREATE", $$$"""{"id":"{{{id}}}","type":3,"token":"itok-{{{id}}}","guild_id":"9001","channel_id":"9101","member":{"roles":[]},"data":{"custom_id":"x"}}""", "member without user"),
            2 => new("INTERACTION_CREATE", $$$"""{"id":"{{{id}}}","type":2,"token":"itok-{{{id}}}","user":{"id":"{{{user}}}"},"data":{"name":"help"}}""", "interaction without channel"),
            3 => new("MESSAGE_CREATE", $$"""{"id":"{{id}}","channel_id":"{{DmOf(user)}}","content":"hi"}""", "message without author"),
            4 => new("MESSAGE_CREATE", $$"""{"id":"{{id}}","channel_id":"{{DmOf(user)}}","author":{"id":"{{user}}","bot":true},"content":"/headache"}""", "bot author"),
            5 => new("MESSAGE_CREATE", $$"""{"id":"{{id}}","channel_id":"{{DmOf(user)}}","author":{"id":"{{user}}"},"webhook_id":"77","content":"/headache"}""", "webhook message"),
            6 => new("INTERACTION_CREATE", $$$"""{"id":{{{_text.HugeId()}}},"type":"3","user":{"id":{{{_text.HugeId()}}}},"channel_id":[],"data":{"custom_id":5}}""", "wrong JSON types"),
            _ => new("MESSAGE_CREATE", "{}", "empty object"),
        };
    }

    private FuzzDispatch OtherDispatch() => _random.Next(5) switch
    {
        0 => new("TYPING_START", """{"channel_id":"6001","user_id":"5001"}""", "unknown dispatch"),
        1 => new("GUILD_DELETE", Payloads.GuildDelete(_text.Pick(Guilds), unavailable: _random.Next(2) == 0), "guild delete"),
        2 => new("GUILD_CREATE", Payloads.GuildCreate(_text.Pick(Guilds), _text.Pick(GuildChannels), "2048"), "guild create"),
        3 => new("MESSAGE_UPDATE", """{"id":"1","channel_id":"6001","content":"/stop"}""", "edited message"),
        _ => new("INTERACTION_CREATE", "null", "null data"),
    };

    /// <summary>
    /// The event must be the conversation of whoever acted, read from the raw JSON: a DM as (channel, sender) and never in
    /// another fuzz person's DM channel; a guild channel as its shared conversation; a button only when its owner is the
    /// presser (or anyone) and its tag is this conversation's.
    /// </summary>
    public bool Check(JsonElement data, InboundEvent inbound, string context, ConcurrentQueue<string> failures)
    {
        void Fail(string what) => failures.Enqueue($"{context}: {what}; core got {inbound.GetType().Name} for {inbound.Key} from '{inbound.SenderId}'");
        var actor = Get(data, "author", "id") ?? Get(data, "member", "user", "id") ?? Get(data, "user", "id");
        var channel = Get(data, "channel_id");
        var guild = Get(data, "guild_id");
        if (actor is null || channel is null)
        {
            Fail("an event without a sender or a channel");
            return false;
        }

        var ok = true;
        var expected = guild is null ? ConversationKey.Private(Platform.Discord, channel, actor) : ConversationKey.Channel(Platform.Discord, channel);
        if (inbound.Key != expected || inbound.SenderId != actor || inbound.Chat != (guild is null ? ChatKind.Private : ChatKind.Group))
        {
            Fail($"not the conversation of the sender (expected {expected})");
            ok = false;
        }

        if (guild is null && Users.Contains(actor) && channel != DmOf(actor) && Users.Any(u => DmOf(u) == channel))
        {
            Fail("acted in another person's DM channel");
            ok = false;
        }

        if (inbound is ChoiceSelected)
        {
            var customId = Get(data, "data", "custom_id");
            if (!CustomIds.TryDecode(customId, out var id) || (!id.IsForAnyone && id.Owner != actor) || id.ConversationTag != CustomIds.Tag(expected))
            {
                Fail($"a button that is not this person's or not of this conversation was accepted ({customId})");
                ok = false;
            }
        }

        return ok;
    }

    public static string? Get(JsonElement element, params string[] path)
    {
        foreach (var name in path)
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out element))
            {
                return null;
            }
        }

        return element.ValueKind == JsonValueKind.String ? element.GetString() : null;
    }

    public static string Shorten(string json) => json.Length > 240 ? json[..240] + "…" : json;
}
