using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using BreatheBot.Core.Conversations;
using BreatheBot.Core.Messaging;
using BreatheBot.DiscordAdapter.Gateway;
using BreatheBot.DiscordAdapter.Tests.EndToEnd;
using BreatheBot.DiscordAdapter.Tests.Fakes;
using BreatheBot.Tests.Fuzz;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace BreatheBot.DiscordAdapter.Tests.Fuzz;

/// <summary>
/// Issue 7 at the whole Discord receive path: seeded hostile dispatches (<see cref="DiscordFuzzSource"/>) sent by the fake
/// gateway to the real host (gateway client, dispatcher, router, real core and LiteDB, REST client against the fake),
/// with the fake clock moved now and then so pacers and follow-ups run. The gateway session must stay up (one connection,
/// one identify), nothing may be logged as an error, every event for the core must be its sender's conversation, the
/// bot may post only where someone acted for themselves, and every message, edit and interaction response must be
/// well formed for Discord (content ≤ 2000, ≤ 5 rows × 5 buttons, custom_id 1–100, labels ≤ 80, refusals ephemeral).
/// BREATHEBOT_FUZZ_SEED / BREATHEBOT_FUZZ_EVENTS to explore.
/// </summary>
public sealed class DiscordGatewayFuzzTests
{
    private const int DefaultSeed = 20261129;
    private static readonly int Seed = FuzzText.FromEnvironment("BREATHEBOT_FUZZ_SEED", DefaultSeed);

    /// <summary>Through the whole path (a few ms a dispatch on a 2-core box): fewer than the router's 10,000 by default.</summary>
    private static readonly int Events = FuzzText.FromEnvironment("BREATHEBOT_FUZZ_EVENTS", 1_500);

    private static readonly string[] Refusals =
        [DiscordEventRouter.ForeignButton, DiscordEventRouter.ExpiredButton, DiscordEventRouter.UnknownCommand, DiscordEventRouter.AdminOnly];

    [Fact(Timeout = 90_000)]
    public async Task Gateway_session_survives_hostile_dispatches_and_the_bot_only_ever_acts_for_the_sender()
    {
        var failures = new ConcurrentQueue<string>();
        var raw = new ConcurrentDictionary<string, List<JsonElement>>();
        var actedIn = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        var reached = 0;
        DiscordFuzzSource source = null!;
        RealHost? real = null;
        real = await RealHost.StartAsync(services: s => s.Replace(ServiceDescriptor.Singleton<IConversationHandler>(sp =>
            new CheckedHandler(sp.GetRequiredService<ConversationService>(), inbound =>
            {
                Interlocked.Increment(ref reached);
                var context = $"seed {Seed}, {inbound.GetType().Name} delivery {inbound.DeliveryId}";
                if (inbound.DeliveryId is { } id && raw.TryGetValue(id, out var candidates))
                {
                    // a message and an interaction may share an id (the router keeps them apart): one of them must match
                    var attempts = candidates.Select(data => (Queue: new ConcurrentQueue<string>(), Data: data)).ToList();
                    if (attempts.Any(a => source.Check(a.Data, inbound, context, a.Queue)))
                    {
                        actedIn[inbound.Key.ChatId] = true;
                    }
                    else
                    {
                        foreach (var failure in attempts[0].Queue)
                        {
                            failures.Enqueue(failure);
                        }
                    }
                }
                else if (inbound is MembershipChanged && inbound.Key.IsChannel && DiscordFuzzSource.GuildChannels.Contains(inbound.Key.ChatId))
                {
                    // the bot joined or left a guild (GUILD_CREATE / GUILD_DELETE): its channels are told
                }
                else if (inbound.Key.IsChannel || source.Users.Any(u => DiscordFuzzSource.DmOf(u) == inbound.Key.ChatId && u != inbound.Key.UserId))
                {
                    // the adapter's own events (the /start that opens a DM after a channel command) are private and the person's own
                    failures.Enqueue($"{context}: an event no dispatch carried, for {inbound.Key}");
                }
                else
                {
                    actedIn[inbound.Key.ChatId] = true;
                }
            }))));
        var stopwatch = Stopwatch.StartNew();
        try
        {
            source = new DiscordFuzzSource(Seed, channel => LatestButtons(real.Fake, channel));
            var random = new Random(Seed);
            await SendAsync(new FuzzDispatch("GUILD_CREATE", Payloads.GuildCreate("9001", "9101", "2048"), "guild create"));
            await SendAsync(new FuzzDispatch("GUILD_CREATE", Payloads.GuildCreate("9002", "9201", "2048"), "guild create"));
            foreach (var first in source.FirstDms())
            {
                await SendAsync(first);
            }

            var sent = 0;
            while (sent < Events)
            {
                var wave = Math.Min(1 + random.Next(30), Events - sent);
                for (var i = 0; i < wave; i++, sent++)
                {
                    await SendAsync(source.Next());
                }

                if (random.Next(4) == 0)
                {
                    real.Time.Advance(TimeSpan.FromSeconds(random.Next(1, 30)));
                }

                await SettleAsync(real);
            }

            // The session is still up: a fresh person's /help is answered.
            var before = real.Fake.Requests.Count;
            await real.Fake.DispatchAsync("INTERACTION_CREATE", Payloads.Command("999999999", "itok-probe", "help", "6999", "5999"));
            await FakeDiscord.WaitForAsync(() => real.Fake.RequestsTo("POST", "/interactions/999999999/itok-probe/callback").Count == 1, "the probe's answer", 10_000);
            Assert.True(real.Fake.Requests.Count > before);
            Assert.Equal(GatewayState.Ready, real.Host.Services.GetRequiredService<DiscordGatewayClient>().State);
            Assert.Equal(1, real.Fake.ConnectionCount);
            Assert.Equal(1, real.Fake.IdentifyCount);
        }
        finally
        {
            var logs = real.Host.Services.GetFakeLogCollector().GetSnapshot();
            CheckRequests(real.Fake.Requests, actedIn, failures);
            await real.DisposeAsync();
            foreach (var group in logs.Where(r => r.Level >= LogLevel.Error).GroupBy(r => r.Id.Name))
            {
                failures.Enqueue($"logged {group.Count()}x {group.First().Level} {group.Key}: {group.First().Message} {group.First().Exception}");
            }
        }

        Assert.True(reached > Events / 4, $"Seed {Seed}: only {reached} events reached the core for {Events} dispatches.");
        Assert.True(failures.IsEmpty, $"Seed {Seed} ({stopwatch.Elapsed.TotalSeconds:F1} s): {failures.Count} failures. First ones:\n{string.Join("\n", failures.Take(10))}");

        async Task SendAsync(FuzzDispatch dispatch)
        {
            try
            {
                var data = JsonDocument.Parse(dispatch.Json).RootElement.Clone();
                if (DiscordFuzzSource.Get(data, "id") is { } id && dispatch.Type is "MESSAGE_CREATE" or "INTERACTION_CREATE")
                {
                    // the first message and the first interaction with an id: a later one reusing it is a replay the router drops
                    var list = raw.GetOrAdd(id, _ => []);
                    if (!list.Any(d => IsInteraction(d) == IsInteraction(data)))
                    {
                        list.Add(data);
                    }
                }
            }
            catch (JsonException)
            {
            }

            await real.Fake.DispatchAsync(dispatch.Type, dispatch.Json);
        }
    }

    private static bool IsInteraction(JsonElement data) => data.ValueKind == JsonValueKind.Object && data.TryGetProperty("token", out _);

    /// <summary>
    /// Waits until turns are done and requests stop arriving. Waits inside the adapter run on the fake clock (rate-limit
    /// buckets, the interaction deferral), so when a turn does not finish, the clock moves on a second, as real time would.
    /// </summary>
    private static async Task SettleAsync(RealHost real)
    {
        var count = -1;
        var nudges = 0;
        while (real.Fake.Requests.Count != count)
        {
            count = real.Fake.Requests.Count;
            var idle = real.Conversations.WhenIdleAsync();
            while (await Task.WhenAny(idle, Task.Delay(200)) != idle)
            {
                Assert.True(++nudges < 120, "The bot never became idle, even with the fake clock moved on two minutes.");
                real.Time.Advance(TimeSpan.FromSeconds(1));
            }

            await Task.Delay(25);
        }
    }

    /// <summary>The custom_ids of the latest buttons the bot posted in (or answered an interaction from) a DM channel.</summary>
    private static IReadOnlyList<string>? LatestButtons(FakeDiscord fake, string channel)
    {
        foreach (var r in fake.Requests.Reverse())
        {
            if (r.Method != "POST" || r.Json is not JsonObject json)
            {
                continue;
            }

            var components = r.Path == $"/channels/{channel}/messages" ? json["components"] : null;
            if (components is JsonArray { Count: > 0 } rows)
            {
                return [.. rows.SelectMany(row => row?["components"] as JsonArray ?? []).Select(b => b?["custom_id"]?.GetValue<string>()).OfType<string>()];
            }
        }

        return null;
    }

    private static void CheckRequests(IReadOnlyList<RecordedRequest> requests, ConcurrentDictionary<string, bool> actedIn, ConcurrentQueue<string> failures)
    {
        foreach (var r in requests)
        {
            void Fail(string what) => failures.Enqueue($"{r.Method} {r.Path}: {what} {DiscordFuzzSource.Shorten(r.Body)}");
            if (r.Status == 400)
            {
                Fail("the fake refused it (400)");
            }

            if (Regex.Match(r.Path, @"^/channels/(\d+)/messages") is { Success: true } m && r.Method is "POST" or "PATCH"
                && !DiscordFuzzSource.GuildChannels.Contains(m.Groups[1].Value) && !actedIn.ContainsKey(m.Groups[1].Value))
            {
                Fail("posted in a channel where nobody acted for themselves");
            }

            if (r.Json is not JsonObject json)
            {
                continue;
            }

            var isCallback = r.Path.StartsWith("/interactions/", StringComparison.Ordinal);
            var message = isCallback ? json["data"] as JsonObject : json;
            if (message is null)
            {
                continue;
            }

            if (message["content"]?.GetValue<string>() is { } content)
            {
                if (content.Length > 2000)
                {
                    Fail("content over 2000 characters");
                }

                if (isCallback && Refusals.Contains(content) && ((message["flags"]?.GetValue<int>() ?? 0) & 64) == 0)
                {
                    Fail("a refusal that is not ephemeral");
                }
            }

            if (message["components"] is JsonArray rows)
            {
                if (rows.Count > 5)
                {
                    Fail("more than 5 component rows");
                }

                foreach (var row in rows)
                {
                    if (row?["type"]?.GetValue<int>() != 1 || row["components"] is not JsonArray { Count: >= 1 and <= 5 } buttons)
                    {
                        Fail("a row that is not an action row of 1 to 5 components");
                        continue;
                    }

                    foreach (var button in buttons)
                    {
                        var customId = button?["custom_id"]?.GetValue<string>();
                        var label = button?["label"]?.GetValue<string>();
                        if (customId is null or { Length: 0 or > 100 } || label is { Length: > 80 } || (label is null && button?["emoji"] is null))
                        {
                            Fail($"a button with custom_id '{customId}' (1–100) or label '{label}' (≤ 80) out of bounds");
                        }
                    }
                }
            }
        }
    }

    private sealed class CheckedHandler(IConversationHandler inner, Action<InboundEvent> check) : IConversationHandler
    {
        public Task<TurnReceipt> HandleAsync(InboundEvent inbound, IReplySender? replyVia = null, CancellationToken cancellationToken = default)
        {
            check(inbound);
            return inner.HandleAsync(inbound, replyVia, cancellationToken);
        }

        public Task MigrateChatAsync(Platform platform, string fromChatId, string toChatId, CancellationToken cancellationToken = default) =>
            inner.MigrateChatAsync(platform, fromChatId, toChatId, cancellationToken);
    }
}
