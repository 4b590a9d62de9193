using BreatheBot.Core.Cluster;
using BreatheBot.Core.Outbox;
using BreatheBot.Core.Storage;
using Npgsql;

namespace BreatheBot.Storage.PostgreSql;

/// <summary>
/// One turn of one conversation holding its cluster-wide lock (see <see cref="PostgreSqlConversationStore.BeginTurnAsync"/>):
/// a session advisory lock on the conversation's key, on a connection of its own. <see cref="Conversation"/> was read
/// under the lock; <see cref="CommitAsync"/> writes the turn in one transaction; the lock is released on disposal, which
/// the service does once the platform's sender accepted the replies (no transaction stays open meanwhile). A node that
/// dies holding it loses it with its connection.
/// </summary>
public sealed class PostgreSqlTurn : ILockedTurn
{
    private readonly NpgsqlConnection _connection;
    private readonly string _lockKey;
    private readonly int _node;
    private bool _committed;
    private bool _disposed;

    internal PostgreSqlTurn(NpgsqlConnection connection, string lockKey, int node, StoredConversation? conversation, IReadOnlyList<OutboxEntry> leftOver)
    {
        _connection = connection;
        _lockKey = lockKey;
        _node = node;
        Conversation = conversation;
        LeftOver = leftOver;
    }

    /// <summary>The conversation as stored when the lock was taken; null for a conversation never saved.</summary>
    public StoredConversation? Conversation { get; }

    /// <summary>The conversation's unsent replies of dead nodes, claimed under the lock, in order.</summary>
    public IReadOnlyList<OutboxEntry> LeftOver { get; }

    /// <summary>Writes the turn (as <see cref="IConversationStore.CommitAsync"/> would) in one transaction; the lock stays held.</summary>
    public async ValueTask CommitAsync(TurnCommit commit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(commit);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_committed)
        {
            throw new InvalidOperationException("A turn commits once.");
        }

        await using var transaction = await _connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await TurnWriter.WriteAsync(_connection, transaction, commit, _node, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        _committed = true;
    }

    /// <summary>Releases the lock (the next turn of the conversation, on any node, may start) and the connection.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        try
        {
            await using var unlock = Sql.Command(_connection, null, "SELECT pg_advisory_unlock(hashtextextended($1, 0))", Sql.Text(_lockKey));
            await unlock.ExecuteScalarAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            // the connection broke: the server dropped the lock with it
        }
        finally
        {
            await _connection.DisposeAsync().ConfigureAwait(false);
        }
    }
}
