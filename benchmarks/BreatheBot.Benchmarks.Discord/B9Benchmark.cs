using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using System.Runtime.InteropServices;
using System.Text;
using BreatheBot.DiscordAdapter.Tests.Fakes;

namespace BreatheBot.Benchmarks.Discord;

internal sealed record RunResult(
    int Pair,
    string Variant,
    EventPath Path,
    int Users,
    double Rate,
    int Sent,
    int Answered,
    double[] FromScheduled,
    double[] FromWritten,
    double[] Lateness,
    double ClosedPerSecond,
    double ClosedP50,
    int ExtraCalls,
    int OtherCalls,
    double CpuPercent,
    string LoadBefore,
    string LoadAfter);

/// <summary>
/// B9: Discord gateway event → REST reply. For each path, pairs of runs (bot, then echo), each on a fresh fake Discord:
/// a warm-up at the open-loop rate (every user's first turn happens here), the measured open loop (fixed arrival schedule,
/// latency counted from the scheduled time, so a stall delays every later event's figure: no coordinated omission), then a
/// closed loop with a fixed number of events outstanding for sustained events/s.
/// </summary>
internal static class B9Benchmark
{
    private const long IdBase = 1_000_000_000L;
    private const string Command = "stop";

    public static Dictionary<string, string?> DiscordSettings(FakeDiscord fake, string folder, Dictionary<string, string?> more)
    {
        var settings = new Dictionary<string, string?>(more)
        {
            ["Discord:BotToken"] = FakeDiscord.Token,
            ["Discord:ApplicationId"] = FakeDiscord.ApplicationId,
            ["Discord:ApiBaseUrl"] = fake.ApiBase,
            ["Discord:StateFile"] = Path.Combine(folder, "discord-state.json"),
        };
        return settings;
    }

    public static async Task<int> RunAsync(B9Options o)
    {
        Directory.CreateDirectory(o.Directory);
        var header = new StringBuilder();
        header.AppendLine(CultureInfo.InvariantCulture, $"# B9 (Discord) {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC{(o.Quick ? " (quick)" : "")}");
        header.AppendLine();
        header.AppendLine(CultureInfo.InvariantCulture, $"- {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}, GC server={GCSettings.IsServerGC} concurrent={GCSettings.LatencyMode != GCLatencyMode.Batch}, Release={!IsDebug()}");
        header.AppendLine(CultureInfo.InvariantCulture, $"- load average at start: {LoadAverage()}; databases in {o.Directory}");
        header.AppendLine(CultureInfo.InvariantCulture, $"- pairs {o.Pairs}, warm-up {o.Warmup} s, open loop {o.Seconds} s, closed loop {o.ClosedSeconds} s with {o.InFlight} in flight; turn: /{Command} (or \"{Command}\" typed in a DM) from a user whose first turn was in the warm-up: one reply");
        Console.Write(header);

        var results = new List<RunResult>();
        foreach (var path in o.Paths)
        {
            for (var pair = 1; pair <= o.Pairs; pair++)
            {
                foreach (var variant in new[] { "bot", "echo" })
                {
                    var result = await RunOnceAsync(pair, variant, path, o);
                    results.Add(result);
                    Console.WriteLine(Row(result));
                }
            }
        }

        var report = new StringBuilder(header.ToString());
        foreach (var path in o.Paths)
        {
            report.AppendLine();
            report.Append(Summary(path, o, [.. results.Where(r => r.Path == path)]));
        }

        report.AppendLine();
        report.AppendLine("## Runs");
        report.AppendLine();
        report.AppendLine("| path | pair | variant | users | rate/s | answered/sent | p50 | p99 | p99.9 | max (ms, from schedule) | p99 from t0 | generator lateness p99 | closed events/s | closed p50 ms | extra REST | other REST | process CPU % | load before → after |");
        report.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var r in results)
        {
            report.AppendLine(Row(r));
        }

        Console.WriteLine();
        Console.WriteLine(report.ToString()[header.Length..]);
        var folder = o.OutputFolder ?? Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "benchmarks");
        Directory.CreateDirectory(folder);
        var file = Path.GetFullPath(Path.Combine(folder, $"b9-{DateTime.UtcNow:yyyyMMdd-HHmm}.md"));
        await File.WriteAllTextAsync(file, report.ToString());
        Console.WriteLine("written: " + file);
        return 0;
    }

    private static async Task<RunResult> RunOnceAsync(int pair, string variant, EventPath path, B9Options o)
    {
        var rate = o.RateFor(path);
        var warmCount = (int)(rate * o.Warmup);
        var count = (int)(rate * o.Seconds);
        var users = path == EventPath.Interaction ? o.Users : o.DmUsers;
        var capacity = users + warmCount + count + (int)(20_000 * o.ClosedSeconds) + 1;
        var tracker = new Tracker(capacity, IdBase);

        await using var fake = await FakeDiscord.StartAsync();
        fake.HeartbeatIntervalMs = 41_250; // Discord's usual interval
        fake.DispatchWriting = tracker.OnDispatchWriting;
        fake.RestArrived = tracker.OnRest;
        // The fake enforces no REST buckets unless asked (SimulateBucket) and sends no rate-limit headers, so the only
        // limits in play are the client's own (e.g. 50/s global for bot-token routes).

        var loadBefore = LoadAverage();
        IBenchTarget target = variant == "bot" ? await BotTarget.StartAsync(fake, o.Directory) : await EchoTarget.StartAsync(fake, o.Directory);
        await using (target)
        {
            await FakeDiscord.WaitForAsync(() => fake.Current is { Ready: true }, "gateway ready", 30_000);

            // Every user's first turn: it also carries the one-off disclaimer (a second message, on a bot-token route the
            // client limits to 50/s globally), so it runs slowly enough to stay under that limit and is not measured.
            var next = 0;
            await OpenLoopAsync(fake, tracker, path, users, next, users, IntroductionRate(path));
            next += users;
            await DrainAsync(tracker, next);

            await OpenLoopAsync(fake, tracker, path, users, next, warmCount, rate);
            next += warmCount;
            await DrainAsync(tracker, next);

            var extraBefore = tracker.ExtraCalls;
            var otherBefore = tracker.OtherCalls;
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var wall = Stopwatch.StartNew();
            var first = next;
            await OpenLoopAsync(fake, tracker, path, users, next, count, rate);
            next += count;
            await DrainAsync(tracker, next);
            var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds / wall.Elapsed.TotalMilliseconds * 100;
            var extra = tracker.ExtraCalls - extraBefore;
            var other = tracker.OtherCalls - otherBefore;

            var answered = Enumerable.Range(first, count).Where(tracker.Answered).ToList();
            var latencies = answered.Select(tracker.Latency).ToList();
            var (closedRate, closedFirst, closedEnd) = await ClosedLoopAsync(fake, tracker, path, users, next, o);
            await DrainAsync(tracker, closedEnd);
            var closedLatencies = Enumerable.Range(closedFirst, closedEnd - closedFirst).Where(tracker.Answered).Select(i => tracker.Latency(i).FromWritten).Order().ToArray();

            return new RunResult(
                pair, variant, path, users, rate, count, answered.Count,
                [.. latencies.Select(l => l.FromScheduled).Order()],
                [.. latencies.Select(l => l.FromWritten).Order()],
                [.. latencies.Select(l => l.Lateness).Order()],
                closedRate,
                Percentile(closedLatencies, 50),
                extra,
                other,
                cpu,
                loadBefore,
                LoadAverage());
        }
    }

    private static (string Type, string Data, string? DmChannel) Event(EventPath path, int index, int users)
    {
        var user = index % users;
        var userId = (2_000_000 + user).ToString(CultureInfo.InvariantCulture);
        var channelId = (3_000_000 + user).ToString(CultureInfo.InvariantCulture);
        var id = (IdBase + index).ToString(CultureInfo.InvariantCulture);
        return path == EventPath.Interaction
            ? ("INTERACTION_CREATE", Payloads.Command(id, "itok-" + id, Command, channelId, userId), null)
            : ("MESSAGE_CREATE", Payloads.DmMessage(id, channelId, userId, Command), channelId);
    }

    /// <summary>Fixed arrival schedule on a dedicated thread: event k is due at start + k/rate, whatever happened before.</summary>
    private static Task OpenLoopAsync(FakeDiscord fake, Tracker tracker, EventPath path, int users, int first, int count, double rate) =>
        Task.Factory.StartNew(() =>
        {
            var period = Stopwatch.Frequency / rate;
            var start = Stopwatch.GetTimestamp() + (Stopwatch.Frequency / 100);
            for (var k = 0; k < count; k++)
            {
                var index = first + k;
                var (type, data, channel) = Event(path, index, users);
                var due = start + (long)(k * period);
                WaitUntil(due);
                tracker.Expect(index, due, channel);
                fake.DispatchAsync(type, data).GetAwaiter().GetResult();
            }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    /// <summary>Keeps <see cref="B9Options.InFlight"/> events outstanding; events/s counted after the first second.</summary>
    private static Task<(double PerSecond, int First, int End)> ClosedLoopAsync(FakeDiscord fake, Tracker tracker, EventPath path, int users, int first, B9Options o) =>
        Task.Factory.StartNew(() =>
        {
            using var slots = new SemaphoreSlim(o.InFlight);
            tracker.OnCompleted = () => slots.Release();
            try
            {
                var start = Stopwatch.GetTimestamp();
                var countFrom = start + Stopwatch.Frequency;
                var end = start + (long)(o.ClosedSeconds * Stopwatch.Frequency);
                var completedAtFrom = -1;
                long fromTimestamp = 0;
                var index = first;
                long now;
                while ((now = Stopwatch.GetTimestamp()) < end && index < tracker.Capacity)
                {
                    if (completedAtFrom < 0 && now >= countFrom)
                    {
                        completedAtFrom = tracker.Completed;
                        fromTimestamp = now;
                    }

                    if (!slots.Wait(20))
                    {
                        continue;
                    }

                    var (type, data, channel) = Event(path, index, users);
                    tracker.Expect(index, Stopwatch.GetTimestamp(), channel);
                    fake.DispatchAsync(type, data).GetAwaiter().GetResult();
                    index++;
                }

                var completed = tracker.Completed - completedAtFrom;
                var seconds = Tracker.Ms(Stopwatch.GetTimestamp() - fromTimestamp) / 1000;
                return (completedAtFrom < 0 ? 0 : completed / seconds, first, index);
            }
            finally
            {
                tracker.OnCompleted = null;
            }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private static void WaitUntil(long due)
    {
        while (true)
        {
            var remaining = due - Stopwatch.GetTimestamp();
            if (remaining <= 0)
            {
                return;
            }

            if (remaining > Stopwatch.Frequency * 15 / 10_000)
            {
                Thread.Sleep(1);
            }
            else
            {
                Thread.Yield(); // the last ~1.5 ms: yield rather than oversleep
            }
        }
    }

    /// <summary>
    /// A user's first turn is /stop plus the one-off disclaimer: the interaction callback and one create message, or two
    /// create messages in a DM. Create message is a bot-token route, which the client holds to 50/s globally.
    /// </summary>
    private static double IntroductionRate(EventPath path) => path == EventPath.Interaction ? 45 : 22;

    /// <summary>Until every event has its answer and no REST request arrived for 300 ms (or nothing moved for 10 s).</summary>
    private static async Task DrainAsync(Tracker tracker, int expected)
    {
        var last = (-1, -1);
        var still = Stopwatch.StartNew();
        while (still.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(20);
            var now = (tracker.Completed, tracker.Total);
            if (now != last)
            {
                last = now;
                still.Restart();
            }
            else if (tracker.Completed >= expected && still.Elapsed >= TimeSpan.FromMilliseconds(300))
            {
                return;
            }
        }
    }

    private static string Summary(EventPath path, B9Options o, IReadOnlyList<RunResult> runs)
    {
        var sb = new StringBuilder();
        var bot = runs.Where(r => r.Variant == "bot").ToList();
        var echo = runs.Where(r => r.Variant == "echo").ToList();
        var pairs = bot.Join(echo, b => b.Pair, e => e.Pair, (b, e) => (Bot: b, Echo: e)).ToList();
        double Med(IEnumerable<double> values) => Percentile([.. values.Order()], 50);
        string Range(IReadOnlyList<double> values) => values.Count == 0 ? "-" : F($"{values.Min():F2}–{values.Max():F2}");

        var rate = o.RateFor(path);
        sb.AppendLine(F($"## {(path == EventPath.Interaction ? "INTERACTION_CREATE (slash command in a DM) → interaction callback" : "MESSAGE_CREATE (typed in a DM) → create message")}, {rate:F0} events/s, {pairs.Count} pairs"));
        sb.AppendLine();
        sb.AppendLine("| | BreatheBot (median of runs) | echo on the same client (median of runs) | ratio bot/echo: median (min–max over pairs) |");
        sb.AppendLine("|---|---|---|---|");
        foreach (var (name, p) in new[] { ("p50", 50.0), ("p99", 99.0), ("p99.9", 99.9), ("max", 100.0) })
        {
            var ratios = pairs.Select(x => Percentile(x.Bot.FromScheduled, p) / Percentile(x.Echo.FromScheduled, p)).ToList();
            sb.AppendLine(F($"| {name} from scheduled arrival (ms) | {Med(bot.Select(r => Percentile(r.FromScheduled, p))):F2} | {Med(echo.Select(r => Percentile(r.FromScheduled, p))):F2} | {Med(ratios):F2}× ({Range(ratios)}) |"));
        }

        var p99FromT0 = pairs.Select(x => Percentile(x.Bot.FromWritten, 99) / Percentile(x.Echo.FromWritten, 99)).ToList();
        sb.AppendLine(F($"| p99 from the fake's write, t0 (ms) | {Med(bot.Select(r => Percentile(r.FromWritten, 99))):F2} | {Med(echo.Select(r => Percentile(r.FromWritten, 99))):F2} | {Med(p99FromT0):F2}× ({Range(p99FromT0)}) |"));
        var throughput = pairs.Select(x => x.Bot.ClosedPerSecond / x.Echo.ClosedPerSecond).ToList();
        sb.AppendLine(F($"| sustained events/s, closed loop ({o.InFlight} in flight) | {Med(bot.Select(r => r.ClosedPerSecond)):F0} | {Med(echo.Select(r => r.ClosedPerSecond)):F0} | {Med(throughput):F2}× ({Range(throughput)}) |"));
        sb.AppendLine(F($"| closed-loop p50 from t0 (ms) | {Med(bot.Select(r => r.ClosedP50)):F2} | {Med(echo.Select(r => r.ClosedP50)):F2} | |"));
        sb.AppendLine(F($"| answered / sent (open loop, all runs) | {bot.Sum(r => r.Answered)}/{bot.Sum(r => r.Sent)} | {echo.Sum(r => r.Answered)}/{echo.Sum(r => r.Sent)} | |"));
        sb.AppendLine(F($"| REST calls beyond one per event (open loop) | {bot.Sum(r => r.ExtraCalls + r.OtherCalls)} | {echo.Sum(r => r.ExtraCalls + r.OtherCalls)} | |"));
        var pooledBot = bot.SelectMany(r => r.FromScheduled).Order().ToArray();
        var pooledEcho = echo.SelectMany(r => r.FromScheduled).Order().ToArray();
        sb.AppendLine(F($"| all runs pooled: p99 / p99.9 from schedule (ms) | {Percentile(pooledBot, 99):F2} / {Percentile(pooledBot, 99.9):F2} ({pooledBot.Length} events) | {Percentile(pooledEcho, 99):F2} / {Percentile(pooledEcho, 99.9):F2} ({pooledEcho.Length} events) | |"));
        sb.AppendLine();
        if (path == EventPath.Interaction)
        {
            var p99 = Med(bot.Select(r => Percentile(r.FromScheduled, 99)));
            sb.AppendLine(F($"Verdict (§4.2 B9): p99 at {rate:F0} events/s = {p99:F2} ms (target ≤ 5 ms: {(p99 <= 5 ? "met" : "missed")}); throughput {Med(throughput):F2}× echo (target ≥ 0.9×: {(Med(throughput) >= 0.9 ? "met" : "missed")})."));
        }

        return sb.ToString();
    }

    private static string Row(RunResult r) => F(
        $"| {(r.Path == EventPath.Interaction ? "interaction" : "dm")} | {r.Pair} | {r.Variant} | {r.Users} | {r.Rate:F0} | {r.Answered}/{r.Sent} | {Percentile(r.FromScheduled, 50):F2} | {Percentile(r.FromScheduled, 99):F2} | {Percentile(r.FromScheduled, 99.9):F2} | {Percentile(r.FromScheduled, 100):F2} | {Percentile(r.FromWritten, 99):F2} | {Percentile(r.Lateness, 99):F2} | {r.ClosedPerSecond:F0} | {r.ClosedP50:F2} | {r.ExtraCalls} | {r.OtherCalls} | {r.CpuPercent:F0} | {r.LoadBefore} → {r.LoadAfter} |");

    /// <summary>Exact percentile of sorted samples (nearest rank); 100 = max.</summary>
    internal static double Percentile(double[] sorted, double p)
    {
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        var rank = (int)Math.Ceiling(p / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    private static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "?";
        }
    }

    private static bool IsDebug()
    {
#if DEBUG
        return true;
#else
        return false;
#endif
    }

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
