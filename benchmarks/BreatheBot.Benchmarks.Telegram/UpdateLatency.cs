using System.Diagnostics;
using BreatheBot.TelegramAdapter.Tests.Fakes;
using static BreatheBot.Benchmarks.Telegram.Stats;

namespace BreatheBot.Benchmarks.Telegram;

/// <summary>
/// B8: update → reply latency and sustained throughput. The fake stamps t0 when it hands an update to a getUpdates
/// answer and t1 when the sendMessage for that chat arrives (one clock: <see cref="Stopwatch"/>). Open loop: a fixed
/// arrival schedule, latency counted from each update's scheduled time (no coordinated omission). Closed loop: many
/// chats, each chat's next update only after its reply. BreatheBot answers "/help" in an idle private chat with exactly
/// one sendMessage (checked: sends = updates) and persists the turn as always. The fake's rate limits are off and the
/// bot's GlobalMessagesPerSecond is raised: B8 measures the bot, not Telegram's budget. The -webhook variants get
/// their updates POSTed by <see cref="WebhookDelivery"/> instead, which stamps t0 just before each POST.
/// </summary>
internal static class UpdateLatency
{
    private const string Secret = "bench_webhook-Secret1";

    private static string Text { get; set; } = "hello";

    /// <summary>Webhook mode: POSTs in flight at most (Telegram's max_connections), and the bot's setWebhook asks for it.</summary>
    private static int Connections { get; set; } = 100;

    public static async Task<int> RunAsync(string[] args)
    {
        var options = Options.Parse(args);
        var rate = options.Int("rate", 500);
        var seconds = options.Int("seconds", 20);
        var warmup = options.Int("warmup", 5);
        var closedSeconds = options.Int("closed-seconds", 10);
        var chats = options.Int("chats", 5000);
        var inflight = options.Int("inflight", 1000);
        var rounds = options.Int("rounds", 3);
        Text = options.GetValueOrDefault("text", Text);
        Connections = options.Int("connections", Connections);
        var bots = options.GetValueOrDefault("bots", "breathebot,breathebot-webhook,echo,echo-webhook,grammy").Split(',');
        Console.WriteLine($"B8 update -> reply · open loop {rate}/s over {chats} chats ({warmup} s warm-up + {seconds} s), closed loop {inflight} chats in flight ({closedSeconds} s) · webhook: ≤ {Connections} POSTs in flight, one per chat · {rounds} interleaved rounds · {MachineNote()}");

        if (bots.Contains("grammy"))
        {
            try
            {
                await GrammyEcho.EnsureInstalledAsync();
            }
#pragma warning disable CA1031 // reported, then the run goes on without the peer
            catch (Exception ex)
#pragma warning restore CA1031
            {
                Console.WriteLine($"grammY peer left out: {ex.Message}");
                bots = [.. bots.Where(b => b != "grammy")];
            }
        }

        var results = new List<Result>();
        for (var round = 0; round < rounds; round++)
        {
            var order = bots.Skip(round % bots.Length).Concat(bots.Take(round % bots.Length)).ToArray();
            foreach (var bot in order)
            {
                var result = await RunBotAsync(bot, round, rate, warmup, seconds, closedSeconds, chats, inflight);
                results.Add(result);
                Console.WriteLine(result.Line());
            }
        }

        Console.WriteLine();
        Console.WriteLine("Medians over rounds (raw), then ratios per round (median, min-max):");
        Console.WriteLine("| bot | open loop p50 / p99 / p99.9 / max (ms, from scheduled) | t1 - t0 p50 / p99 (ms) | replies / updates | sustained updates/s (closed loop) | webhook POST errors (sum) |");
        Console.WriteLine("|---|---|---|---|---|---|");
        foreach (var bot in bots)
        {
            var mine = results.Where(r => r.Bot == bot).ToList();
            Console.WriteLine($"| {bot} | {F(Median(mine.Select(r => r.P50)))} / {F(Median(mine.Select(r => r.P99)))} / {F(Median(mine.Select(r => r.P999)))} / {F(Median(mine.Select(r => r.Max)))} | {F(Median(mine.Select(r => r.HandedP50)))} / {F(Median(mine.Select(r => r.HandedP99)))} | {F(Median(mine.Select(r => r.RepliesPerUpdate)), 3)} | {F(Median(mine.Select(r => r.Sustained)), 0)} | {mine.Sum(r => r.PostErrors)} |");
        }

        var met = true;
        double Ratio(string subject, string baseline, int round) =>
            results.Single(r => r.Bot == subject && r.Round == round).Sustained / results.Single(r => r.Bot == baseline && r.Round == round).Sustained;

        // each BreatheBot variant against the baselines of its own receive mode where there are any, else against the
        // others (and said so); webhook vs polling BreatheBot has no target, it is shown for what it is
        string[] polling = ["echo", "grammy"];
        string[] webhooks = ["echo-webhook"];
        foreach (var subject in new[] { "breathebot", "breathebot-webhook" }.Where(bots.Contains))
        {
            var own = subject == "breathebot" ? polling : webhooks;
            var baselines = bots.Where(own.Contains).ToList();
            if (baselines.Count == 0)
            {
                baselines = [.. bots.Where(b => polling.Contains(b) || webhooks.Contains(b))];
            }

            foreach (var baseline in baselines)
            {
                var ratios = Enumerable.Range(0, rounds).Select(round => Ratio(subject, baseline, round)).ToList();
                var target = baseline == "grammy" ? 1.0 : 0.9;
                var median = Median(ratios);
                met &= median >= target;
                var note = own.Contains(baseline) ? string.Empty : " (a baseline of the other receive mode)";
                Console.WriteLine($"sustained throughput {subject} / {baseline}{note}: {F(median)}× (rounds: {string.Join(", ", ratios.Select(r => F(r)))}); target ≥ {F(target, 1)}× → {(median >= target ? "met" : "MISSED")}");
            }

            var mine = results.Where(r => r.Bot == subject).ToList();
            var p50 = Median(mine.Select(r => r.P50));
            var p99 = Median(mine.Select(r => r.P99));
            var sustained = Median(mine.Select(r => r.Sustained));
            met &= p50 <= 1 && p99 <= 5 && sustained >= 3000;
            Console.WriteLine($"{subject} at {rate}/s: p50 {F(p50)} ms (target ≤ 1), p99 {F(p99)} ms (target ≤ 5) → {(p50 <= 1 && p99 <= 5 ? "met" : "MISSED")}; sustained {F(sustained, 0)}/s (target ≥ 3000) → {(sustained >= 3000 ? "met" : "MISSED")}");
        }

        foreach (var (subject, baseline) in new[] { ("breathebot", "breathebot-nooutbox"), ("breathebot-webhook", "breathebot"), ("echo-webhook", "echo") }.Where(p => bots.Contains(p.Item1) && bots.Contains(p.Item2)))
        {
            var ratios = Enumerable.Range(0, rounds).Select(round => Ratio(subject, baseline, round)).ToList();
            var p99 = Enumerable.Range(0, rounds).Select(round => results.Single(r => r.Bot == subject && r.Round == round).P99 / results.Single(r => r.Bot == baseline && r.Round == round).P99).ToList();
            var what = baseline == "breathebot-nooutbox" ? "with vs without the durable outbox" : "webhook vs polling";
            Console.WriteLine($"{what}, {subject} / {baseline} (no target): sustained {F(Median(ratios))}× (rounds: {string.Join(", ", ratios.Select(r => F(r)))}); open-loop p99 {F(Median(p99))}× (rounds: {string.Join(", ", p99.Select(r => F(r)))})");
        }

        Console.WriteLine($"load after: {MachineNote()}");
        return met ? 0 : 1;
    }

    private static async Task<Result> RunBotAsync(string bot, int round, int rate, int warmup, int seconds, int closedSeconds, int chats, int inflight)
    {
        await using var server = await FakeTelegramServer.StartAsync();
        server.LongPollCap = TimeSpan.FromSeconds(1);
        server.RecordCalls = false;
        server.RateLimits = null; // B8 measures the bot, not Telegram's budget

        var gate = new object();
        var outstanding = new Dictionary<long, Queue<long>>(); // chat -> scheduled stamps of unanswered updates
        var handedOutAt = new System.Collections.Concurrent.ConcurrentDictionary<int, long>(); // written under the fake's lock: never take ours there
        var updateOfChat = new Dictionary<long, Queue<int>>();
        var latencies = new List<double>();
        var handedLatencies = new List<double>();
        long measureFrom = long.MaxValue, measureTo = long.MaxValue;
        var updatesSent = 0;
        var replies = 0;
        Action<long>? closedLoopReply = null;
        WebhookDelivery? webhook = null;

        server.UpdateHandedOut = (id, _, at) => handedOutAt.TryAdd(id, at);
        server.RequestArrived = (method, parameters, at) =>
        {
            if (!string.Equals(method, "sendMessage", StringComparison.OrdinalIgnoreCase) || FakeTelegramServer.ReadLong(parameters, "chat_id") is not { } chat)
            {
                return;
            }

            lock (gate)
            {
                replies++;
                if (outstanding.TryGetValue(chat, out var queue) && queue.TryDequeue(out var scheduled))
                {
                    var update = updateOfChat[chat].Dequeue();
                    if (scheduled >= measureFrom && scheduled < measureTo)
                    {
                        latencies.Add(Ms(at - scheduled));
                        if (handedOutAt.TryRemove(update, out var t0))
                        {
                            handedLatencies.Add(Ms(at - t0));
                        }
                    }
                    else
                    {
                        handedOutAt.TryRemove(update, out _);
                    }
                }
            }

            closedLoopReply?.Invoke(chat);
        };

        void Send(long chat, long scheduled)
        {
            // webhook mode: the same update the fake would queue, serialized here as Telegram's server would have it
            var posted = webhook is null ? null : server.UserTextUpdate(chat, chat, Text);
            var body = posted is null ? null : System.Text.Encoding.UTF8.GetBytes(posted.ToJsonString());
            lock (gate)
            {
                // injected under our gate so a reply can never arrive before its stamp is queued
                var id = posted is null ? server.UserText(chat, chat, Text) : posted["update_id"]!.GetValue<int>();
                if (!outstanding.TryGetValue(chat, out var queue))
                {
                    outstanding[chat] = queue = new Queue<long>();
                    updateOfChat[chat] = new Queue<int>();
                }

                queue.Enqueue(scheduled);
                updateOfChat[chat].Enqueue(id);
                updatesSent++;
                webhook?.Enqueue(chat, id, body!);
            }
        }

        IAsyncDisposable running = bot switch
        {
            "breathebot" => await BreatheBotUnderTest.StartAsync(server, new Dictionary<string, string?>
            {
                ["GlobalMessagesPerSecond"] = "1000000",
                ["PerChatInterval"] = "00:00:00",
                ["GroupMessagesPerMinute"] = "1000000",
            }),
            "breathebot-nooutbox" => await BreatheBotUnderTest.StartAsync(server, new Dictionary<string, string?>
            {
                ["GlobalMessagesPerSecond"] = "1000000",
                ["PerChatInterval"] = "00:00:00",
                ["GroupMessagesPerMinute"] = "1000000",
            }, durableOutbox: false),
            "breathebot-webhook" => await BreatheBotUnderTest.StartAsync(server, new Dictionary<string, string?>
            {
                ["GlobalMessagesPerSecond"] = "1000000",
                ["PerChatInterval"] = "00:00:00",
                ["GroupMessagesPerMinute"] = "1000000",
                ["Mode"] = "Webhook",
                ["WebhookUrl"] = "https://bot.example.org/telegram/webhook",
                ["WebhookSecret"] = Secret,
                ["WebhookListenUrl"] = "http://127.0.0.1:0",
                ["WebhookMaxConnections"] = Connections.ToString(System.Globalization.CultureInfo.InvariantCulture),
            }),
            "echo" => new TelegramBotEcho(server.BaseUrl),
            "echo-webhook" => await TelegramBotWebhookEcho.StartAsync(server.BaseUrl, Secret),
            "grammy" => await GrammyEcho.StartAsync(server.BaseUrl),
            _ => throw new ArgumentException("unknown bot " + bot),
        };
        try
        {
            var endpoint = running switch
            {
                BreatheBotUnderTest b when bot == "breathebot-webhook" => b.WebhookEndpoint(),
                TelegramBotWebhookEcho e => e.Endpoint,
                _ => null,
            };
            if (endpoint is null)
            {
                await server.WaitForCallAsync("getUpdates", timeout: TimeSpan.FromSeconds(30));
            }
            else
            {
                // Telegram's side: as many POSTs in flight as the bot's setWebhook max_connections allows (Connections)
                webhook = new WebhookDelivery(endpoint, Secret, Connections, (id, at) => handedOutAt.TryAdd(id, at));
            }

            // every chat says something once first: a person's first message also gets the disclaimer, and B8 times
            // the one-message turn of a returning person in an idle conversation
            var primeChats = Enumerable.Range(0, chats).Select(i => 3_000_000L + i).Concat(Enumerable.Range(0, inflight).Select(c => 4_000_000L + c)).ToList();
            for (var i = 0; i < primeChats.Count; i++)
            {
                Send(primeChats[i], Stopwatch.GetTimestamp());
                if (i % 100 == 99)
                {
                    await Task.Delay(50);
                }
            }

            var priming = Stopwatch.StartNew();
            while (priming.Elapsed < TimeSpan.FromSeconds(60))
            {
                lock (gate)
                {
                    if (outstanding.Values.All(q => q.Count == 0))
                    {
                        break;
                    }
                }

                await Task.Delay(100);
            }

            await Task.Delay(1000); // the disclaimers' second messages
            lock (gate)
            {
                foreach (var queue in outstanding.Values)
                {
                    queue.Clear();
                }

                foreach (var queue in updateOfChat.Values)
                {
                    queue.Clear();
                }

                handedOutAt.Clear();
                latencies.Clear();
                handedLatencies.Clear();
                replies = 0;
                updatesSent = 0;
            }

            // open loop: update i is due at start + i / rate, whatever happened to the earlier ones
            var start = Stopwatch.GetTimestamp() + Stopwatch.Frequency / 10;
            var total = (warmup + seconds) * rate;
            measureFrom = start + (warmup * Stopwatch.Frequency);
            measureTo = start + ((warmup + seconds) * Stopwatch.Frequency);
            var lag = new List<double>();
            await Task.Factory.StartNew(
                () =>
                {
                    for (var i = 0; i < total;)
                    {
                        var now = Stopwatch.GetTimestamp();
                        var due = start + (long)((double)i * Stopwatch.Frequency / rate);
                        if (due > now)
                        {
                            Thread.Sleep(due - now > Stopwatch.Frequency / 500 ? 1 : 0);
                            continue;
                        }

                        for (; i < total && start + (long)((double)i * Stopwatch.Frequency / rate) <= now; i++)
                        {
                            var scheduled = start + (long)((double)i * Stopwatch.Frequency / rate);
                            Send(3_000_000 + (i % chats), scheduled);
                            if (i % 50 == 0)
                            {
                                lag.Add(Ms(Stopwatch.GetTimestamp() - scheduled));
                            }
                        }
                    }
                },
                CancellationToken.None,
                TaskCreationOptions.LongRunning,
                TaskScheduler.Default);

            var drain = Stopwatch.StartNew();
            while (drain.Elapsed < TimeSpan.FromSeconds(10))
            {
                lock (gate)
                {
                    if (outstanding.Values.All(q => q.Count == 0))
                    {
                        break;
                    }
                }

                await Task.Delay(50);
            }

            int lost;
            lock (gate)
            {
                lost = outstanding.Values.Sum(q => q.Count);
                latencies.Sort();
                handedLatencies.Sort();
            }

            var openUpdates = updatesSent;
            var openReplies = replies;

            // closed loop: each chat's next update only after its reply
            var completed = 0L;
            var stopInjecting = false;
            closedLoopReply = chat =>
            {
                if (chat < 4_000_000)
                {
                    return;
                }

                Interlocked.Increment(ref completed);
                if (!Volatile.Read(ref stopInjecting))
                {
                    Send(chat, Stopwatch.GetTimestamp());
                }
            };
            for (var c = 0; c < inflight; c++)
            {
                Send(4_000_000 + c, Stopwatch.GetTimestamp());
            }

            await Task.Delay(TimeSpan.FromSeconds(3));
            var before = Interlocked.Read(ref completed);
            var timer = Stopwatch.StartNew();
            await Task.Delay(TimeSpan.FromSeconds(closedSeconds));
            var sustained = (Interlocked.Read(ref completed) - before) / timer.Elapsed.TotalSeconds;
            Volatile.Write(ref stopInjecting, true);
            await Task.Delay(500);

            lag.Sort();
            return new Result(
                bot,
                round,
                Percentile(latencies, 50),
                Percentile(latencies, 99),
                Percentile(latencies, 99.9),
                latencies.Count == 0 ? double.NaN : latencies[^1],
                Percentile(handedLatencies, 50),
                Percentile(handedLatencies, 99),
                latencies.Count,
                lost,
                openReplies / (double)openUpdates,
                sustained,
                Percentile(lag, 50),
                Percentile(lag, 99),
                webhook?.Errors ?? 0);
        }
        finally
        {
            if (webhook is not null)
            {
                await webhook.DisposeAsync();
            }

            await running.DisposeAsync();
        }
    }

    private sealed record Result(string Bot, int Round, double P50, double P99, double P999, double Max, double HandedP50, double HandedP99, int Measured, int Lost, double RepliesPerUpdate, double Sustained, double LagP50, double LagP99, int PostErrors)
    {
        public string Line() =>
            $"round {Round + 1} {Bot,-18} open loop: p50 {F(P50)} p99 {F(P99)} p99.9 {F(P999)} max {F(Max)} ms from scheduled ({Measured} measured, {Lost} unanswered, replies/updates {F(RepliesPerUpdate, 3)}); t1-t0 p50 {F(HandedP50)} p99 {F(HandedP99)} ms; generator lag p50 {F(LagP50)} p99 {F(LagP99)} ms · closed loop: {F(Sustained, 0)} updates/s{(PostErrors > 0 ? $" · {PostErrors} webhook POST errors" : string.Empty)}";
    }
}
