using System.Diagnostics;
using BreatheBot.Core.Storage;
using BreatheBot.Storage.LiteDb;
using LiteDB;

namespace BreatheBot.Benchmarks;

/// <summary>
/// B3/B4: turns persisted through the real store (LiteDbConversationStore → SingleWriter → LiteDB) against raw LiteDB
/// writing the identical documents into a file opened with the same settings (DiaryDatabase: direct, UTC dates, pinned
/// collation, same indexes). A fresh file per block; blocks interleaved ABAB. "Durable" = the commit returned: LiteDB
/// 5.0.21 writes the log synchronously but never fsyncs, so a kill -9 is survived and a power cut is not.
/// </summary>
internal static class PersistedTurns
{
    public static void RunPerTurn(RunSettings settings)
    {
        Console.WriteLine("B3: persisted turns/s, one commit per turn (sequential), store vs raw Upsert in one transaction per turn");
        var count = settings.Int("turns", 3_000, 500);
        var pairs = settings.Int("pairs", 3, 2);
        var folder = settings.NewDirectory("b3");
        var ratios = new List<double>();
        var storeRates = new List<double>();
        var rawRates = new List<double>();
        var latencies = new List<long>();
        var outboxRates = new List<double>();
        var outboxRatios = new List<double>();
        var outboxLatencies = new List<long>();
        long logBytes = 0, dataBytes = 0;
        for (var pair = 0; pair < pairs; pair++)
        {
            var commits = StorageSupport.TriageCommits(count, pair * count);
            var (conversations, episodes) = Documents(commits);

            // after the outbox (issue 15): the same turns with their replies as outbox entries, each turn's entries
            // marked sent (deleted) right after its commit, as the delivery does once the platform confirmed them
            var outboxPath = Path.Combine(folder, $"outbox-{pair}.db");
            var outboxCommits = StorageSupport.TriageCommits(count, pair * count, outbox: true);
            double outboxRate;
            using (var database = StorageSupport.Open(outboxPath))
            {
                var store = StorageSupport.Store(database);
                var started = Stopwatch.GetTimestamp();
                for (var i = 0; i < count; i++)
                {
                    var turn = Stopwatch.GetTimestamp();
                    store.CommitAsync(outboxCommits[i], CancellationToken.None).AsTask().GetAwaiter().GetResult();
                    outboxLatencies.Add(Stopwatch.GetTimestamp() - turn);
                    store.MarkSentAsync([.. outboxCommits[i].Outbox.Select(e => e.Id)], CancellationToken.None).AsTask().GetAwaiter().GetResult();
                }

                outboxRate = count / Stopwatch.GetElapsedTime(started).TotalSeconds;
            }

            File.Delete(outboxPath);
            var rawPath = Path.Combine(folder, $"raw-{pair}.db");
            double rawRate;
            using (var database = StorageSupport.Open(rawPath))
            {
                var db = database.Database;
                var conversationCollection = db.GetCollection(DiaryDatabase.Conversations);
                var episodeCollection = db.GetCollection(DiaryDatabase.Episodes);
                var started = Stopwatch.GetTimestamp();
                for (var i = 0; i < count; i++)
                {
                    db.BeginTrans();
                    conversationCollection.Upsert(conversations[i]);
                    episodeCollection.Upsert(episodes[i]);
                    db.Commit();
                }

                rawRate = count / Stopwatch.GetElapsedTime(started).TotalSeconds;
            }

            var storePath = Path.Combine(folder, $"store-{pair}.db");
            double storeRate;
            using (var database = StorageSupport.Open(storePath))
            {
                var store = StorageSupport.Store(database);
                var started = Stopwatch.GetTimestamp();
                for (var i = 0; i < count; i++)
                {
                    var turn = Stopwatch.GetTimestamp();
                    store.CommitAsync(commits[i], CancellationToken.None).AsTask().GetAwaiter().GetResult();
                    latencies.Add(Stopwatch.GetTimestamp() - turn);
                }

                storeRate = count / Stopwatch.GetElapsedTime(started).TotalSeconds;
                logBytes = StorageSupport.FileSize(StorageSupport.LogPath(storePath));
                dataBytes = StorageSupport.FileSize(storePath);
            }

            rawRates.Add(rawRate);
            storeRates.Add(storeRate);
            ratios.Add(storeRate / rawRate);
            outboxRates.Add(outboxRate);
            outboxRatios.Add(outboxRate / storeRate);
            File.Delete(rawPath);
            File.Delete(storePath);
        }

        var sorted = latencies.Order().ToArray();
        var rate = Stats.Median(storeRates);
        var outboxSorted = outboxLatencies.Order().ToArray();
        Report.Add("B3", "persisted turns/s, per-turn commit, with outbox (commit with replies + mark sent)", $"{Stats.F(Stats.Median(outboxRates), 0)}/s",
            $"without outbox {Stats.F(rate, 0)}/s", Stats.RatioRange(outboxRatios), "≥ 0.85× without (else a reason)", Stats.Median(outboxRatios) >= 0.85);
        Report.Add("B3", "turn→durable, per-turn commit, with outbox",
            $"p50 {Stats.F(Stats.TicksToMilliseconds(Stats.Percentile(outboxSorted, 50)), 3)} ms, p99 {Stats.F(Stats.TicksToMilliseconds(Stats.Percentile(outboxSorted, 99)), 3)} ms",
            "-", "-", "-", null);
        Report.Add("B3", "persisted turns/s, per-turn commit", $"{Stats.F(rate, 0)}/s", $"raw Upsert {Stats.F(Stats.Median(rawRates), 0)}/s", Stats.RatioRange(ratios),
            "≥ 0.8× raw upsert", Stats.Median(ratios) >= 0.8);
        Report.Add("B3", "turn→durable, per-turn commit", $"p50 {Stats.F(Stats.TicksToMilliseconds(Stats.Percentile(sorted, 50)), 3)} ms, p99 {Stats.F(Stats.TicksToMilliseconds(Stats.Percentile(sorted, 99)), 3)} ms",
            "-", "-", "-", null);
        Report.Add("B3", $"files after {count:N0} turns (before checkpoint)", $"log {Stats.Bytes(logBytes)}, data {Stats.Bytes(dataBytes)}", "-", "-", "-", null);
        Directory.Delete(folder, recursive: true);
    }

    public static void RunGroupCommit(RunSettings settings)
    {
        var count = settings.Int("turns", 40_000, 5_000);
        var pairs = settings.Int("pairs", 3, 2);
        var inFlight = settings.Int("inflight", 256, 256);
        Console.WriteLine($"B4: persisted turns/s with group commit (≤64 per transaction, {inFlight} conversations in flight), store vs raw InsertBulk of 64 turns per transaction");
        var folder = settings.NewDirectory("b4");
        var ratios = new List<double>();
        var storeRates = new List<double>();
        var rawRates = new List<double>();
        var latencies = new List<long>();
        var outboxRates = new List<double>();
        var outboxRatios = new List<double>();
        var outboxLatencies = new List<long>();
        long logBytes = 0, dataBytes = 0;
        for (var pair = 0; pair < pairs; pair++)
        {
            var commits = StorageSupport.TriageCommits(count, pair * count);
            var (conversations, episodes) = Documents(commits);

            // after the outbox: the same turns with their replies as entries; each conversation marks its entries sent
            // after its commit (a second small write, group-committed with the others)
            var outboxPath = Path.Combine(folder, $"outbox-{pair}.db");
            var outboxCommits = StorageSupport.TriageCommits(count, pair * count, outbox: true);
            double outboxRate;
            var outboxBlock = new long[count];
            using (var database = StorageSupport.Open(outboxPath, maxWriteBatch: 64))
            {
                var store = StorageSupport.Store(database);
                var started = Stopwatch.GetTimestamp();
                var workers = Enumerable.Range(0, inFlight).Select(w => Task.Run(async () =>
                {
                    for (var i = w; i < count; i += inFlight)
                    {
                        var turn = Stopwatch.GetTimestamp();
                        await store.CommitAsync(outboxCommits[i], CancellationToken.None);
                        outboxBlock[i] = Stopwatch.GetTimestamp() - turn;
                        await store.MarkSentAsync([.. outboxCommits[i].Outbox.Select(e => e.Id)], CancellationToken.None);
                    }
                })).ToArray();
                Task.WaitAll(workers);
                outboxRate = count / Stopwatch.GetElapsedTime(started).TotalSeconds;
            }

            outboxLatencies.AddRange(outboxBlock);
            File.Delete(outboxPath);
            var rawPath = Path.Combine(folder, $"raw-{pair}.db");
            double rawRate;
            using (var database = StorageSupport.Open(rawPath))
            {
                var db = database.Database;
                var conversationCollection = db.GetCollection(DiaryDatabase.Conversations);
                var episodeCollection = db.GetCollection(DiaryDatabase.Episodes);
                var started = Stopwatch.GetTimestamp();
                for (var i = 0; i < count; i += 64)
                {
                    var take = Math.Min(64, count - i);
                    db.BeginTrans();
                    conversationCollection.InsertBulk(conversations.Skip(i).Take(take));
                    episodeCollection.InsertBulk(episodes.Skip(i).Take(take));
                    db.Commit();
                }

                rawRate = count / Stopwatch.GetElapsedTime(started).TotalSeconds;
            }

            var storePath = Path.Combine(folder, $"store-{pair}.db");
            double storeRate;
            var blockLatencies = new long[count];
            using (var database = StorageSupport.Open(storePath, maxWriteBatch: 64))
            {
                var store = StorageSupport.Store(database);
                var started = Stopwatch.GetTimestamp();
                var workers = Enumerable.Range(0, inFlight).Select(w => Task.Run(async () =>
                {
                    for (var i = w; i < count; i += inFlight)
                    {
                        var turn = Stopwatch.GetTimestamp();
                        await store.CommitAsync(commits[i], CancellationToken.None);
                        blockLatencies[i] = Stopwatch.GetTimestamp() - turn;
                    }
                })).ToArray();
                Task.WaitAll(workers);
                storeRate = count / Stopwatch.GetElapsedTime(started).TotalSeconds;
                logBytes = StorageSupport.FileSize(StorageSupport.LogPath(storePath));
                dataBytes = StorageSupport.FileSize(storePath);
            }

            latencies.AddRange(blockLatencies);
            rawRates.Add(rawRate);
            storeRates.Add(storeRate);
            ratios.Add(storeRate / rawRate);
            outboxRates.Add(outboxRate);
            outboxRatios.Add(outboxRate / storeRate);
            File.Delete(rawPath);
            File.Delete(storePath);
        }

        var sorted = latencies.Order().ToArray();
        var rate = Stats.Median(storeRates);
        var p99 = Stats.TicksToMilliseconds(Stats.Percentile(sorted, 99));
        var outboxSorted = outboxLatencies.Order().ToArray();
        Report.Add("B4", "persisted turns/s, group commit, with outbox (commit with replies + mark sent)", $"{Stats.F(Stats.Median(outboxRates), 0)}/s",
            $"without outbox {Stats.F(rate, 0)}/s", Stats.RatioRange(outboxRatios), "≥ 0.85× without (else a reason)", Stats.Median(outboxRatios) >= 0.85);
        Report.Add("B4", $"turn→durable, group commit, with outbox, {inFlight} in flight",
            $"p50 {Stats.F(Stats.TicksToMilliseconds(Stats.Percentile(outboxSorted, 50)), 2)} ms, p99 {Stats.F(Stats.TicksToMilliseconds(Stats.Percentile(outboxSorted, 99)), 2)} ms",
            "-", "-", "p99 ≤ 25 ms", Stats.TicksToMilliseconds(Stats.Percentile(outboxSorted, 99)) <= 25);
        Report.Add("B4", "persisted turns/s, group commit", $"{Stats.F(rate, 0)}/s", $"raw InsertBulk×64 {Stats.F(Stats.Median(rawRates), 0)}/s", Stats.RatioRange(ratios),
            "≥ 10k/s; ≥ 0.7× bulk", rate >= 10_000 && Stats.Median(ratios) >= 0.7);
        Report.Add("B4", $"turn→durable, group commit, {inFlight} in flight", $"p50 {Stats.F(Stats.TicksToMilliseconds(Stats.Percentile(sorted, 50)), 2)} ms, p99 {Stats.F(p99, 2)} ms",
            "-", "-", "p99 ≤ 25 ms", p99 <= 25);
        OpenLoopLatency(settings, folder, rate);
        Report.Add("B4", $"files after {count:N0} turns (before checkpoint)", $"log {Stats.Bytes(logBytes)}, data {Stats.Bytes(dataBytes)}", "-", "-", "-", null);
        Directory.Delete(folder, recursive: true);
    }

    /// <summary>
    /// Turn→durable at a fixed arrival rate (open loop: each turn's latency counts from its scheduled arrival, so a stall
    /// is not hidden by fewer arrivals), at a quarter and at half of the measured group-commit capacity.
    /// </summary>
    private static void OpenLoopLatency(RunSettings settings, string folder, double capacity)
    {
        foreach (var share in new[] { 0.25, 0.5 })
        {
            var rate = Math.Max(100, Math.Round(capacity * share / 100) * 100);
            var seconds = settings.Int("seconds", 10, 3);
            var count = (int)(rate * seconds);
            var commits = StorageSupport.TriageCommits(count, 10_000_000);
            var path = Path.Combine(folder, $"open-{share}.db");
            var latencies = new long[count];
            using (var database = StorageSupport.Open(path, maxWriteBatch: 64))
            {
                var store = StorageSupport.Store(database);
                var tasks = new Task[count];
                var interval = Stopwatch.Frequency / rate;
                var start = Stopwatch.GetTimestamp();
                // The generator sleeps ~1 ms and then issues every turn already due (no spinning: on 2 cores a spinning
                // generator would take a core from the writer). Latency still counts from each turn's scheduled time.
                var next = 0;
                while (next < count)
                {
                    var now = Stopwatch.GetTimestamp();
                    while (next < count && start + (long)(next * interval) <= now)
                    {
                        var index = next;
                        var due = start + (long)(index * interval);
                        tasks[index] = store.CommitAsync(commits[index], CancellationToken.None).AsTask()
                            .ContinueWith(_ => latencies[index] = Stopwatch.GetTimestamp() - due, TaskScheduler.Default);
                        next++;
                    }

                    Thread.Sleep(1);
                }

                Task.WaitAll(tasks);
            }

            Array.Sort(latencies);
            var p99 = Stats.TicksToMilliseconds(Stats.Percentile(latencies, 99));
            Report.Add("B4", $"turn→durable, open loop {rate:N0} turns/s ({share:P0} of capacity)",
                $"p50 {Stats.F(Stats.TicksToMilliseconds(Stats.Percentile(latencies, 50)), 2)} ms, p99 {Stats.F(p99, 2)} ms, max {Stats.F(Stats.TicksToMilliseconds(latencies[^1]), 1)} ms",
                "-", "-", "p99 ≤ 25 ms", p99 <= 25);
            File.Delete(path);
        }
    }

    /// <summary>
    /// B4 checkpoint check: is the turn→durable tail LiteDB's inline auto-checkpoint? The same open-loop arrival as
    /// B4 (default 2,800 turns/s, about ¼ of capacity) into the real store, with LiteDB's default auto-checkpoint
    /// (every 1,000 log pages, run inside the commit that crosses it) against auto-checkpoint off (CheckpointSize 0, the
    /// log just grows), fresh file per block, interleaved ABAB pairs.
    /// </summary>
    public static void RunCheckpointCheck(RunSettings settings)
    {
        var rate = settings.Int("rate", 2_800, 2_800);
        var seconds = settings.Int("seconds", 10, 3);
        var pairs = settings.Int("pairs", 3, 1);
        Console.WriteLine($"B4 checkpoint check: open loop {rate:N0} turns/s for {seconds} s, inline auto-checkpoint vs none, {pairs} ABAB pairs");
        var folder = settings.NewDirectory("b4cp");
        var inline = new List<long>();
        var none = new List<long>();
        var inlineLog = new List<long>();
        var noneLog = new List<long>();
        for (var pair = 0; pair < pairs; pair++)
        {
            foreach (var autoCheckpoint in new[] { true, false })
            {
                var count = rate * seconds;
                var commits = StorageSupport.TriageCommits(count, 20_000_000 + (pair * 2 * count) + (autoCheckpoint ? 0 : count));
                var path = Path.Combine(folder, $"cp-{pair}-{autoCheckpoint}.db");
                var latencies = new long[count];
                long logBytes;
                using (var database = StorageSupport.Open(path, maxWriteBatch: 64))
                {
                    if (!autoCheckpoint)
                    {
                        database.Database.CheckpointSize = 0;
                    }

                    var store = StorageSupport.Store(database);
                    var tasks = new Task[count];
                    var interval = Stopwatch.Frequency / rate;
                    var start = Stopwatch.GetTimestamp();
                    var next = 0;
                    while (next < count)
                    {
                        var now = Stopwatch.GetTimestamp();
                        while (next < count && start + (long)(next * interval) <= now)
                        {
                            var index = next;
                            var due = start + (long)(index * interval);
                            tasks[index] = store.CommitAsync(commits[index], CancellationToken.None).AsTask()
                                .ContinueWith(_ => latencies[index] = Stopwatch.GetTimestamp() - due, TaskScheduler.Default);
                            next++;
                        }

                        Thread.Sleep(1);
                    }

                    Task.WaitAll(tasks);
                    logBytes = StorageSupport.FileSize(StorageSupport.LogPath(path));
                }

                (autoCheckpoint ? inline : none).AddRange(latencies);
                (autoCheckpoint ? inlineLog : noneLog).Add(logBytes);
                var sortedBlock = latencies.Order().ToArray();
                Console.WriteLine($"  pair {pair} {(autoCheckpoint ? "inline checkpoint" : "no auto-checkpoint")}: p50 {Stats.F(Stats.TicksToMilliseconds(Stats.Percentile(sortedBlock, 50)), 2)} ms, p99 {Stats.F(Stats.TicksToMilliseconds(Stats.Percentile(sortedBlock, 99)), 2)} ms, max {Stats.F(Stats.TicksToMilliseconds(sortedBlock[^1]), 1)} ms, log at end {Stats.Bytes(logBytes)}");
                File.Delete(path);
                File.Delete(StorageSupport.LogPath(path));
            }
        }

        string Describe(List<long> all)
        {
            var sorted = all.Order().ToArray();
            var over = sorted.Count(t => Stats.TicksToMilliseconds(t) > 25);
            return $"p50 {Stats.F(Stats.TicksToMilliseconds(Stats.Percentile(sorted, 50)), 2)} ms, p99 {Stats.F(Stats.TicksToMilliseconds(Stats.Percentile(sorted, 99)), 2)} ms, max {Stats.F(Stats.TicksToMilliseconds(sorted[^1]), 1)} ms, {100.0 * over / sorted.Length:F2} % over 25 ms";
        }

        var inlineP99 = Stats.TicksToMilliseconds(Stats.Percentile(inline.Order().ToArray(), 99));
        var noneP99 = Stats.TicksToMilliseconds(Stats.Percentile(none.Order().ToArray(), 99));
        Report.Add("B4", $"turn→durable, open loop {rate:N0} turns/s, auto-checkpoint off (CheckpointSize 0)", Describe(none),
            $"inline auto-checkpoint (default): {Describe(inline)}", $"p99 {Stats.Ratio(noneP99 / inlineP99)}", "p99 ≤ 25 ms", noneP99 <= 25);
        Report.Add("B4", "log file at the end of a block (no checkpoint vs inline)", $"{string.Join(" / ", noneLog.Select(b => Stats.Bytes(b)))}",
            $"{string.Join(" / ", inlineLog.Select(b => Stats.Bytes(b)))}", "-", "-", null);
        Directory.Delete(folder, recursive: true);
    }

    private static (BsonDocument[] Conversations, BsonDocument[] Episodes) Documents(TurnCommit[] commits) =>
        ([.. commits.Select(c => StorageSupport.FromConversation(c.Conversation))], [.. commits.Select(c => StorageSupport.FromEpisode(c.Episodes[0]))]);
}
