using System.Globalization;
using System.Runtime;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using BreatheBot.Benchmarks;

// dotnet run -c Release --project benchmarks/BreatheBot.Benchmarks -- <benchmarks...> [--quick] [--dir=PATH] [--name=value ...]
// benchmarks: b1 b2 b3 b4 b5 b6 b10 b11 b13 all; bdn (BenchmarkDotNet for B1, add BenchmarkDotNet's own arguments after it).
var names = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).Select(a => a.ToLowerInvariant()).ToList();
if (names.Count == 0 || names.Contains("help"))
{
    Console.WriteLine("""
        BreatheBot benchmarks (storage-performance.md §4). Every figure is a ratio against a baseline measured in the same run.
          b1   core turn latency p50/p99/p99.9 and allocation per turn, 5 transcript shapes, vs an echo turn
          b2   core turns/s on one thread vs echo turns/s
          b3   persisted turns/s, per-turn commit, real store vs raw LiteDB Upsert; turn->durable latency; log size
          b4   persisted turns/s, group commit, real store vs raw LiteDB InsertBulk in 64-turn transactions; turn->durable p99
          pgb3 B3 on PostgreSQL: real store vs raw Npgsql of the same rows, one transaction per turn (--pg= or BREATHEBOT_TEST_POSTGRES)
          pgb4 B4 on PostgreSQL: real store with --inflight= concurrent turns vs raw Npgsql of the same rows in 64-turn transactions
          pgnodes  full turns/s through real ConversationServices, 1 node vs 3 nodes vs 1 node without the cluster lock (--people=, --pairs=)
          pgpacer  durable writes per pacer-minute, one breathing pacer on one node with a fake clock (--seconds=)
          b4cp turn->durable at a fixed open-loop rate (--rate=, default 2800/s): LiteDB's inline auto-checkpoint vs none
          b5   memory per live conversation at 10k and 100k vs a Dictionary of record structs
          b6   pacer drift at 10k (and 100k with --sessions=100000) sessions vs 1 session; scheduler vs Timer/PeriodicTimer per session vs a timing wheel
          b10  cold start to the terminal banner vs an empty generic host printing "ready"
          b11  DB bytes per 1M episodes vs raw BSON bytes and gzip NDJSON
          b13  a user's history query at 1M episodes across 10k users vs FindById
          all  all of the above, in that order
          bdn  BenchmarkDotNet run of B1 (in-process toolchain); BenchmarkDotNet arguments may follow
        Options: --quick (small counts, a smoke run), --dir=PATH (database folder, default /tmp/breathebot-bench),
                 --n=, --users=, --sessions=, --seconds=, --turns=, --pairs=, --starts=, --rate=, --people= (override counts).
        """);
    return 0;
}

if (names[0] == "bdn")
{
    var config = DefaultConfig.Instance.AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance));
    BenchmarkSwitcher.FromTypes([typeof(TurnBenchmarks)]).Run([.. args.Skip(1)], config);
    return 0;
}

var settings = new RunSettings
{
    Quick = args.Contains("--quick"),
    WorkDirectory = args.FirstOrDefault(a => a.StartsWith("--dir=", StringComparison.Ordinal))?["--dir=".Length..] ?? Path.Combine(Path.GetTempPath(), "breathebot-bench"),
};
foreach (var arg in args.Where(a => a.StartsWith("--", StringComparison.Ordinal) && a.Contains('=', StringComparison.Ordinal)))
{
    var split = arg[2..].Split('=', 2);
    settings.Values[split[0]] = split[1];
}

Directory.CreateDirectory(settings.WorkDirectory);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"BreatheBot benchmarks {(settings.Quick ? "(quick)" : "(full)")}: {Environment.ProcessorCount} cores, {RuntimeInformationText()}, GC server={GCSettings.IsServerGC} latency={GCSettings.LatencyMode}, dir {settings.WorkDirectory}"));

var all = new (string Name, Action<RunSettings> Run)[]
{
    ("b1", CoreTurns.RunLatency),
    ("b2", CoreTurns.RunThroughput),
    ("b3", PersistedTurns.RunPerTurn),
    ("b4", PersistedTurns.RunGroupCommit),
    ("b4cp", PersistedTurns.RunCheckpointCheck),
    ("pgb3", PostgreSqlTurns.RunPerTurn),
    ("pgb4", PostgreSqlTurns.RunConcurrent),
    ("pgnodes", ClusterTurns.Run),
    ("pgpacer", PacerWrites.Run),
    ("b5", ConversationMemory.Run),
    ("b6", PacerDrift.Run),
    ("b10", ColdStart.Run),
    ("b11", EpisodeSize.Run),
    ("b13", HistoryQuery.Run),
};

// b4cp is a diagnosis of B4's tail, not part of "all"; neither are the PostgreSQL runs (they need a server).
(string Name, Action<RunSettings> Run)[] selected = names.Contains("all") ? [.. all.Where(b => (b.Name != "b4cp" && !b.Name.StartsWith("pg", StringComparison.Ordinal)) || names.Contains(b.Name))] : [.. all.Where(b => names.Contains(b.Name))];
if (selected.Length == 0)
{
    Console.Error.WriteLine($"Unknown benchmark(s): {string.Join(", ", names)}. Run with 'help'.");
    return 2;
}

foreach (var (name, run) in selected)
{
    Console.WriteLine();
    var started = DateTime.UtcNow;
    run(settings);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name} took {(DateTime.UtcNow - started).TotalSeconds:F1} s"));
}

Report.Save(Repository.Root(), string.Join("-", selected.Select(s => s.Name)) + (settings.Quick ? "-quick" : string.Empty));
return 0;

static string RuntimeInformationText() =>
    $"{System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription} {System.Runtime.InteropServices.RuntimeInformation.OSDescription}";
