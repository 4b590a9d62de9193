using BreatheBot.Core.Episodes;
using BreatheBot.Storage.PostgreSql;
using BreatheBot.TestSupport.Postgres;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace BreatheBot.TelegramAdapter.Tests.Cluster;

/// <summary>A conversation row as the test reads it.</summary>
public sealed record ConversationRow(string Key, DateTimeOffset? WakeAt, IReadOnlyList<string> RecentDeliveryIds);

/// <summary>A reply as committed (copied from the outbox by the test's trigger the moment it was written).</summary>
public sealed record CommittedReply(string Id, string Conversation, long Sequence, string Payload, DateTimeOffset LoggedAt);

/// <summary>
/// The kill test's database: a fresh one on the test server, migrated by the diary itself, plus one thing of the test's
/// own: a trigger that copies every outbox row into <c>kill_test_outbox_log</c> as it is inserted, since the outbox deletes
/// a row once it is sent. That log is the list of every reply the nodes committed, to hold against what the fake received.
/// </summary>
internal sealed class ClusterDatabase : IAsyncDisposable
{
    private const string AuditSql = """
        CREATE TABLE kill_test_outbox_log (id text NOT NULL, conversation text NOT NULL, seq bigint NOT NULL, payload text NOT NULL,
            logged_at timestamptz NOT NULL DEFAULT clock_timestamp());
        CREATE FUNCTION kill_test_log_outbox() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            INSERT INTO kill_test_outbox_log (id, conversation, seq, payload) VALUES (NEW.id, NEW.conversation, NEW.seq, NEW.payload);
            RETURN NEW;
        END $$;
        CREATE TRIGGER kill_test_log_outbox AFTER INSERT ON outbox FOR EACH ROW EXECUTE FUNCTION kill_test_log_outbox();
        """;

    private const int NodeLockClass = 0x4252_4E31; // PostgreSqlNodeLease.LockClass: each node's lifetime lock on its id

    private readonly PostgreSqlDiary _diary;

    private ClusterDatabase(string connectionString, PostgreSqlDiary diary)
    {
        ConnectionString = connectionString;
        _diary = diary;
    }

    public string ConnectionString { get; }

    public static async Task<ClusterDatabase> CreateAsync()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync();
        var diary = new PostgreSqlDiary(Options.Create(new PostgreSqlOptions { ConnectionString = connectionString }), NullLogger<PostgreSqlDiary>.Instance);
        var database = new ClusterDatabase(connectionString, diary);
        await diary.OpenAsync(CancellationToken.None); // the schema, as the nodes will find it
        await database.ExecuteAsync(AuditSql);
        return database;
    }

    public async Task<IReadOnlyList<ConversationRow>> ConversationsAsync()
    {
        var rows = new List<ConversationRow>();
        await using var command = _diary.DataSource.CreateCommand("SELECT key, wake_at, recent_delivery_ids FROM conversations");
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(new ConversationRow(
                reader.GetString(0),
                reader.IsDBNull(1) ? null : reader.GetFieldValue<DateTimeOffset>(1),
                reader.GetFieldValue<string[]>(2)));
        }

        return rows;
    }

    public async Task<IReadOnlyList<CommittedReply>> CommittedRepliesAsync()
    {
        var rows = new List<CommittedReply>();
        await using var command = _diary.DataSource.CreateCommand("SELECT id, conversation, seq, payload, logged_at FROM kill_test_outbox_log ORDER BY conversation, seq");
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(new CommittedReply(reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetString(3), reader.GetFieldValue<DateTimeOffset>(4)));
        }

        return rows;
    }

    /// <summary>Outbox rows not yet sent, per conversation.</summary>
    public async Task<IReadOnlyDictionary<string, int>> UnsentAsync()
    {
        var rows = new Dictionary<string, int>();
        await using var command = _diary.DataSource.CreateCommand("SELECT conversation, count(*)::int FROM outbox GROUP BY conversation");
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows[reader.GetString(0)] = reader.GetInt32(1);
        }

        return rows;
    }

    /// <summary>The application name of the connection holding the cluster lease <paramref name="lease"/>, or null.</summary>
    /// <summary>The node id (<c>PostgreSqlNodeLease</c>) of the live process whose connections carry <paramref name="applicationName"/>.</summary>
    public async Task<long?> NodeIdAsync(string applicationName)
    {
        await using var command = _diary.DataSource.CreateCommand($"""
            SELECT l.objid::bigint FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2 AND l.classid = {NodeLockClass}
              AND a.application_name = $1
            LIMIT 1
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = applicationName });
        return await command.ExecuteScalarAsync() is long id ? id : null;
    }

    /// <summary>The ids of the outbox rows <paramref name="node"/> committed and had not marked sent.</summary>
    public async Task<IReadOnlySet<string>> UnsentOfNodeAsync(long node)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        await using var command = _diary.DataSource.CreateCommand("SELECT id FROM outbox WHERE node::bigint = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = node });
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    public async Task<string?> LeaseHolderAsync(string lease)
    {
        await using var command = _diary.DataSource.CreateCommand("""
            SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
              AND ((l.classid::bigint << 32) | l.objid::bigint) = hashtextextended('lease:' || $1, 0)
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = lease });
        return await command.ExecuteScalarAsync() as string;
    }

    public async Task<IReadOnlyList<Episode>> EpisodesAsync(string userKey) =>
        await new PostgreSqlEpisodeStore(_diary).ListByUserAsync(userKey, 0, 100, CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        await _diary.DisposeAsync();
        await TestPostgres.DropDatabaseAsync(ConnectionString);
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var command = _diary.DataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }
}
