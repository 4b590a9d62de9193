using System.Diagnostics;
using System.Runtime.CompilerServices;
using BenchmarkDotNet.Attributes;
using BreatheBot.Core.Conversations;

namespace BreatheBot.Benchmarks;

/// <summary>
/// B1 (turn latency percentiles and allocation per turn) and B2 (turns/s on one thread), each against the echo turn,
/// run interleaved (ABAB) in the same process.
/// </summary>
internal static class CoreTurns
{
    private static volatile TurnResult? _sink;

    public static void RunLatency(RunSettings settings)
    {
        Console.WriteLine("B1: core turn latency (pure ConversationEngine.Handle) vs echo turn, Stopwatch around every turn");
        var engine = TurnShapes.NewEngine();
        var perBlock = settings.Int("turns", 200_000, 20_000);
        var pairs = settings.Int("pairs", 5, 3);
        foreach (var shape in TurnShapes.All(engine))
        {
            Warm(engine, shape);
            var engineTimes = new long[perBlock * pairs];
            var echoTimes = new long[perBlock * pairs];
            long engineBytes = 0, echoBytes = 0;
            for (var pair = 0; pair < pairs; pair++)
            {
                echoBytes += TimeBlock(() => TurnShapes.Echo(shape.State, shape.Inbound), echoTimes.AsSpan(pair * perBlock, perBlock));
                engineBytes += TimeBlock(() => engine.Handle(shape.State, shape.Inbound, shape.Profile, shape.Now), engineTimes.AsSpan(pair * perBlock, perBlock));
            }

            Array.Sort(engineTimes);
            Array.Sort(echoTimes);
            var n = (double)perBlock * pairs;
            var p50 = Stats.TicksToMicroseconds(Stats.Percentile(engineTimes, 50));
            var p99 = Stats.TicksToMicroseconds(Stats.Percentile(engineTimes, 99));
            var p999 = Stats.TicksToMicroseconds(Stats.Percentile(engineTimes, 99.9));
            var e50 = Stats.TicksToMicroseconds(Stats.Percentile(echoTimes, 50));
            var e99 = Stats.TicksToMicroseconds(Stats.Percentile(echoTimes, 99));
            var e999 = Stats.TicksToMicroseconds(Stats.Percentile(echoTimes, 99.9));
            Report.Add("B1", $"turn p50 · {shape.Name}", $"{Stats.F(p50, 3)} µs", $"echo {Stats.F(e50, 3)} µs", Stats.Ratio(p50 / e50), "p50 ≤ 2 µs; ≤ 3.0× echo", p50 <= 2 && p50 / e50 <= 3);
            Report.Add("B1", $"turn p99 · {shape.Name}", $"{Stats.F(p99, 3)} µs (p99.9 {Stats.F(p999, 2)})", $"echo {Stats.F(e99, 3)} µs (p99.9 {Stats.F(e999, 2)})", Stats.Ratio(p99 / e99), "p99 ≤ 10 µs", p99 <= 10);
            var allocated = engineBytes / n;
            Report.Add("B1", $"allocated/turn · {shape.Name}", $"{Stats.F(allocated, 0)} B", $"echo {Stats.F(echoBytes / n, 0)} B", Stats.Ratio(allocated / (echoBytes / n)), "≤ 1 KB", allocated <= 1024);
        }

        Console.WriteLine($"  ({perBlock:N0} turns per block, {pairs} ABAB pairs per shape; each sample includes one Stopwatch.GetTimestamp pair, ~20-30 ns, in both columns)");
    }

    public static void RunThroughput(RunSettings settings)
    {
        Console.WriteLine("B2: core turns/s on one thread (all five shapes round-robin) vs echo turns/s, ABAB");
        var engine = TurnShapes.NewEngine();
        var shapes = TurnShapes.All(engine);
        foreach (var shape in shapes)
        {
            Warm(engine, shape);
        }

        var turns = settings.Int("turns", 2_000_000, 200_000);
        var pairs = settings.Int("pairs", 5, 3);
        var ratios = new List<double>();
        var engineRates = new List<double>();
        var echoRates = new List<double>();
        var thread = new Thread(() =>
        {
            for (var pair = 0; pair < pairs; pair++)
            {
                var echo = Rate(turns, i => TurnShapes.Echo(shapes[i % 5].State, shapes[i % 5].Inbound));
                var real = Rate(turns, i =>
                {
                    var s = shapes[i % 5];
                    return engine.Handle(s.State, s.Inbound, s.Profile, s.Now);
                });
                echoRates.Add(echo);
                engineRates.Add(real);
                ratios.Add(real / echo);
            }
        }, 16 * 1024 * 1024);
        thread.Start();
        thread.Join();
        var rate = Stats.Median(engineRates);
        Report.Add("B2", "core turns/s, 1 thread", $"{Stats.F(rate, 0)}/s", $"echo {Stats.F(Stats.Median(echoRates), 0)}/s", Stats.RatioRange(ratios),
            "≥ 300k/s; ≥ 0.35× echo", rate >= 300_000 && Stats.Median(ratios) >= 0.35);
    }

    private static void Warm(ConversationEngine engine, TurnShape shape)
    {
        var until = Stopwatch.GetTimestamp() + (Stopwatch.Frequency / 2);
        while (Stopwatch.GetTimestamp() < until)
        {
            for (var i = 0; i < 1000; i++)
            {
                _sink = engine.Handle(shape.State, shape.Inbound, shape.Profile, shape.Now);
                _sink = TurnShapes.Echo(shape.State, shape.Inbound);
            }
        }
    }

    /// <summary>Times each turn; returns the bytes allocated by the block.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static long TimeBlock(Func<TurnResult> turn, Span<long> times)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < times.Length; i++)
        {
            var start = Stopwatch.GetTimestamp();
            _sink = turn();
            times[i] = Stopwatch.GetTimestamp() - start;
        }

        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static double Rate(int turns, Func<int, TurnResult> turn)
    {
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < turns; i++)
        {
            _sink = turn(i);
        }

        return turns / Stopwatch.GetElapsedTime(start).TotalSeconds;
    }
}

/// <summary>B1 in BenchmarkDotNet: mean, allocation and Ratio against the echo turn, per transcript shape.</summary>
[MemoryDiagnoser]
public class TurnBenchmarks
{
    private ConversationEngine _engine = null!;
    private TurnShape _shape = null!;

    [Params("start", "triage-answer", "pacer-tick", "trigger-point-step", "follow-up")]
    public string Shape { get; set; } = "start";

    [GlobalSetup]
    public void Setup()
    {
        _engine = TurnShapes.NewEngine();
        _shape = TurnShapes.Get(Shape, _engine);
    }

    [Benchmark(Baseline = true)]
    public TurnResult EchoTurn() => TurnShapes.Echo(_shape.State, _shape.Inbound);

    [Benchmark]
    public TurnResult EngineTurn() => _engine.Handle(_shape.State, _shape.Inbound, _shape.Profile, _shape.Now);
}
