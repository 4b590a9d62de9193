using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using BreatheBot.Core.Conversations;
using BreatheBot.Core.Messaging;
using BreatheBot.Host;
using BreatheBot.TelegramAdapter.Outbound;
using BreatheBot.TelegramAdapter.Tests.EndToEnd;
using BreatheBot.TelegramAdapter.Tests.Fakes;
using BreatheBot.Tests.Fuzz;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using Telegram.Bot;
using Telegram.Bot.Types;

namespace BreatheBot.TelegramAdapter.Tests.Fuzz;

/// <summary>
/// Issue 7 ("Bad input") at the Telegram adapter: seeded random and malformed updates (see <see cref="TelegramFuzzSource"/>)
/// through the mapper alone, and through the whole receive path (fake Bot API, real Telegram.Bot client, receiver,
/// dispatcher, real core and LiteDB). Reproducible: the seed is in every failure message; set BREATHEBOT_FUZZ_SEED (and
/// BREATHEBOT_FUZZ_EVENTS) to try others.
/// </summary>
public sealed class TelegramFuzzTests
{
    private const int DefaultSeed = 20261129;
    private static readonly int Seed = FuzzText.FromEnvironment("BREATHEBOT_FUZZ_SEED", DefaultSeed);
    private static readonly int Events = FuzzText.FromEnvironment("BREATHEBOT_FUZZ_EVENTS", 10_000);

    /// <summary>Through the whole receive path (~5 ms an update on a 2-core box): a quarter of the mapper's count by default.</summary>
    private static readonly int ReceiveEvents = FuzzText.FromEnvironment("BREATHEBOT_FUZZ_EVENTS", 2_500);

    [Fact]
    public void Map_random_and_malformed_updates_never_throws_and_gives_every_event_its_senders_conversation()
    {
        var mapper = new TelegramUpdateMapper(new FakeTimeProvider());
        var source = new TelegramFuzzSource(Seed, _ => null);
        var failures = new ConcurrentQueue<string>();
        var reached = 0;
        for (var i = 0; i < Events; i++)
        {
            var generated = source.Next();
            var body = generated.Body;
            body["update_id"] = 1000 + i;
            var context = $"seed {Seed}, update #{i} ({generated.Kind}) {TelegramFuzzSource.Describe(body)}";
            Update update;
            try
            {
                update = JsonSerializer.Deserialize<Update>(body.ToJsonString(), JsonBotAPI.Options)!;
            }
            catch (JsonException ex)
            {
                failures.Enqueue($"{context}: the generator made JSON Telegram.Bot cannot read ({ex.Message})");
                continue;
            }

            try
            {
                var mapped = mapper.Map(update, TelegramFuzzSource.BotUsername);
                if (mapped.Inbound is { } inbound)
                {
                    reached++;
                    TelegramFuzzChecks.CheckInbound(body, inbound, context, failures);
                }

                if (update.CallbackQuery is { Id: not null } query && mapped.CallbackQueryId != query.Id)
                {
                    failures.Enqueue($"{context}: a button press that would not be answered (its spinner keeps turning)");
                }
            }
            catch (Exception ex)
            {
                failures.Enqueue($"{context}: Map threw {ex.GetType().Name}: {ex.Message}");
            }
        }

        Assert.True(reached > Events / 3, $"Seed {Seed}: only {reached} of {Events} updates reached the core: the fuzz is not exercising the mapper.");
        Assert.True(failures.IsEmpty, $"Seed {Seed}: {failures.Count} failures. First ones:\n{string.Join("\n", failures.Take(10))}");
    }

    [Fact]
    public async Task Receive_path_survives_random_and_malformed_updates_and_only_ever_acts_for_the_sender()
    {
        var failures = new ConcurrentQueue<string>();
        var raw = new ConcurrentDictionary<string, JsonObject>();
        var actedIn = new ConcurrentDictionary<long, bool>();
        var reachedCore = 0;
        var logs = new FakeLogCollector();
        var database = BotHarness.NewDatabasePath();
        await using var server = await FakeTelegramServer.StartAsync();
        server.LongPollCap = TimeSpan.FromMilliseconds(50);
        var host = await StartHostAsync(server, database, logs, inbound =>
        {
            Interlocked.Increment(ref reachedCore);
            var context = $"seed {Seed}, update {inbound.DeliveryId}";
            if (inbound.DeliveryId is not { } id || !raw.TryGetValue(id, out var update))
            {
                failures.Enqueue($"{context}: the core got an event no update carried ({inbound.GetType().Name} for {inbound.Key})");
                return;
            }

            if (TelegramFuzzChecks.CheckInbound(update, inbound, $"{context} {TelegramFuzzSource.Describe(update)}", failures) is { } chat)
            {
                actedIn[chat] = true;
                if (update["message"]?["migrate_to_chat_id"] is { } to)
                {
                    actedIn[to.GetValue<long>()] = true;
                }
            }
        });

        var stopwatch = Stopwatch.StartNew();
        try
        {
            var source = new TelegramFuzzSource(Seed, chat => LatestButtons(server, chat));
            var nextId = 10_000;
            var gaps = new List<int>();
            var sent = new List<(int Id, JsonObject Body)>();
            var injected = 0;
            while (injected < ReceiveEvents)
            {
                // A wave of updates (some duplicated, some with ids from earlier gaps, i.e. out of order), then a
                // plain update with the highest id: once it is confirmed, the whole wave has been handled.
                var wave = Math.Min(1 + source.Random.Next(80), ReceiveEvents - injected);
                for (var i = 0; i < wave; i++, injected++)
                {
                    var roll = source.Random.Next(100);
                    if (roll < 4 && sent.Count > 0)
                    {
                        var (dupId, dupBody) = sent[source.Random.Next(sent.Count)];
                        server.InjectUpdate((JsonObject)dupBody.DeepClone(), dupId); // a redelivery: same update_id, same content
                        continue;
                    }

                    int id;
                    if (roll < 7 && gaps.Count > 0)
                    {
                        var g = source.Random.Next(gaps.Count);
                        id = gaps[g];
                        gaps.RemoveAt(g); // out of order: lower than ids already handled
                    }
                    else
                    {
                        if (roll < 10)
                        {
                            var jump = source.Random.Next(2, 5000);
                            for (var k = 1; k < Math.Min(jump, 20); k++)
                            {
                                gaps.Add(nextId + k);
                            }

                            nextId += jump; // Telegram's ids jump after a quiet spell
                        }

                        id = nextId++;
                    }

                    var body = source.Next().Body;
                    body["update_id"] = id;
                    raw[id.ToString(System.Globalization.CultureInfo.InvariantCulture)] = (JsonObject)body.DeepClone();
                    server.InjectUpdate(body, id);
                    if (sent.Count < 500)
                    {
                        sent.Add((id, (JsonObject)body.DeepClone()));
                    }
                }

                var marker = nextId++;
                var markerUser = source.PrivateUsers[0];
                var markerBody = new JsonObject
                {
                    ["message"] = new JsonObject
                    {
                        ["message_id"] = marker,
                        ["from"] = TelegramFuzzSource.User(markerUser),
                        ["chat"] = TelegramFuzzSource.Chat(markerUser, "private"),
                        ["date"] = 1_767_225_600,
                        ["text"] = "ok",
                    },
                };
                markerBody["update_id"] = marker;
                raw[marker.ToString(System.Globalization.CultureInfo.InvariantCulture)] = (JsonObject)markerBody.DeepClone();
                server.InjectUpdate(markerBody, marker);
                try
                {
                    await server.WaitForConfirmedAsync(marker + 1, TimeSpan.FromSeconds(30));
                }
                catch (TimeoutException)
                {
                    Assert.Fail($"Seed {Seed}: receiving stalled after {injected} updates (confirmed offset {server.ConfirmedOffset}, waiting for {marker + 1}).\n"
                        + string.Join("\n", logs.GetSnapshot().Where(r => r.Level >= LogLevel.Warning).TakeLast(5).Select(r => $"{r.Level} {r.Id.Name}: {r.Message} {r.Exception}")));
                }

                source.Saw(server.Calls.Where(c => c.Params["reply_markup"] is not null).TakeLast(5)
                    .SelectMany(c => ButtonData(c.Params["reply_markup"]!)));
            }

            // The receive loop is still running: a fresh person's /help is answered.
            var lastId = nextId++;
            var probe = new JsonObject
            {
                ["message"] = new JsonObject
                {
                    ["message_id"] = lastId,
                    ["from"] = TelegramFuzzSource.User(6999),
                    ["chat"] = TelegramFuzzSource.Chat(6999, "private"),
                    ["date"] = 1_767_225_600,
                    ["text"] = "/help",
                    ["entities"] = new JsonArray(new JsonObject { ["type"] = "bot_command", ["offset"] = 0, ["length"] = 5 }),
                },
            };
            probe["update_id"] = lastId;
            raw[lastId.ToString(System.Globalization.CultureInfo.InvariantCulture)] = (JsonObject)probe.DeepClone();
            server.InjectUpdate(probe, lastId);
            await server.WaitForCallAsync("sendMessage", c => c.ChatId == 6999, TimeSpan.FromSeconds(30));
            await SettleAsync(host);
        }
        finally
        {
            await host.StopAsync();
            host.Dispose();
            BotHarness.DeleteDatabase(database);
        }

        var elapsed = stopwatch.Elapsed;
        TelegramFuzzChecks.CheckCalls(server.Calls, actedIn.Keys.ToHashSet(), failures);
        foreach (var violation in server.Violations)
        {
            failures.Enqueue("the fake Bot API refused a call as the real one would: " + violation);
        }

        var logged = logs.GetSnapshot()
            .Where(r => r.Level >= LogLevel.Error || (r.Exception is not null && r.Level >= LogLevel.Warning))
            .GroupBy(r => $"{r.Id.Name} {r.Exception?.GetType().Name} {r.Exception?.TargetSite}")
            .Select(g => $"logged {g.Count()}x {g.First().Level} {g.First().Id.Name}: {g.First().Message}\n{g.First().Exception}")
            .ToList();

        var sends = server.CallsTo("sendMessage").Count + server.CallsTo("editMessageText").Count;
        Assert.True(reachedCore > ReceiveEvents / 4, $"Seed {Seed}: only {reachedCore} events reached the core for {ReceiveEvents} updates.");
        Assert.True(sends > ReceiveEvents / 5, $"Seed {Seed}: only {sends} messages sent for {ReceiveEvents} updates: the fuzz is not reaching the flows.");
        Assert.True(failures.IsEmpty && logged.Count == 0,
            $"Seed {Seed} ({elapsed.TotalSeconds:F1} s): {failures.Count} failures, {logged.Count} distinct errors logged.\n"
            + string.Join("\n", logged.Take(5)) + "\nFirst failures:\n" + string.Join("\n", failures.Take(10)));
    }

    private static IReadOnlyList<string>? LatestButtons(FakeTelegramServer server, long chatId)
    {
        var latest = server.MessagesIn(chatId).LastOrDefault(m => m.ReplyMarkup is not null);
        return latest is null ? null : [.. ButtonData(JsonNode.Parse(latest.ReplyMarkup!)!)];
    }

    private static IEnumerable<string> ButtonData(JsonNode markup) =>
        (markup["inline_keyboard"] as JsonArray ?? []).SelectMany(r => r as JsonArray ?? [])
            .Select(b => b?["callback_data"]?.GetValue<string>()).OfType<string>();

    private static async Task SettleAsync(IHost host)
    {
        var service = host.Services.GetRequiredService<ConversationService>();
        var outbox = host.Services.GetRequiredService<TelegramOutbox>();
        for (var round = 0; round < 2; round++)
        {
            await service.WhenIdleAsync().WaitAsync(TimeSpan.FromSeconds(10));
            await outbox.WhenIdleAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }
    }

    /// <summary>The real host (core, LiteDB, adapter) against the fake, with every event handed to the core shown to <paramref name="check"/> first.</summary>
    private static async Task<IHost> StartHostAsync(FakeTelegramServer server, string databasePath, FakeLogCollector logs, Action<InboundEvent> check)
    {
        var settings = TelegramTestHost.DefaultSettings(server);
        settings["Storage:Path"] = databasePath;
        var builder = BreatheBotHost.CreateBuilder([], c => c.AddInMemoryCollection(settings));
        builder.Logging.AddProvider(new FakeLoggerProvider(logs));
        builder.Services.Replace(ServiceDescriptor.Singleton<IConversationHandler>(sp => new CheckedHandler(sp.GetRequiredService<ConversationService>(), check)));
        var host = builder.Build();
        await host.StartAsync();
        return host;
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
