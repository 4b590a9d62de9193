using BreatheBot.Core.Storage;
using Npgsql;

namespace BreatheBot.Storage.PostgreSql;

/// <summary>
/// One turn of one conversation holding its lock (see <see cref="PostgreSqlConversationStore.BeginTurnAsync"/>):
/// <see cref="Conversation"/> is what was committed last, read under the lock; <see cref="CommitAsync"/> writes the
/// turn and releases the lock in the same commit. Disposing without committing rolls back and releases it.
/// </summary>
public sealed class PostgreSqlTurn : IAsyncDisposable
{
    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlTransaction _transaction;
    private bool _committed;

    internal PostgreSqlTurn(NpgsqlConnection connection, NpgsqlTransaction transaction, StoredConversation? conversation)
    {
        _connection = connection;
        _transaction = transaction;
        Conversation = conversation;
    }

    /// <summary>The conversation as stored when the lock was taken; null for a conversation never saved.</summary>
    public StoredConversation? Conversation { get; }

    /// <summary>Writes the turn (as <see cref="IConversationStore.CommitAsync"/> would) and commits, releasing the lock.</summary>
    public async ValueTask CommitAsync(TurnCommit commit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(commit);
        ObjectDisposedException.ThrowIf(_committed, this);
        await TurnWriter.WriteAsync(_connection, _transaction, commit, cancellationToken).ConfigureAwait(false);
        await _transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        _committed = true;
    }

    public async ValueTask DisposeAsync()
    {
        await _transaction.DisposeAsync().ConfigureAwait(false);
        await _connection.DisposeAsync().ConfigureAwait(false);
    }
}
