using BreatheBot.Core.Cluster;
using BreatheBot.Core.Conversations;
using BreatheBot.Core.Episodes;
using BreatheBot.Core.Outbox;
using BreatheBot.Core.Storage;
using BreatheBot.Storage.PostgreSql.Diagnostics;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace BreatheBot.Storage.PostgreSql;

/// <summary>
/// Conversation states, profiles, episode and check-in writes and the reply outbox on PostgreSQL. <see cref="CommitAsync"/>
/// is one transaction, the turn's outbox entries included, committed (durable, with the server's default
/// synchronous_commit) before it completes. For turns that must run in order across nodes, <see cref="BeginTurnAsync"/>
/// holds the conversation's lock from the load until the turn is disposed; the cluster's sweeps are in the other part.
/// </summary>
public sealed partial class PostgreSqlConversationStore(PostgreSqlDiary diary, ILogger<PostgreSqlConversationStore> logger) : IConversationStore, IOutboxStore, IClusterStore
{
    /// <summary>How long a turn waits for its conversation's lock before it fails (the platform then retries the update).</summary>
    public static readonly TimeSpan TurnLockTimeout = TimeSpan.FromSeconds(30);

    private NpgsqlDataSource DataSource => diary.DataSource;

    public async ValueTask<StoredConversation?> LoadAsync(ConversationKey key, CancellationToken cancellationToken)
    {
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await LoadAsync(connection, null, key, forUpdate: false, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<IReadOnlyList<StoredConversation>> LoadScheduledAsync(CancellationToken cancellationToken)
    {
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Sql.Command(connection, null, $"SELECT {ConversationRows.Columns} FROM conversations WHERE wake_at IS NOT NULL ORDER BY wake_at");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var conversations = new List<StoredConversation>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (Read(reader) is { WakeAt: not null } conversation)
            {
                conversations.Add(conversation);
            }
        }

        return conversations;
    }

    public async ValueTask<UserProfile?> LoadProfileAsync(string userKey, CancellationToken cancellationToken)
    {
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Sql.Command(connection, null, "SELECT body::text FROM profiles WHERE user_key = $1", Sql.Text(userKey));
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is string body ? Documents.ToProfile(body) : null;
    }

    public async ValueTask CommitAsync(TurnCommit commit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(commit);
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await TurnWriter.WriteAsync(connection, transaction, commit, diary.NodeId, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Opens a turn of one conversation: a transaction that locks the conversation's row (<c>SELECT … FOR UPDATE</c>)
    /// until <see cref="PostgreSqlTurn.CommitAsync"/> or disposal, so another node's turn of the same conversation waits
    /// and then reads what this one committed. A conversation without a row yet is locked through a transaction-scoped
    /// advisory lock on its key instead (there is no row to lock).
    /// </summary>
    /// <summary>
    /// Waits (at most <see cref="TurnLockTimeout"/>) for the conversation's advisory lock, held on a connection of its
    /// own, and loads the conversation under it. Every node takes the same lock for the same key, so turns of one
    /// conversation run one at a time across the cluster, each reading what the previous one committed.
    /// </summary>
    public async ValueTask<ILockedTurn> BeginTurnAsync(ConversationKey key, CancellationToken cancellationToken)
    {
        var connection = await diary.LockDataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using (var gate = new NpgsqlBatch(connection))
            {
                gate.BatchCommands.Add(Sql.BatchCommand($"SET lock_timeout = {(int)TurnLockTimeout.TotalMilliseconds}"));
                gate.BatchCommands.Add(Sql.BatchCommand("SELECT pg_advisory_lock(hashtextextended($1, 0))", Sql.Text(key.ToString())));
                await gate.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            var stored = await LoadAsync(connection, null, key, forUpdate: false, cancellationToken).ConfigureAwait(false);
            var leftOver = await ClaimLeftOverAsync(connection, key, cancellationToken).ConfigureAwait(false);
            return new PostgreSqlTurn(connection, key.ToString(), diary.NodeId, stored, leftOver);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false); // the pool's reset (DISCARD ALL) drops a lock taken
            throw;
        }
    }

    public async ValueTask<string> ResolvePersonAsync(string userKey, CancellationToken cancellationToken)
    {
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await TurnWriter.PersonOfAsync(connection, null, userKey, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<LinkCode?> FindLinkCodeAsync(string code, CancellationToken cancellationToken)
    {
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Sql.Command(connection, null, "SELECT code, person, expires_at FROM link_codes WHERE code = $1", Sql.Text(code));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new LinkCode(reader.GetString(0), reader.GetString(1), Sql.ReadInstant(reader, 2))
            : null;
    }

    /// <summary>
    /// Every unsent entry, ordered by conversation (ordinal, as LiteDB) and sequence. A plain read: the interface has no
    /// claim (it is called once at start, before any turn), so nothing is locked. An unreadable row is logged and deleted.
    /// </summary>
    public async ValueTask<IReadOnlyList<OutboxEntry>> LoadUnsentAsync(CancellationToken cancellationToken)
    {
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Sql.Command(connection, null, $"SELECT {OutboxAndDayRows.OutboxColumns} FROM outbox ORDER BY conversation COLLATE \"C\", seq");
        return await ReadOutboxAsync(command, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The outbox rows <paramref name="command"/> returns (columns <see cref="OutboxAndDayRows.OutboxColumns"/>), in its
    /// order; an unreadable row is logged and deleted on the command's connection.
    /// </summary>
    private async Task<List<OutboxEntry>> ReadOutboxAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var entries = new List<OutboxEntry>();
        var damaged = new List<string>();
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
            await using var delete = Sql.Command(command.Connection!, null, "DELETE FROM outbox WHERE id = ANY($1)", Sql.TextArray(damaged));
            await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        return entries;
    }

    /// <summary>Deletes the entries by id (the primary key); unknown ids are ignored. Committed before it completes.</summary>
    public async ValueTask MarkSentAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ids);
        if (ids.Count == 0)
        {
            return;
        }

        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Sql.Command(connection, null, "DELETE FROM outbox WHERE id = ANY($1)", Sql.TextArray(ids));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Re-keys the conversation's row (nothing happens when there is none); an existing row under the new key is replaced.</summary>
    public async ValueTask MoveChatAsync(ConversationKey from, ConversationKey to, CancellationToken cancellationToken)
    {
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var stored = await LoadAsync(connection, transaction, from, forUpdate: true, cancellationToken).ConfigureAwait(false);
        if (stored is null)
        {
            return;
        }

        await using (var move = new NpgsqlBatch(connection, transaction))
        {
            move.BatchCommands.Add(Sql.BatchCommand("DELETE FROM conversations WHERE key = $1", Sql.Text(to.ToString())));
            move.BatchCommands.Add(Sql.BatchCommand(
                "UPDATE conversations SET key = $2, user_key = $3, is_channel = $4 WHERE key = $1",
                Sql.Text(from.ToString()),
                Sql.Text(to.ToString()),
                Sql.Text(to.UserKey),
                Sql.Bool(to.IsChannel)));
            await move.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<StoredConversation?> LoadAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, ConversationKey key, bool forUpdate, CancellationToken cancellationToken)
    {
        var sql = $"SELECT {ConversationRows.Columns} FROM conversations WHERE key = $1" + (forUpdate ? " FOR UPDATE" : string.Empty);
        await using var command = Sql.Command(connection, transaction, sql, Sql.Text(key.ToString()));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? Read(reader) : null;
    }

    private StoredConversation Read(NpgsqlDataReader reader) =>
        ConversationRows.Read(reader, (exception, key) => Log.UnreadableState(logger, exception, key));
}
