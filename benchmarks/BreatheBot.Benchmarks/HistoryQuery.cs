using System.Diagnostics;
using BreatheBot.Core.Episodes;
using BreatheBot.Core.Insights;
using BreatheBot.Storage.LiteDb;
using LiteDB;

namespace BreatheBot.Benchmarks;

/// <summary>
/// B13: a user's history at 1M episodes across 10k users, through the real LiteDbEpisodeStore (ListByUserAsync, newest 30,
/// mapped to Episode) against GetAsync (FindById, mapped) on the same collection, interleaved ABAB. Also the raw
/// "last 30 days" query (user index + date filter) for reference.
/// </summary>
internal static class HistoryQuery
{
    public static void Run(RunSettings settings)
    {
        var total = settings.Int("n", 1_000_000, 100_000);
        var users = settings.Int("users", 10_000, 10_000);
        var perBlock = settings.Int("queries", 1_000, 200);
        var pairs = settings.Int("pairs", 5, 3);
        Console.WriteLine($"B13: history query at {total:N0} episodes / {users:N0} users vs FindById, {pairs} ABAB pairs of {perBlock:N0} queries");
        var built = EpisodeGenerator.Build(settings, total, users);
        var ids = EpisodeGenerator.Generate(total, users).Select(e => e.Id).ToArray();
        using var database = StorageSupport.Open(built.Path);
        var store = new LiteDbEpisodeStore(database);
        var collection = database.Database.GetCollection(DiaryDatabase.Episodes);
        var random = new Random(13);
        var since = EpisodeGenerator.Now - TimeSpan.FromDays(30);

        IReadOnlyList<Episode> History() => store.ListByUserAsync(EpisodeGenerator.UserKey(random.Next(users)), 0, 30, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        // What /stats does with storage and the core: the person's whole diary, then the n-of-1 figures.
        DiaryStatistics StatsTurn() => DiaryStatistics.Compute(
            store.ListByUserAsync(EpisodeGenerator.UserKey(random.Next(users)), 0, int.MaxValue, CancellationToken.None).AsTask().GetAwaiter().GetResult(),
            StatsWindow.Last90Days, EpisodeGenerator.Now, TimeZoneInfo.Utc);
        Episode? ById() => store.GetAsync(ids[random.Next(ids.Length)], CancellationToken.None).AsTask().GetAwaiter().GetResult();
        List<BsonDocument> Last30Days() => collection.Query()
            .Where(Query.And(Query.EQ("user", EpisodeGenerator.UserKey(random.Next(users))), Query.GTE("startedAt", since.UtcDateTime)))
            .ToList();

        // What-if: episode ids are "platform-user-unixms" (13-digit ms until 2286), so one user's episodes are a contiguous,
        // time-ordered range of the _id index: newest 30 without reading and sorting all of the user's episodes.
        List<BsonDocument> ByIdRange()
        {
            var prefix = "telegram-" + EpisodeGenerator.UserKey(random.Next(users))["telegram:".Length..] + "-";
            return collection.Query().Where(Query.Between("_id", prefix, prefix + "~")).OrderByDescending("_id").Limit(30).ToList();
        }

        // Sanity: the query finds what it should.
        var sample = store.ListByUserAsync(EpisodeGenerator.UserKey(1), 0, 30, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        if (sample.Count != Math.Min(30, total / users) || sample.Zip(sample.Skip(1)).Any(p => p.First.StartedAt < p.Second.StartedAt))
        {
            throw new InvalidOperationException($"History query returned {sample.Count} episodes, or not newest first.");
        }

        for (var i = 0; i < 200; i++)
        {
            History();
            StatsTurn();
            ById();
            Last30Days();
            ByIdRange();
        }

        var check = collection.Query().Where(Query.Between("_id", "telegram-500000001-", "telegram-500000001-~")).OrderByDescending("_id").Limit(30).ToList();
        if (check.Count != sample.Count || check[0]["_id"].AsString != sample[0].Id)
        {
            throw new InvalidOperationException("The _id range query does not return the same newest episodes.");
        }

        var history = new List<long>();
        var byId = new List<long>();
        var recent = new List<long>();
        var range = new List<long>();
        var stats = new List<long>();
        var found = 0L;
        for (var pair = 0; pair < pairs; pair++)
        {
            for (var i = 0; i < perBlock; i++)
            {
                var start = Stopwatch.GetTimestamp();
                found += ById() is null ? 0 : 1;
                byId.Add(Stopwatch.GetTimestamp() - start);
            }

            for (var i = 0; i < perBlock; i++)
            {
                var start = Stopwatch.GetTimestamp();
                found += History().Count;
                history.Add(Stopwatch.GetTimestamp() - start);
            }

            for (var i = 0; i < perBlock; i++)
            {
                var start = Stopwatch.GetTimestamp();
                found += StatsTurn().Episodes;
                stats.Add(Stopwatch.GetTimestamp() - start);
            }

            for (var i = 0; i < perBlock; i++)
            {
                var start = Stopwatch.GetTimestamp();
                found += Last30Days().Count;
                recent.Add(Stopwatch.GetTimestamp() - start);
            }

            for (var i = 0; i < perBlock; i++)
            {
                var start = Stopwatch.GetTimestamp();
                found += ByIdRange().Count;
                range.Add(Stopwatch.GetTimestamp() - start);
            }
        }

        var h = history.Order().ToArray();
        var b = byId.Order().ToArray();
        var r = recent.Order().ToArray();
        double Us(long[] sorted, double p) => Stats.TicksToMicroseconds(Stats.Percentile(sorted, p));
        var p99 = Us(h, 99);
        Report.Add("B13", $"history (ListByUserAsync, newest 30) at {total:N0} episodes",
            $"p50 {Stats.F(Us(h, 50), 0)} µs, p99 {Stats.F(p99, 0)} µs", $"FindById p50 {Stats.F(Us(b, 50), 0)} µs, p99 {Stats.F(Us(b, 99), 0)} µs",
            $"p99 {Stats.Ratio(p99 / Us(b, 99))}, p50 {Stats.Ratio(Us(h, 50) / Us(b, 50))}", "p99 ≤ 200 µs; ≤ 10× FindById", p99 <= 200 && p99 / Us(b, 99) <= 10);
        Report.Add("B13", $"last 30 days (raw query: user = x and startedAt ≥ now−30d)",
            $"p50 {Stats.F(Us(r, 50), 0)} µs, p99 {Stats.F(Us(r, 99), 0)} µs", $"FindById p99 {Stats.F(Us(b, 99), 0)} µs",
            $"p99 {Stats.Ratio(Us(r, 99) / Us(b, 99))}", "(reference)", null);
        var st = stats.Order().ToArray();
        Report.Add("B13", $"/stats data (whole diary + DiaryStatistics.Compute, 90 days) at {total:N0} episodes",
            $"p50 {Stats.F(Us(st, 50), 0)} µs, p99 {Stats.F(Us(st, 99), 0)} µs", $"FindById p50 {Stats.F(Us(b, 50), 0)} µs, p99 {Stats.F(Us(b, 99), 0)} µs",
            $"p99 {Stats.Ratio(Us(st, 99) / Us(b, 99))}, p50 {Stats.Ratio(Us(st, 50) / Us(b, 50))}", "(issue 5: stays fast with years of data)", null);
        var g = range.Order().ToArray();
        Report.Add("B13", "what-if: newest 30 by _id range (raw query, index order, no sort)",
            $"p50 {Stats.F(Us(g, 50), 0)} µs, p99 {Stats.F(Us(g, 99), 0)} µs", $"FindById p50 {Stats.F(Us(b, 50), 0)} µs, p99 {Stats.F(Us(b, 99), 0)} µs",
            $"p99 {Stats.Ratio(Us(g, 99) / Us(b, 99))}, p50 {Stats.Ratio(Us(g, 50) / Us(b, 50))}", "p99 ≤ 200 µs; ≤ 10× FindById", null);
        GC.KeepAlive(found);
    }
}
