using System.Diagnostics;
using BreatheBot.Core.Storage;
using BreatheBot.Storage.PostgreSql;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace BreatheBot.Benchmarks;

/// <summary>
/// B3/B4 on PostgreSQL (issue 15): turns persisted through the real store (PostgreSqlConversationStore: one transaction
/// per turn, the turn's rows sent as one batch) against raw Npgsql inserting the identical rows (same SQL text, same
/// parameters) in the same run. A fresh database per block (CREATE DATABASE, dropped after); blocks interleaved ABAB.
/// "Durable" = the commit returned with the server's defaults (fsync on, synchronous_commit on). The server is
/// <c>--pg=</c> or BREATHEBOT_TEST_POSTGRES (scripts/postgres-test-server.sh start).
/// </summary>
internal static class PostgreSqlTurns
{
    public static void RunPerTurn(RunSettings settings)
    {
        Console.WriteLine("PG B3: persisted turns/s, one transaction per turn (sequential), store vs raw Npgsql batch of the same rows in one transaction per turn");
        var count = settings.Int("turns", 3_000, 300);
        var pairs = settings.Int("pairs", 3, 2);
        var storeRates = new List<double>();
        var rawRates = new List<double>();
        var ratios = new List<double>();
        var latencies = new List<long>();
        for (var pair = 0; pair < pairs; pair++)
        {
            var commits = StorageSupport.TriageCommits(count, pair * count);
            var rawRate = WithDatabase(settings, diary =>
            {
                using var connection = diary.DataSource.OpenConnection();
                var started = Stopwatch.GetTimestamp();
                foreach (var commit in commits)
                {
                    using var transaction = connection.BeginTransaction();
                    using var batch = RawBatch(connection, transaction, [commit]);
                    batch.ExecuteNonQuery();
                    transaction.Commit();
                }

                return count / Stopwatch.GetElapsedTime(started).TotalSeconds;
            });
            var storeRate = WithDatabase(settings, diary =>
            {
                var store = new PostgreSqlConversationStore(diary, NullLogger<PostgreSqlConversationStore>.Instance);
                var started = Stopwatch.GetTimestamp();
                foreach (var commit in commits)
                {
                    var turn = Stopwatch.GetTimestamp();
                    store.CommitAsync(commit, CancellationToken.None).AsTask().GetAwaiter().GetResult();
                    latencies.Add(Stopwatch.GetTimestamp() - turn);
                }

                return count / Stopwatch.GetElapsedTime(started).TotalSeconds;
            });
            rawRates.Add(rawRate);
            storeRates.Add(storeRate);
            ratios.Add(storeRate / rawRate);
        }

        var sorted = latencies.Order().ToArray();
        Report.Add("PG B3", "persisted turns/s, per-turn commit", $"{Stats.F(Stats.Median(storeRates), 0)}/s", $"raw Npgsql {Stats.F(Stats.Median(rawRates), 0)}/s",
            Stats.RatioRange(ratios), "≥ 0.8× raw insert", Stats.Median(ratios) >= 0.8);
        Report.Add("PG B3", "turn→durable, per-turn commit", $"p50 {Stats.F(Stats.TicksToMilliseconds(Stats.Percentile(sorted, 50)), 3)} ms, p99 {Stats.F(Stats.TicksToMilliseconds(Stats.Percentile(sorted, 99)), 3)} ms",
            "-", "-", "-", null);
    }

    public static void RunConcurrent(RunSettings settings)
    {
        var count = settings.Int("turns", 20_000, 2_000);
        var pairs = settings.Int("pairs", 3, 2);
        var inFlight = settings.Int("inflight", 64, 64);
        Console.WriteLine($"PG B4: persisted turns/s with {inFlight} conversations in flight (one transaction per turn; PostgreSQL groups the WAL flushes of concurrent commits), store vs raw Npgsql of the same rows in 64-turn transactions");
        var storeRates = new List<double>();
        var rawRates = new List<double>();
        var ratios = new List<double>();
        var latencies = new List<long>();
        for (var pair = 0; pair < pairs; pair++)
        {
            var commits = StorageSupport.TriageCommits(count, pair * count);
            var rawRate = WithDatabase(settings, diary =>
            {
                using var connection = diary.DataSource.OpenConnection();
                var started = Stopwatch.GetTimestamp();
                foreach (var chunk in commits.Chunk(64))
                {
                    using var transaction = connection.BeginTransaction();
                    using var batch = RawBatch(connection, transaction, chunk);
                    batch.ExecuteNonQuery();
                    transaction.Commit();
                }

                return count / Stopwatch.GetElapsedTime(started).TotalSeconds;
            });
            var blockLatencies = new long[count];
            var storeRate = WithDatabase(settings, diary =>
            {
                var store = new PostgreSqlConversationStore(diary, NullLogger<PostgreSqlConversationStore>.Instance);
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
                return count / Stopwatch.GetElapsedTime(started).TotalSeconds;
            });
            latencies.AddRange(blockLatencies);
            rawRates.Add(rawRate);
            storeRates.Add(storeRate);
            ratios.Add(storeRate / rawRate);
        }

        var sorted = latencies.Order().ToArray();
        var rate = Stats.Median(storeRates);
        var p99 = Stats.TicksToMilliseconds(Stats.Percentile(sorted, 99));
        Report.Add("PG B4", $"persisted turns/s, {inFlight} in flight", $"{Stats.F(rate, 0)}/s", $"raw Npgsql 64/tx {Stats.F(Stats.Median(rawRates), 0)}/s", Stats.RatioRange(ratios),
            "≥ 10k/s; ≥ 0.7× bulk", rate >= 10_000 && Stats.Median(ratios) >= 0.7);
        Report.Add("PG B4", $"turn→durable, {inFlight} in flight", $"p50 {Stats.F(Stats.TicksToMilliseconds(Stats.Percentile(sorted, 50)), 2)} ms, p99 {Stats.F(p99, 2)} ms",
            "-", "-", "p99 ≤ 25 ms", p99 <= 25);
    }

    /// <summary>The store's own statements and parameters for these turns (conversation upsert, episode upsert), as one batch.</summary>
    private static NpgsqlBatch RawBatch(NpgsqlConnection connection, NpgsqlTransaction transaction, IEnumerable<TurnCommit> commits)
    {
        var batch = new NpgsqlBatch(connection, transaction);
        foreach (var commit in commits)
        {
            batch.BatchCommands.Add(Sql.BatchCommand(ConversationRows.Upsert, ConversationRows.UpsertParameters(commit.Conversation)));
            foreach (var episode in commit.Episodes)
            {
                batch.BatchCommands.Add(Sql.BatchCommand(
                    "INSERT INTO episodes (id, user_key, conversation_key, started_at, v, body) VALUES ($1, $2, $3, $4, $5, $6)",
                    Sql.Text(episode.Id), Sql.Text(episode.UserKey), Sql.Text(episode.ConversationKey), Sql.Instant(episode.StartedAt),
                    Sql.Int(Documents.CurrentVersion), Sql.Jsonb(Documents.FromEpisode(episode))));
            }

            if (commit.Profile is { } profile)
            {
                batch.BatchCommands.Add(Sql.BatchCommand(
                    "INSERT INTO profiles (user_key, v, body) VALUES ($1, $2, $3) ON CONFLICT (user_key) DO UPDATE SET v = EXCLUDED.v, body = EXCLUDED.body",
                    Sql.Text(profile.UserKey), Sql.Int(Documents.CurrentVersion), Sql.Jsonb(Documents.FromProfile(profile))));
            }
        }

        return batch;
    }

    /// <summary>Runs <paramref name="measure"/> on a fresh, migrated database, dropped afterwards.</summary>
    internal static double WithDatabase(RunSettings settings, Func<PostgreSqlDiary, double> measure)
    {
        var server = settings.Values.TryGetValue("pg", out var configured) ? configured
            : Environment.GetEnvironmentVariable("BREATHEBOT_TEST_POSTGRES")
              ?? throw new InvalidOperationException("PostgreSQL benchmarks need a server: eval \"$(scripts/postgres-test-server.sh start)\", or --pg=<connection string>.");
        var name = "breathebot_bench_" + Guid.NewGuid().ToString("N")[..12];
        using (var admin = new NpgsqlConnection(server))
        {
            admin.Open();
            using var create = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
            create.ExecuteNonQuery();
        }

        try
        {
            using var diary = new PostgreSqlDiary(Options.Create(new PostgreSqlOptions { ConnectionString = new NpgsqlConnectionStringBuilder(server) { Database = name, MaxPoolSize = 128 }.ConnectionString }), NullLogger<PostgreSqlDiary>.Instance);
            diary.OpenAsync(CancellationToken.None).GetAwaiter().GetResult();
            return measure(diary);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            using var admin = new NpgsqlConnection(server);
            admin.Open();
            using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", admin);
            drop.ExecuteNonQuery();
        }
    }
}
