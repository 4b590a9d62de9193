using Npgsql;

namespace BreatheBot.Storage.PostgreSql.Schema;

/// <summary>
/// Brings the database's schema to this version's: every migration not yet applied runs, in order, in ONE transaction
/// that first takes a transaction-scoped advisory lock, so nodes starting at once apply each migration once (the others
/// wait, then find nothing to do) and a failed migration leaves the schema as it was. Applied versions are rows of
/// <c>schema_version</c>. A database already at a newer version than this BreatheBot knows is refused.
/// </summary>
public static class SchemaMigrator
{
    /// <summary>The advisory lock key of migrations (any fixed number; "BrBt" in ASCII).</summary>
    public const long LockKey = 0x42_72_42_74;

    /// <summary>The version this BreatheBot's schema is at once migrated.</summary>
    public static int CurrentVersion => Migration.All[^1].Version;

    /// <summary>Applies what is missing up to <paramref name="target"/> (all by default); returns the versions applied.</summary>
    public static async Task<IReadOnlyList<int>> MigrateAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken, int? target = null)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        var upTo = target ?? CurrentVersion;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        await Execute(connection, transaction, $"SELECT pg_advisory_xact_lock({LockKey})", cancellationToken).ConfigureAwait(false);
        await Execute(connection, transaction, """
            CREATE TABLE IF NOT EXISTS schema_version (
                version integer PRIMARY KEY,
                name text NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now()
            )
            """, cancellationToken).ConfigureAwait(false);

        var current = await VersionAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        if (current > CurrentVersion)
        {
            throw new PostgreSqlStorageException(
                $"The PostgreSQL database's schema is version {current}, newer than this BreatheBot knows ({CurrentVersion}): " +
                "it was migrated by a newer release. Run that release (or newer), not this one, on it.");
        }

        var applied = new List<int>();
        foreach (var migration in Migration.All.Where(m => m.Version > current && m.Version <= upTo))
        {
            await Execute(connection, transaction, migration.Sql, cancellationToken).ConfigureAwait(false);
            await using var record = new NpgsqlCommand("INSERT INTO schema_version (version, name) VALUES ($1, $2)", connection, transaction);
            record.Parameters.Add(new NpgsqlParameter { Value = migration.Version });
            record.Parameters.Add(new NpgsqlParameter { Value = migration.Name });
            await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            applied.Add(migration.Version);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return applied;
    }

    /// <summary>The schema's version: 0 for an empty database.</summary>
    public static async Task<int> VersionAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var exists = new NpgsqlCommand("SELECT to_regclass('schema_version') IS NOT NULL", connection);
        return (bool)(await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!
            ? await VersionAsync(connection, null, cancellationToken).ConfigureAwait(false)
            : 0;
    }

    private static async Task<int> VersionAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT coalesce(max(version), 0) FROM schema_version", connection, transaction);
        return (int)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    private static async Task Execute(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
