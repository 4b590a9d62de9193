using BreatheBot.Core.Cluster;
using BreatheBot.Storage.PostgreSql.Diagnostics;
using Microsoft.Extensions.Logging;

namespace BreatheBot.Storage.PostgreSql;

/// <summary>
/// Shared documents as rows of <c>shared_documents</c>. An update runs in one transaction: the row is created if missing
/// (so there is always a row to lock), locked with <c>SELECT … FOR UPDATE</c>, changed and written; a second node's
/// update of the same name waits for the first to commit and then reads its result, so no update is lost.
/// </summary>
public sealed class PostgreSqlSharedDocuments(PostgreSqlDiary diary, TimeProvider time, ILogger<PostgreSqlSharedDocuments> logger) : ISharedDocuments
{
    /// <summary>A name is an identifier chosen by code (e.g. <c>discord-state</c>), never user input.</summary>
    public const int MaxNameLength = 200;

    public async Task<string?> LoadAsync(string name, CancellationToken cancellationToken)
    {
        CheckName(name);
        await using var connection = await diary.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Sql.Command(connection, null, "SELECT body FROM shared_documents WHERE name = $1", Sql.Text(name));
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
    }

    public async Task<string> UpdateAsync(string name, Func<string?, string> change, CancellationToken cancellationToken)
    {
        CheckName(name);
        ArgumentNullException.ThrowIfNull(change);
        await using var connection = await diary.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var insert = Sql.Command(connection, transaction,
            "INSERT INTO shared_documents (name, body, updated_at) VALUES ($1, '', $2) ON CONFLICT (name) DO NOTHING",
            Sql.Text(name), Sql.Instant(time.GetUtcNow())))
        {
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        string? current;
        await using (var select = Sql.Command(connection, transaction, "SELECT body FROM shared_documents WHERE name = $1 FOR UPDATE", Sql.Text(name)))
        {
            current = await select.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
        }

        // '' is the placeholder row of a first update: to the caller the document does not exist yet
        var updated = change(string.IsNullOrEmpty(current) ? null : current);
        ArgumentException.ThrowIfNullOrEmpty(updated, nameof(change));
        await using (var write = Sql.Command(connection, transaction,
            "UPDATE shared_documents SET body = $2, updated_at = $3 WHERE name = $1",
            Sql.Text(name), Sql.Text(updated), Sql.Instant(time.GetUtcNow())))
        {
            await write.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        Log.SharedDocumentUpdated(logger, name, updated.Length);
        return updated;
    }

    private static void CheckName(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (name.Length > MaxNameLength)
        {
            throw new ArgumentException($"A shared document's name is at most {MaxNameLength} characters.", nameof(name));
        }
    }
}
