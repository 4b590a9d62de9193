using System.Net.Sockets;
using BreatheBot.Storage.PostgreSql.Diagnostics;
using BreatheBot.Storage.PostgreSql.Schema;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace BreatheBot.Storage.PostgreSql;

/// <summary>
/// The PostgreSQL diary of the process: one pooled <see cref="NpgsqlDataSource"/>. <see cref="OpenAsync"/> (run once
/// before the host starts) checks the server is reachable and migrates the schema; a failure there is one clear
/// <see cref="PostgreSqlStorageException"/> that never contains the connection string.
/// </summary>
public sealed class PostgreSqlDiary : IAsyncDisposable, IDisposable
{
    private readonly ILogger<PostgreSqlDiary> _logger;
    private readonly NpgsqlConnectionStringBuilder _settings;

    public PostgreSqlDiary(IOptions<PostgreSqlOptions> options, ILogger<PostgreSqlDiary> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _logger = logger;
        _settings = new NpgsqlConnectionStringBuilder(options.Value.ConnectionString);
        DataSource = NpgsqlDataSource.Create(_settings);
        LockDataSource = NpgsqlDataSource.Create(_settings);
        Node = new PostgreSqlNodeLease(LockDataSource, logger);
    }

    public NpgsqlDataSource DataSource { get; }

    /// <summary>
    /// A pool of its own for connections that hold a lock for a while (a turn's conversation lock, leases, the node's
    /// lock): a turn holding one still needs short connections for its lookups, and if lock holders could take every
    /// connection of one pool, every turn would wait for a connection nobody gives back.
    /// </summary>
    internal NpgsqlDataSource LockDataSource { get; }

    /// <summary>This process's node identity on the database (taken by <see cref="OpenAsync"/>).</summary>
    internal PostgreSqlNodeLease Node { get; }

    /// <summary>The id this node's outbox rows carry (0 before <see cref="OpenAsync"/>).</summary>
    public int NodeId => Node.Id;

    /// <summary>Where the diary is, for messages: host, port and database, never the password.</summary>
    public string Describe() => $"PostgreSQL at {_settings.Host}:{_settings.Port}, database '{_settings.Database ?? _settings.Username}'";

    /// <summary>Connects and brings the schema up to date (see <see cref="SchemaMigrator"/>).</summary>
    /// <exception cref="PostgreSqlStorageException">Unreachable, refused, or a schema from a newer release.</exception>
    public async Task OpenAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<int> applied;
        try
        {
            applied = await SchemaMigrator.MigrateAsync(DataSource, cancellationToken).ConfigureAwait(false);
            await Node.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is NpgsqlException or SocketException or TimeoutException)
        {
            throw new PostgreSqlStorageException(
                $"Storage:ConnectionString names a PostgreSQL server that could not be used ({Describe()}): {Reason(exception)}. " +
                "Check that the server runs and that the host, port, database, user and password in Storage:ConnectionString are right.",
                exception);
        }

        Log.Opened(_logger, _settings.Host ?? "?", _settings.Port, _settings.Database ?? "?", SchemaMigrator.CurrentVersion, applied.Count == 0 ? "none" : string.Join(", ", applied));
    }

    /// <summary>
    /// What went wrong in words: the first line of each message down the chain (Npgsql's, then the socket's), skipping
    /// any that only name an exception type. PostgreSQL's own messages (a refused login, a missing database) name no secret.
    /// </summary>
    private static string Reason(Exception exception)
    {
        var reasons = new List<string>();
        for (var cause = exception; cause is not null; cause = cause.InnerException)
        {
            var line = cause.Message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()?.Trim().TrimEnd('.');
            if (!string.IsNullOrEmpty(line) && !line.Contains("Exception", StringComparison.Ordinal) && !reasons.Contains(line))
            {
                reasons.Add(line);
            }
        }

        return reasons.Count == 0 ? "no answer" : string.Join(": ", reasons);
    }

    public async ValueTask DisposeAsync()
    {
        await Node.DisposeAsync().ConfigureAwait(false);
        await LockDataSource.DisposeAsync().ConfigureAwait(false);
        await DataSource.DisposeAsync().ConfigureAwait(false);
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();
}
