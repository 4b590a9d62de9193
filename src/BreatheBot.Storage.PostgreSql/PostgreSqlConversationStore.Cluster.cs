using BreatheBot.Core.Outbox;
using BreatheBot.Core.Storage;
using BreatheBot.Storage.PostgreSql.Diagnostics;

namespace BreatheBot.Storage.PostgreSql;

/// <summary>The cluster's sweeps: a dead node's unsent replies and overdue wake-ups, taken over by a live node.</summary>
public sealed partial class PostgreSqlConversationStore
{
    /// <summary>
    /// Rows whose node holds no lock any more (<see cref="PostgreSqlNodeLease.LiveNodes"/>) are re-marked as this node's
    /// in one statement, a whole conversation at a time: each conversation is taken under a try-lock of its own (held
    /// to the end of the statement), so two nodes sweeping at once never split one conversation's replies between them
    /// (which could send them out of order), and once re-marked the rows belong to a live node. At most
    /// <paramref name="limit"/> conversations per call. An unreadable row is logged and deleted, as at start.
    /// </summary>
    public async ValueTask<IReadOnlyList<OutboxEntry>> ClaimOrphanedOutboxAsync(int limit, CancellationToken cancellationToken)
    {
        var sql = $"""
            WITH live AS ({PostgreSqlNodeLease.LiveNodes}),
            orphaned AS (
                SELECT DISTINCT conversation FROM outbox
                WHERE node <> $1 AND node::bigint NOT IN (SELECT * FROM live)
                LIMIT $2),
            mine AS MATERIALIZED (
                SELECT conversation FROM orphaned WHERE pg_try_advisory_xact_lock(hashtextextended('outbox:' || conversation, 0)))
            UPDATE outbox SET node = $1
            WHERE conversation IN (SELECT conversation FROM mine) AND node <> $1 AND node::bigint NOT IN (SELECT * FROM live)
            RETURNING outbox.id, outbox.conversation, outbox.chat, outbox.seq, outbox.payload, outbox.created_at
            """;
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var entries = new List<OutboxEntry>();
        var damaged = new List<string>();
        await using (var command = Sql.Command(connection, null, sql, Sql.Int(diary.NodeId), Sql.Int(limit)))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                if (OutboxAndDayRows.ReadOutbox(reader) is { } entry)
                {
                    entries.Add(entry);
                }
                else
                {
                    Log.UnreadableOutboxRow(logger, reader.GetString(0));
                    damaged.Add(reader.GetString(0));
                }
            }
        }

        if (damaged.Count > 0)
        {
            await using var delete = Sql.Command(connection, null, "DELETE FROM outbox WHERE id = ANY($1)", Sql.TextArray(damaged));
            await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        if (entries.Count > 0)
        {
            Log.OrphanedOutboxClaimed(logger, entries.Count);
        }

        // RETURNING has no order: conversation (ordinal, as at start), then sequence
        return [.. entries.OrderBy(e => e.Key.ToString(), StringComparer.Ordinal).ThenBy(e => e.Sequence)];
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
