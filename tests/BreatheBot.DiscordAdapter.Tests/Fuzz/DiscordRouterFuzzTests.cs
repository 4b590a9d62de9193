using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using BreatheBot.Core.Conversations;
using BreatheBot.Core.Messaging;
using BreatheBot.DiscordAdapter.Gateway;
using BreatheBot.DiscordAdapter.Interactions;
using BreatheBot.DiscordAdapter.Tests.Fakes;
using BreatheBot.Tests.Fuzz;

namespace BreatheBot.DiscordAdapter.Tests.Fuzz;

/// <summary>
/// Issue 7 ("Bad input") at the Discord adapter's mapper: 10,000 seeded random and hostile gateway dispatches through
/// the real <see cref="DiscordEventRouter"/> (from the adapter's own registration): MESSAGE_CREATE with random content,
/// missing or bot authors, webhooks, guild messages, messages in another person's DM channel; INTERACTION_CREATE
/// commands, buttons with forged custom_ids (another user's, another conversation's, old version, overlong,
/// non-ASCII, garbage), modals, pings, unknown types, missing member/user/channel, guild vs DM; replays and
/// out-of-order ids; unknown dispatch types and guild joins/removals. Nothing may throw, and every event for the core
/// must be the conversation of whoever acted; a button only when it is theirs and of that conversation.
/// BREATHEBOT_FUZZ_SEED / BREATHEBOT_FUZZ_EVENTS to explore other seeds.
/// </summary>
public sealed class DiscordRouterFuzzTests
{
    private const int DefaultSeed = 20261129;
    private static readonly int Seed = FuzzText.FromEnvironment("BREATHEBOT_FUZZ_SEED", DefaultSeed);
    private static readonly int Events = FuzzText.FromEnvironment("BREATHEBOT_FUZZ_EVENTS", 10_000);

    private static readonly string[] Choices = ["m:headache", "m:breathe", "e:none", "pb:5", "loc:1", "bp:skip", "pc:stop", "x", "fu:10"];
    private static readonly string[] Guilds = ["9001", "9002"];
    private static readonly string[] GuildChannels = ["9101", "9102", "9201"];

    [Fact(Timeout = 30_000)]
    public async Task Route_random_and_hostile_dispatches_never_throws_and_acts_only_for_the_sender()
    {
        await using var host = await DiscordTestHost.StartAsync();
        var router = host.Get<DiscordEventRouter>();
        var text = new FuzzText(new Random(Seed));
        var random = text.Random;
        var users = Enumerable.Range(0, 20).Select(i => (5001 + i).ToString(CultureInfo.InvariantCulture)).ToArray();
        string DmOf(string user) => (int.Parse(user, CultureInfo.InvariantCulture) + 1000).ToString(CultureInfo.InvariantCulture);
        var failures = new ConcurrentQueue<string>();
        var sent = new List<(string Type, string Json)>();
        var nextId = 100_000L;
        var reached = 0;
        var buttons = 0;

        Route("READY", """{"v":10,"user":{"id":"1","username":"BreatheBot","bot":true},"session_id":"s","resume_gateway_url":"ws://x","guilds":[{"id":"9001","unavailable":true}]}""", "ready");
        foreach (var guild in Guilds)
        {
            Route("GUILD_CREATE", Payloads.GuildCreate(guild, GuildChannels[guild == "9001" ? 0 : 2], "2048"), "guild create");
        }

        // Everyone has written in their own DM once, so the adapter knows whose each DM channel is (as after any real use).
        foreach (var user in users)
        {
            Route("MESSAGE_CREATE", $$"""{"id":"{{nextId++}}","channel_id":"{{DmOf(user)}}","author":{"id":"{{user}}","username":"u"},"content":"hi","type":0}""", "first DM");
        }

        await Task.Yield();
        for (var i = 0; i < Events; i++)
        {
            var user = text.Pick(users);
            var (type, json, kind) = random.Next(100) switch
            {
                < 5 when sent.Count > 0 => Replay(),
                < 30 => DmMessage(user),
                < 35 => GuildMessage(user),
                < 50 => Command(user),
                < 85 => Button(user),
                < 90 => OtherInteraction(user),
                < 95 => Malformed(user),
                _ => OtherDispatch(),
            };
            if (sent.Count < 1000)
            {
                sent.Add((type, json));
            }

            Route(type, json, $"#{i} {kind}");
        }

        Assert.True(reached > Events / 4, $"Seed {Seed}: only {reached} of {Events} dispatches reached the core.");
        Assert.True(buttons > Events / 20, $"Seed {Seed}: only {buttons} button presses were accepted: the fuzz is not pressing real buttons.");
        Assert.True(failures.IsEmpty, $"Seed {Seed}: {failures.Count} failures. First ones:\n{string.Join("\n", failures.Take(10))}");

        void Route(string type, string json, string kind)
        {
            var context = $"seed {Seed}, {kind}: {type} {Shorten(json)}";
            JsonElement data;
            try
            {
                data = JsonDocument.Parse(json).RootElement.Clone();
            }
            catch (JsonException ex)
            {
                failures.Enqueue($"{context}: the generator made invalid JSON ({ex.Message})");
                return;
            }

            IReadOnlyList<WorkItem> items;
            try
            {
                items = router.RouteAll(new GatewayDispatch(type, random.Next(1, 1000), data, DateTimeOffset.UtcNow));
            }
            catch (Exception ex)
            {
                failures.Enqueue($"{context}: RouteAll threw {ex.GetType().Name}: {ex.Message}");
                return;
            }

            foreach (var item in items)
            {
                item.Interaction?.Dispose();
                if (item.Inbound is { } inbound && type is "MESSAGE_CREATE" or "INTERACTION_CREATE")
                {
                    reached++;
                    Check(data, inbound, item, context);
                }
            }
        }

        void Check(JsonElement data, InboundEvent inbound, WorkItem item, string context)
        {
            void Fail(string what) => failures.Enqueue($"{context}: {what}; core got {inbound.GetType().Name} for {inbound.Key} from '{inbound.SenderId}'");
            var actor = Get(data, "author", "id") ?? Get(data, "member", "user", "id") ?? Get(data, "user", "id");
            var channel = Get(data, "channel_id");
            var guild = Get(data, "guild_id");
            if (actor is null || channel is null)
            {
                Fail("an event without a sender or a channel");
                return;
            }

            var expected = guild is null ? ConversationKey.Private(Platform.Discord, channel, actor) : ConversationKey.Channel(Platform.Discord, channel);
            if (inbound.Key != expected || inbound.SenderId != actor || inbound.Chat != (guild is null ? ChatKind.Private : ChatKind.Group))
            {
                Fail($"not the conversation of the sender (expected {expected})");
            }

            if (guild is null && users.Contains(actor) && channel != DmOf(actor) && users.Any(u => DmOf(u) == channel))
            {
                Fail("acted in another person's DM channel");
            }

            if (item.Partition != inbound.Key.ToString())
            {
                Fail("partition is not the conversation");
            }

            if (inbound is ChoiceSelected)
            {
                buttons++;
                var customId = Get(data, "data", "custom_id");
                if (!CustomIds.TryDecode(customId, out var id) || (!id.IsForAnyone && id.Owner != actor) || id.ConversationTag != CustomIds.Tag(expected))
                {
                    Fail($"a button that is not this person's or not of this conversation was accepted ({customId})");
                }
            }
        }

        (string, string, string) Replay()
        {
            var (t, j) = sent[random.Next(sent.Count)];
            return (t, j, "replay");
        }

        string NextId() => random.Next(10) == 0
            ? (nextId - random.Next(1, 5000)).ToString(CultureInfo.InvariantCulture) // out of order (maybe a repeat)
            : (nextId++).ToString(CultureInfo.InvariantCulture);

        string Str(string? s) => s is null ? "null" : JsonSerializer.Serialize(s);

        (string, string, string) DmMessage(string user)
        {
            var channel = random.Next(10) == 0 ? DmOf(text.Pick(users)) : DmOf(user);
            var content = random.Next(30) == 0 ? null : text.Next();
            return ("MESSAGE_CREATE",
                $$"""{"id":"{{NextId()}}","channel_id":"{{channel}}","author":{"id":"{{user}}","username":"u"},"content":{{Str(content)}},"type":0,"timestamp":"2026-11-29T07:00:00.000000+00:00"}""",
                channel == DmOf(user) ? "DM message" : "message in another person's DM");
        }

        (string, string, string) GuildMessage(string user)
        {
            var guild = text.Pick(Guilds);
            return ("MESSAGE_CREATE", Payloads.GuildMessage(NextId(), text.Pick(GuildChannels), guild, user, JsonEncode(text.Next())), "guild message");
        }

        (string, string, string) Command(string user)
        {
            var name = random.Next(6) == 0 ? text.Garbage(random.Next(1, 12)) : text.Pick(FuzzText.Commands);
            var options = random.Next(4) == 0 ? "[{\"name\":\"change\",\"type\":3,\"value\":" + JsonSerializer.Serialize(text.Next()) + "}]" : null;
            var id = NextId();
            return random.Next(3) == 0
                ? ("INTERACTION_CREATE", Payloads.Command(id, "itok-" + id, JsonEncode(name), text.Pick(GuildChannels), user, text.Pick(Guilds), random.Next(2) == 0 ? "0" : "32", options), "guild command")
                : ("INTERACTION_CREATE", Payloads.Command(id, "itok-" + id, JsonEncode(name), random.Next(10) == 0 ? DmOf(text.Pick(users)) : DmOf(user), user, null, "0", options), "DM command");
        }

        (string, string, string) Button(string user)
        {
            var inGuild = random.Next(4) == 0;
            var guild = inGuild ? text.Pick(Guilds) : null;
            var channel = inGuild ? text.Pick(GuildChannels) : random.Next(10) == 0 ? DmOf(text.Pick(users)) : DmOf(user);
            var key = inGuild ? ConversationKey.Channel(Platform.Discord, channel) : ConversationKey.Private(Platform.Discord, channel, user);
            var other = text.Pick(users);
            var otherKey = random.Next(2) == 0 ? ConversationKey.Private(Platform.Discord, DmOf(other), other) : ConversationKey.Channel(Platform.Discord, text.Pick(GuildChannels));
            var (customId, kind) = random.Next(12) switch
            {
                < 4 => (CustomIds.Encode(key, user, text.Pick(Choices)), "own button"),
                4 => (CustomIds.Encode(key, CustomIds.AnyOwner, text.Pick(Choices)), "anyone's button"),
                5 => (CustomIds.Encode(key, other, text.Pick(Choices)), "another user's button"),
                6 => (CustomIds.Encode(otherKey, user, text.Pick(Choices)), "a button of another conversation"),
                7 => ("bb0" + CustomIds.Encode(key, user, "m:help")[3..], "old version"),
                8 => (CustomIds.Encode(key, user, text.Garbage(random.Next(60, 200))), "overlong"),
                9 => (CustomIds.Encode(key, user, text.Unicode(random.Next(1, 20))), "non-ASCII"),
                10 => (text.Garbage(random.Next(0, 120)), "garbage"),
                _ => ("bb1:" + text.Garbage(8) + ":" + user + ":m:help", "forged tag"),
            };
            var id = NextId();
            return ("INTERACTION_CREATE", Payloads.Button(id, "itok-" + id, JsonEncode(customId), channel, user, "7000", guild, random.Next(2) == 0 ? "0" : "32"), kind);
        }

        (string, string, string) OtherInteraction(string user)
        {
            var id = NextId();
            var type = text.Pick([1, 4, 5, 5, 99, 0, -1]);
            var modal = type == 5
                ? $$$""","data":{"custom_id":"m","components":[{"type":1,"components":[{"type":4,"custom_id":"v","value":{{{Str(text.Next())}}}}]},{"type":18,"component":{"type":4,"custom_id":"w","value":{{{Str(text.Next())}}}}}]}"""
                : "";
            var guildPart = random.Next(3) == 0 ? $$""","guild_id":"{{text.Pick(Guilds)}}","member":{"user":{"id":"{{user}}"},"permissions":"0"}""" : $$""","user":{"id":"{{user}}"}""";
            var channel = guildPart.Contains("guild_id", StringComparison.Ordinal) ? text.Pick(GuildChannels) : DmOf(user);
            return ("INTERACTION_CREATE", $$"""{"id":"{{id}}","application_id":"100","type":{{type}},"token":"itok-{{id}}","channel_id":"{{channel}}"{{guildPart}}{{modal}}}""", "interaction type " + type);
        }

        (string, string, string) Malformed(string user)
        {
            var id = NextId();
            return random.Next(8) switch
            {
                0 => ("INTERACTION_CREATE", $$$"""{"id":"{{{id}}}","type":3,"token":"t","channel_id":"{{{DmOf(user)}}}","data":{"custom_id":"x"}}""", "interaction without user or member"),
                1 => ("INTERACTION_CREATE", $$$"""{"id":"{{{id}}}","type":3,"token":"t","guild_id":"9001","channel_id":"9101","member":{"roles":[]},"data":{"custom_id":"x"}}""", "member without user"),
                2 => ("INTERACTION_CREATE", $$$"""{"id":"{{{id}}}","type":2,"token":"t","user":{"id":"{{{user}}}"},"data":{"name":"help"}}""", "interaction without channel"),
                3 => ("MESSAGE_CREATE", $$"""{"id":"{{id}}","channel_id":"{{DmOf(user)}}","content":"hi"}""", "message without author"),
                4 => ("MESSAGE_CREATE", $$"""{"id":"{{id}}","channel_id":"{{DmOf(user)}}","author":{"id":"{{user}}","bot":true},"content":"/headache"}""", "bot author"),
                5 => ("MESSAGE_CREATE", $$"""{"id":"{{id}}","channel_id":"{{DmOf(user)}}","author":{"id":"{{user}}"},"webhook_id":"77","content":"/headache"}""", "webhook message"),
                6 => ("INTERACTION_CREATE", $$$"""{"id":{{{text.HugeId()}}},"type":"3","user":{"id":{{{text.HugeId()}}}},"channel_id":[],"data":{"custom_id":5}}""", "wrong JSON types"),
                _ => ("MESSAGE_CREATE", "{}", "empty object"),
            };
        }

        (string, string, string) OtherDispatch() => random.Next(5) switch
        {
            0 => ("TYPING_START", """{"channel_id":"6001","user_id":"5001"}""", "unknown dispatch"),
            1 => ("GUILD_DELETE", Payloads.GuildDelete(text.Pick(Guilds), unavailable: random.Next(2) == 0), "guild delete"),
            2 => ("GUILD_CREATE", Payloads.GuildCreate(text.Pick(Guilds), text.Pick(GuildChannels), "2048"), "guild create"),
            3 => ("MESSAGE_UPDATE", """{"id":"1","channel_id":"6001","content":"/stop"}""", "edited message"),
            _ => ("INTERACTION_CREATE", "null", "null data"),
        };
    }

    private static string JsonEncode(string s) => JsonSerializer.Serialize(s)[1..^1];

    private static string? Get(JsonElement element, params string[] path)
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

    private static string Shorten(string json) => json.Length > 240 ? json[..240] + "…" : json;
}
