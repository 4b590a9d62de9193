using BreatheBot.Core.Conversations;
using BreatheBot.Core.Outbox;
using BreatheBot.Core.Storage;
using BreatheBot.Storage.PostgreSql.Diagnostics;
using Npgsql;

namespace BreatheBot.Storage.PostgreSql;

/// <summary>The cluster's sweeps: a dead node's unsent replies and overdue wake-ups, taken over by a live node.</summary>
public sealed partial class PostgreSqlConversationStore
{
    /// <summary>Conversations holding rows whose node holds no lock any more (<see cref="PostgreSqlNodeLease.LiveNodes"/>).</summary>
    public async ValueTask<IReadOnlyList<ConversationKey>> FindOrphanedOutboxAsync(int limit, CancellationToken cancellationToken)
    {
        var sql = $"SELECT DISTINCT conversation FROM outbox WHERE node <> $1 AND node::bigint NOT IN ({PostgreSqlNodeLease.LiveNodes}) LIMIT $2";
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Sql.Command(connection, null, sql, Sql.Int(diary.NodeId), Sql.Int(limit));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var keys = new List<ConversationKey>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            try
            {
                keys.Add(ConversationKey.Parse(reader.GetString(0)));
            }
            catch (FormatException)
            {
                // a key this version cannot read: no turn of it can run here, so its rows are left alone
            }
        }

        return keys;
    }

    /// <summary>
    /// Re-marks as this node's the conversation's rows whose node is gone (called under the conversation's lock, so
    /// one node takes them, whole, before any newer reply of the conversation goes out). An unreadable row is logged
    /// and deleted, as at start.
    /// </summary>
    internal async Task<IReadOnlyList<OutboxEntry>> ClaimLeftOverAsync(NpgsqlConnection connection, ConversationKey key, CancellationToken cancellationToken)
    {
        var sql = $"""
            UPDATE outbox SET node = $2
            WHERE conversation = $1 AND node <> $2 AND node::bigint NOT IN ({PostgreSqlNodeLease.LiveNodes})
            RETURNING {OutboxAndDayRows.OutboxColumns}
            """;
        await using var command = Sql.Command(connection, null, sql, Sql.Text(key.ToString()), Sql.Int(diary.NodeId));
        var entries = await ReadOutboxAsync(command, cancellationToken).ConfigureAwait(false);
        if (entries.Count > 0)
        {
            Log.OrphanedOutboxClaimed(logger, entries.Count);
        }

        return [.. entries.OrderBy(e => e.Sequence)];
    }

    /// <summary>
    /// Overdue wake-ups (by the caller's clock), skipping rows being written right now (<c>SKIP LOCKED</c>) and
    /// conversations whose turn holds their lock on some node (the try-lock is released when the statement ends).
    /// </summary>
    public async ValueTask<IReadOnlyList<StoredConversation>> FindOverdueWakeUpsAsync(DateTimeOffset dueBefore, int limit, CancellationToken cancellationToken)
    {
        var sql = $"""
            WITH due AS MATERIALIZED (
                SELECT {ConversationRows.Columns} FROM conversations
                WHERE wake_at IS NOT NULL AND wake_at < $1
                ORDER BY wake_at
                LIMIT $2
                FOR UPDATE SKIP LOCKED)
            SELECT * FROM due WHERE pg_try_advisory_xact_lock(hashtextextended(due.key, 0))
            """;
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Sql.Command(connection, null, sql, Sql.Instant(dueBefore), Sql.Int(limit));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var due = new List<StoredConversation>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (Read(reader) is { WakeAt: not null } conversation)
            {
                due.Add(conversation);
            }
        }

        return due;
    }
}
