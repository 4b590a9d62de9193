using System.Diagnostics;
using BreatheBot.Core.Cluster;
using BreatheBot.Storage.PostgreSql;
using Microsoft.Extensions.Logging.Abstractions;

namespace BreatheBot.Benchmarks;

/// <summary>
/// The cost of the platform limits shared through PostgreSQL (issue 15): how many sends one node can clear per second
/// in a Telegram send's shape — a take from the bot's counted window and a chat's (a new chat most times), then the
/// release once "answered" — with 1, 4 and 16 in flight, and 3 nodes together on the one hot global row; and the latency
/// a take adds before each send. The global window's limit is made too large ever to refuse, so the figures are the
/// store's, not the limits' (and pessimistic: every send of the last second stays counted, hundreds of rows where 25 is
/// Telegram's most). Baseline in the same run and pool: a bare <c>SELECT 1</c> round trip.
/// </summary>
internal static class SharedRateLimits
{
    public static void Run(RunSettings settings)
    {
        var count = settings.Int("turns", 5_000, 1_000);
        Console.WriteLine($"PG shared rate limits: {count} takes per shape, buckets that never refuse (the store's cost, not the limits')");
        PostgreSqlTurns.WithDatabase(settings, diary =>
        {
            var limits = new PostgreSqlSharedRateLimits(diary, TimeProvider.System, NullLogger<PostgreSqlSharedRateLimits>.Instance);
            var global = RateBucket.Counted("telegram:global", 1_000_000, TimeSpan.FromSeconds(1.05), TimeSpan.FromSeconds(2));
            Measure(count, 1, _ => SelectOne(diary)); // warm-up: the pool's connections and JIT
            Measure(count / 10, 4, i => Take(limits, global, i));

            var (baseRate, baseLatencies) = Measure(count, 1, _ => SelectOne(diary));
            foreach (var inFlight in new[] { 1, 4, 16 })
            {
                var (rate, latencies) = Measure(count, inFlight, i => Take(limits, global, i + (inFlight * 1_000_000)));
                var (selectRate, _) = inFlight == 1 ? (baseRate, baseLatencies) : Measure(count, inFlight, _ => SelectOne(diary));
                Report.Add("PG RL", $"sends/s (take + release), one node, {inFlight} in flight", $"{Stats.F(rate, 0)}/s", $"SELECT 1 {Stats.F(selectRate, 0)}/s",
                    Stats.F(rate / selectRate, 2) + "×", "≫ 25/s (Telegram), 40/s (Discord)", rate >= 400);
                if (inFlight == 1)
                {
                    Report.Add("PG RL", "round trips per send (take before it + release after it)", $"p50 {Ms(latencies, 50)} ms, p99 {Ms(latencies, 99)} ms",
                        $"SELECT 1 p50 {Ms(baseLatencies, 50)} ms, p99 {Ms(baseLatencies, 99)} ms", "-", "p99 ≤ 10 ms", Stats.TicksToMilliseconds(Stats.Percentile(latencies, 99)) <= 10);
                }
            }

            // three nodes' limiters (here on one connection pool) on the one global row, 4 in flight each
            var nodes = Enumerable.Range(0, 3).Select(_ => new PostgreSqlSharedRateLimits(diary, TimeProvider.System, NullLogger<PostgreSqlSharedRateLimits>.Instance)).ToArray();
            var started = Stopwatch.GetTimestamp();
            Task.WaitAll([.. nodes.Select((node, n) => Task.Run(() => Measure(count, 4, i => Take(node, global, i + ((n + 5) * 1_000_000)))))]);
            var together = 3 * count / Stopwatch.GetElapsedTime(started).TotalSeconds;
            Report.Add("PG RL", "sends/s (take + release), 3 limiters x 4 in flight, one hot global row", $"{Stats.F(together, 0)}/s", "-", "-", "≫ 25/s", together >= 400);
            return together;
        });
    }

    /// <summary>One send's shared cost: the take before it and the release after it.</summary>
    private static async Task Take(PostgreSqlSharedRateLimits limits, RateBucket global, int i)
    {
        RateBucket[] buckets = [global, RateBucket.Counted("telegram:chat:" + i, 1, TimeSpan.FromSeconds(1.05), TimeSpan.FromSeconds(2))];
        var permit = await limits.TryTakeAsync(buckets, 1, CancellationToken.None);
        if (!permit.Granted)
        {
            throw new InvalidOperationException("A limit that should never refuse did: " + permit.LimitedBy);
        }

        await limits.ReleaseAsync(buckets, permit.Holder, sent: true, CancellationToken.None);
    }

    private static async Task SelectOne(PostgreSqlDiary diary)
    {
        await using var command = diary.DataSource.CreateCommand("SELECT 1");
        await command.ExecuteScalarAsync();
    }

    /// <summary>Runs <paramref name="count"/> operations with <paramref name="inFlight"/> at a time; their rate and latencies.</summary>
    private static (double Rate, long[] Latencies) Measure(int count, int inFlight, Func<int, Task> operation)
    {
        var latencies = new long[count];
        var next = -1;
        var started = Stopwatch.GetTimestamp();
        Task.WaitAll([.. Enumerable.Range(0, inFlight).Select(_ => Task.Run(async () =>
        {
            for (var i = Interlocked.Increment(ref next); i < count; i = Interlocked.Increment(ref next))
            {
                var at = Stopwatch.GetTimestamp();
                await operation(i);
                latencies[i] = Stopwatch.GetTimestamp() - at;
            }
        }))]);
        var rate = count / Stopwatch.GetElapsedTime(started).TotalSeconds;
        Array.Sort(latencies);
        return (rate, latencies);
    }

    private static string Ms(long[] sorted, double percent) => Stats.F(Stats.TicksToMilliseconds(Stats.Percentile(sorted, percent)), 2);
}
