using System.Diagnostics;
using BreatheBot.Core.Conversations;
using BreatheBot.Core.Messaging;
using Npgsql;

namespace BreatheBot.Benchmarks;

/// <summary>
/// Issue 15, "turns/s with 1 and 3 nodes on this box": full turns (load, engine, commit with the replies in the outbox,
/// send, mark sent) through real <see cref="ConversationService"/> instances on one fresh PostgreSQL database per block.
/// The same workload in every block: <c>--people=</c> people at once, each sending the same script of real messages
/// (commands and answers through triage), one after the other (the next when the previous one's replies were sent and
/// marked), each message to a random node. Three variants per round, interleaved (1 node, 3 nodes, 1 node without the
/// cluster lock, i.e. the store wrapped so the service does not see IClusterStore): the ratio 3/1 is the cluster's
/// scaling on this box, the ratio lock/no lock the lock's own cost. Every person's reply keys must equal the first
/// person's (same script, same answers, in order): mismatches are counted as order violations.
/// </summary>
internal static class ClusterTurns
{
    /// <summary>The in-process cluster test's script (tests/…/Cluster/ClusterServiceTests.cs): replies differ step to step.</summary>
    private static readonly string[] Script = ["/start", "/help", "/headache", "none", "none", "4", "/cancel", "/privacy", "/settings", "/cancel", "/stats", "/help"];

    private sealed record Variant(string Name, int Nodes, bool ClusterLock);

    private sealed record Block(double TurnsPerSecond, long[] Latencies, WriteCounts Counts, int Turns, int Violations, double CpuMsPerTurn, long WalSyncs);

    public static void Run(RunSettings settings) => RunAsync(settings).GetAwaiter().GetResult();

    private static async Task RunAsync(RunSettings settings)
    {
        var people = settings.Int("people", 24, 16);
        var rounds = settings.Int("pairs", 3, 2);
        Variant[] variants = [new("1 node", 1, true), new("3 nodes", 3, true), new("1 node, no cluster lock", 1, false)];
        Console.WriteLine($"PG nodes: full turns/s, {people} people at once × {Script.Length} messages each to a random node; {rounds} rounds of [{string.Join(" | ", variants.Select(v => v.Name))}], a fresh database per block");

        await RunBlockAsync(settings, variants[1], Math.Min(people, 8), seed: -1); // warm-up (JIT, pools), not counted
        var results = variants.ToDictionary(v => v, _ => new List<Block>());
        for (var round = 0; round < rounds; round++)
        {
            foreach (var variant in variants)
            {
                var block = await RunWithRetryAsync(settings, variant, people, round);
                results[variant].Add(block);
                Console.WriteLine($"    round {round + 1} {variant.Name,-24} {Stats.F(block.TurnsPerSecond, 0),6} turns/s  p50 {Ms(block.Latencies, 50)} ms  p99 {Ms(block.Latencies, 99)} ms  " +
                    $"commits {block.Counts.Commits}, mark-sent {block.Counts.MarkSentCalls}, locks {block.Counts.TurnLocks}, sweeps {block.Counts.SweepQueries}, " +
                    $"server WAL fsyncs {block.WalSyncs}, client CPU {Stats.F(block.CpuMsPerTurn, 2)} ms/turn, order violations {block.Violations}");
            }
        }

        var one = results[variants[0]];
        var three = results[variants[1]];
        var unlocked = results[variants[2]];
        foreach (var variant in variants)
        {
            var blocks = results[variant];
            var latencies = blocks.SelectMany(b => b.Latencies).Order().ToArray();
            var turns = blocks.Sum(b => b.Turns);
            Report.Add("PG nodes", $"full turns/s, {variant.Name}", $"{Stats.F(Stats.Median(blocks.Select(b => b.TurnsPerSecond)), 0)}/s ({Stats.F(blocks.Min(b => b.TurnsPerSecond), 0)}–{Stats.F(blocks.Max(b => b.TurnsPerSecond), 0)})",
                "-", "-", "-", null);
            Report.Add("PG nodes", $"turn latency (message → replies sent and marked), {variant.Name}", $"p50 {Ms(latencies, 50)} ms, p99 {Ms(latencies, 99)} ms", "-", "-", "-", null);
            Report.Add("PG nodes", $"durable writes per turn, {variant.Name}",
                $"{Per(blocks.Sum(b => b.Counts.Commits), turns)} commits + {Per(blocks.Sum(b => b.Counts.MarkSentCalls), turns)} mark-sent deletes; {Per(blocks.Sum(b => b.Counts.RowsWritten), turns)} rows written ({Per(blocks.Sum(b => b.Counts.OutboxRows), turns)} outbox), {Per(blocks.Sum(b => b.Counts.RowsDeleted), turns)} deleted",
                $"server WAL fsyncs {Per(blocks.Sum(b => b.WalSyncs), turns)}/turn (whole server)", "-", "0 order violations", blocks.Sum(b => b.Violations) == 0);
            Report.Add("PG nodes", $"client CPU per turn (this process: nodes, engine, Npgsql), {variant.Name}", $"{Stats.F(Stats.Median(blocks.Select(b => b.CpuMsPerTurn)), 2)} ms", "-", "-", "-", null);
        }

        Report.Add("PG nodes", "turns/s, 3 nodes vs 1 node (same workload, same database server)", $"{Stats.F(Stats.Median(three.Select(b => b.TurnsPerSecond)), 0)}/s",
            $"1 node {Stats.F(Stats.Median(one.Select(b => b.TurnsPerSecond)), 0)}/s", Stats.RatioRange([.. three.Zip(one, (t, o) => t.TurnsPerSecond / o.TurnsPerSecond)]),
            "- (2 cores: no gain expected)", null);
        Report.Add("PG nodes", "turns/s, 1 node with the cluster lock vs without", $"{Stats.F(Stats.Median(one.Select(b => b.TurnsPerSecond)), 0)}/s",
            $"no lock {Stats.F(Stats.Median(unlocked.Select(b => b.TurnsPerSecond)), 0)}/s", Stats.RatioRange([.. one.Zip(unlocked, (l, u) => l.TurnsPerSecond / u.TurnsPerSecond)]),
            "-", null);
    }

    /// <summary>The test server is shared (max_connections 200): a block refused a connection runs again, once.</summary>
    private static async Task<Block> RunWithRetryAsync(RunSettings settings, Variant variant, int people, int round)
    {
        try
        {
            return await RunBlockAsync(settings, variant, people, seed: round);
        }
        catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.TooManyConnections)
        {
            Console.WriteLine($"    round {round + 1} {variant.Name}: the shared server had no connection left (other users); the block runs again");
            await Task.Delay(2000);
            return await RunBlockAsync(settings, variant, people, seed: round);
        }
    }

    private static async Task<Block> RunBlockAsync(RunSettings settings, Variant variant, int people, int seed)
    {
        await using var database = await BenchDatabase.CreateAsync(settings);
        var counts = new WriteCounts();
        var sender = new AcceptingSender();
        var nodes = new List<BenchNode>();
        try
        {
            for (var i = 0; i < variant.Nodes; i++)
            {
                // A locked turn holds its lock's connection and opens a second one meanwhile (person, profile, mark sent):
                // a pool that lock holders can fill stalls every turn on the node until the pool's 15 s timeout (seen with
                // 24 connections per node of three and 32 people). So every node's pool is above the people in flight,
                // and the people are few enough for the shared server's 200 connections.
                nodes.Add(await BenchNode.StartAsync(database.ConnectionString, i, variant.ClusterLock, people + 4, counts, sender, TimeProvider.System));
            }

            var keys = Enumerable.Range(0, people).Select(p => ConversationKey.Private(Platform.Telegram, $"{seed + 1}{p:D4}", $"{seed + 1}{p:D4}")).ToArray();
            var latencies = new long[people * Script.Length];
            var walBefore = await database.WalSyncsAsync();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var started = Stopwatch.GetTimestamp();
            await Task.WhenAll(keys.Select((key, p) => Task.Run(async () =>
            {
                var random = new Random((seed * 1000) + p);
                for (var i = 0; i < Script.Length; i++)
                {
                    var node = nodes[random.Next(nodes.Count)].Service;
                    var turn = Stopwatch.GetTimestamp();
                    var receipt = await node.HandleAsync(Message(key, Script[i], $"{key.UserId}-{i}"));
                    await receipt.Delivered;
                    latencies[(p * Script.Length) + i] = Stopwatch.GetTimestamp() - turn;
                }
            })));
            var elapsed = Stopwatch.GetElapsedTime(started);
            var cpuMs = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / latencies.Length;
            await Task.Delay(1100); // backends report their WAL statistics at most once a second
            var walSyncs = await database.WalSyncsAsync() - walBefore;

            var expected = sender.KeysFor(keys[0]);
            var violations = keys.Count(k => !sender.KeysFor(k).SequenceEqual(expected)) + (expected.Any(k => k is "error" or "state.reset") ? 1 : 0);
            return new Block(latencies.Length / elapsed.TotalSeconds, [.. latencies.Order()], counts, latencies.Length, violations, cpuMs, walSyncs);
        }
        finally
        {
            foreach (var node in nodes)
            {
                await node.DisposeAsync();
            }
        }
    }

    private static InboundEvent Message(ConversationKey key, string text, string deliveryId) => text.StartsWith('/')
        ? new CommandReceived(key, ChatKind.Private, key.UserId, DateTimeOffset.UtcNow, deliveryId, text[1..], null)
        : new TextReceived(key, ChatKind.Private, key.UserId, DateTimeOffset.UtcNow, deliveryId, text);

    private static string Ms(long[] sorted, double percent) => Stats.F(Stats.TicksToMilliseconds(Stats.Percentile(sorted, percent)), 1);

    private static string Per(long count, int turns) => Stats.F((double)count / turns, 2);
}
