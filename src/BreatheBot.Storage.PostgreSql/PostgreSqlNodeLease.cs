using System.Security.Cryptography;
using BreatheBot.Storage.PostgreSql.Diagnostics;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace BreatheBot.Storage.PostgreSql;

/// <summary>
/// This process's identity among the nodes on one database: a random <see cref="Id"/>, and a session advisory lock
/// (<see cref="LockClass"/>, <see cref="Id"/>) held on a connection of its own for as long as the process runs. Other
/// nodes read the held locks (<c>pg_locks</c>) to tell a live node's outbox rows from a dead node's: when a process
/// dies, its connection closes and the server drops the lock at once. No heartbeat table, no membership of ours.
/// A failed connection is re-opened and the lock taken again (meanwhile another node may have claimed this node's
/// unsent replies: then they go twice, never not at all).
/// </summary>
internal sealed class PostgreSqlNodeLease(NpgsqlDataSource dataSource, ILogger logger) : IAsyncDisposable
{
    /// <summary>The first key of every node lock (two-key advisory locks; the second key is the node id).</summary>
    public const int LockClass = 0x4252_4E31; // "BRN1"

    /// <summary>How often the lock's connection is checked (and re-opened when it failed).</summary>
    public static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The live nodes' ids, as a subquery (objsubid 2 = the two-key form; objid is the second key).
    /// </summary>
    public static readonly string LiveNodes =
        $"SELECT objid::bigint FROM pg_locks WHERE locktype = 'advisory' AND granted AND objsubid = 2 AND classid = {LockClass} " +
        "AND database = (SELECT oid FROM pg_database WHERE datname = current_database())";

    private readonly CancellationTokenSource _stopping = new();
    private NpgsqlConnection? _connection;
    private Task _checks = Task.CompletedTask;

    /// <summary>Positive (advisory lock keys are compared as unsigned object ids).</summary>
    public int Id { get; } = RandomNumberGenerator.GetInt32(1, int.MaxValue);

    /// <summary>Takes the node's lock; then keeps it (checked every <see cref="CheckInterval"/>) until disposed.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_connection is not null)
        {
            return;
        }

        _connection = await LockAsync(cancellationToken).ConfigureAwait(false);
        _checks = KeepAsync(_stopping.Token);
    }

    private async Task<NpgsqlConnection> LockAsync(CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var command = Sql.Command(connection, null, "SELECT pg_advisory_lock($1, $2)", Sql.Int(LockClass), Sql.Int(Id));
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task KeepAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(CheckInterval, stopping).ConfigureAwait(false);
                await using var check = Sql.Command(_connection!, null, "SELECT 1");
                await check.ExecuteScalarAsync(stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (exception is NpgsqlException or InvalidOperationException or TimeoutException)
            {
                Log.NodeLockLost(logger, exception, Id);
                await ReopenAsync(stopping).ConfigureAwait(false);
            }
        }
    }

    private async Task ReopenAsync(CancellationToken stopping)
    {
        await _connection!.DisposeAsync().ConfigureAwait(false);
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                _connection = await LockAsync(stopping).ConfigureAwait(false);
                Log.NodeLockRetaken(logger, Id);
                return;
            }
            catch (Exception exception) when (exception is NpgsqlException or InvalidOperationException or TimeoutException or System.Net.Sockets.SocketException)
            {
                await Task.Delay(CheckInterval, stopping).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        await _checks.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (_connection is not null)
        {
            await _connection.DisposeAsync().ConfigureAwait(false); // closing the session drops the lock
        }

        _stopping.Dispose();
    }
}
