using System.Collections.Concurrent;
using BreatheBot.Core.Conversations;
using BreatheBot.Core.Messaging;
using BreatheBot.Storage.PostgreSql;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace BreatheBot.Benchmarks;

/// <summary>A fresh database on the benchmark server (<c>--pg=</c> or BREATHEBOT_TEST_POSTGRES), dropped on disposal.</summary>
internal sealed class BenchDatabase : IAsyncDisposable
{
    private readonly string _server;

    private BenchDatabase(string server, string name)
    {
        _server = server;
        Name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }

    public string Name { get; }

    public string ConnectionString { get; }

    public static async Task<BenchDatabase> CreateAsync(RunSettings settings)
    {
        var server = settings.Values.TryGetValue("pg", out var configured) ? configured
            : Environment.GetEnvironmentVariable("BREATHEBOT_TEST_POSTGRES")
              ?? throw new InvalidOperationException("PostgreSQL benchmarks need a server: eval \"$(scripts/postgres-test-server.sh start)\", or --pg=<connection string>.");
        var name = "breathebot_bench_" + Guid.NewGuid().ToString("N")[..12];
        await using var admin = new NpgsqlConnection(server);
        await admin.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
        await create.ExecuteNonQueryAsync();
        return new BenchDatabase(server, name);
    }

    /// <summary>Server-side row counters of this database's tables (read after every node closed its connections).</summary>
    public async Task<(long Inserted, long Updated, long Deleted)> TableWritesAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT coalesce(sum(n_tup_ins), 0)::bigint, coalesce(sum(n_tup_upd), 0)::bigint, coalesce(sum(n_tup_del), 0)::bigint FROM pg_stat_user_tables WHERE relname IN ('conversations', 'outbox', 'episodes', 'profiles', 'days')",
            connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
    }

    /// <summary>WAL fsyncs of the whole server so far (pg_stat_wal.wal_sync; other users of the server included).</summary>
    public async Task<long> WalSyncsAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT wal_sync FROM pg_stat_wal", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(_server);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }
}

/// <summary>
/// One BreatheBot node as in tests/…/Cluster/ClusterNodes.cs: its own <see cref="PostgreSqlDiary"/> (pool and node
/// identity) and a real <see cref="ConversationService"/> and engine, its store wrapped in a <see cref="CountingStore"/>.
/// </summary>
internal sealed class BenchNode : IAsyncDisposable
{
    private BenchNode(PostgreSqlDiary diary, ConversationService service)
    {
        Diary = diary;
        Service = service;
    }

    public PostgreSqlDiary Diary { get; }

    public ConversationService Service { get; }

    /// <param name="clusterLock">false: the service does not see <c>IClusterStore</c> (no advisory lock, no sweep).</param>
    /// <param name="maxPoolSize">A locked turn holds one connection and opens others meanwhile: keep it above the turns in flight.</param>
    public static async Task<BenchNode> StartAsync(string connectionString, int index, bool clusterLock, int maxPoolSize,
        WriteCounts counts, IReplySender sender, TimeProvider time)
    {
        var diary = new PostgreSqlDiary(
            Options.Create(new PostgreSqlOptions
            {
                ConnectionString = new NpgsqlConnectionStringBuilder(connectionString)
                {
                    ApplicationName = $"breathebot-bench-node-{index}",
                    MaxPoolSize = maxPoolSize,
                }.ConnectionString,
            }),
            NullLogger<PostgreSqlDiary>.Instance);
        await diary.OpenAsync(CancellationToken.None);
        var store = new PostgreSqlConversationStore(diary, NullLogger<PostgreSqlConversationStore>.Instance);
        CountingStore counting = clusterLock ? new CountingClusterStore(store, counts) : new CountingStore(store, counts);
        var service = new ConversationService(
            new ConversationEngine(Options.Create(new ConversationOptions())), counting, [sender], time,
            NullLogger<ConversationService>.Instance, new PostgreSqlEpisodeStore(diary));
        await service.ResumeAsync(CancellationToken.None);
        return new BenchNode(diary, service);
    }

    public async ValueTask DisposeAsync()
    {
        await Service.StopAsync(CancellationToken.None);
        await Service.DisposeAsync();
        await Diary.DisposeAsync();
    }
}

/// <summary>A platform that takes every reply at once (the default confirms them when SendAsync returns) and records their keys.</summary>
internal sealed class AcceptingSender : IReplySender
{
    public ConcurrentDictionary<ConversationKey, ConcurrentQueue<string>> Sent { get; } = new();

    public Platform Platform => Platform.Telegram;

    public Task SendAsync(ConversationKey key, ChatKind chat, IReadOnlyList<Reply> replies, CancellationToken cancellationToken)
    {
        var queue = Sent.GetOrAdd(key, _ => new ConcurrentQueue<string>());
        foreach (var reply in replies)
        {
            queue.Enqueue(reply.Key);
        }

        return Task.CompletedTask;
    }

    public IReadOnlyList<string> KeysFor(ConversationKey key) => Sent.TryGetValue(key, out var queue) ? [.. queue] : [];
}
