using BreatheBot.Core.Cluster;
using BreatheBot.Storage.PostgreSql.Diagnostics;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace BreatheBot.Storage.PostgreSql;

/// <summary>
/// Cluster leases as PostgreSQL session advisory locks (<c>pg_try_advisory_lock</c> on a hash of the name), each held
/// on a connection of its own: when the holder's process dies its connection closes and the server drops the lock,
/// so another node's next try succeeds. The holder checks its connection every <see cref="CheckInterval"/> and cancels
/// <see cref="IClusterLease.Lost"/> when a check fails.
/// </summary>
public sealed class PostgreSqlClusterLeases(PostgreSqlDiary diary, TimeProvider time, ILogger<PostgreSqlClusterLeases> logger) : IClusterLeases
{
    /// <summary>How often a held lease checks that its connection (and so its lock) is still there.</summary>
    public static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(1);

    public async ValueTask<IClusterLease?> TryAcquireAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var connection = await diary.LockDataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var command = Sql.Command(connection, null, "SELECT pg_try_advisory_lock(hashtextextended($1, 0))", Sql.Text(LockName(name)));
            if (await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is true)
            {
                Log.LeaseTaken(logger, name);
                return new Lease(name, connection, time, logger);
            }
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        await connection.DisposeAsync().ConfigureAwait(false);
        return null;
    }

    /// <summary>Lease locks live in their own name space, apart from the per-conversation locks.</summary>
    internal static string LockName(string name) => "lease:" + name;

    private sealed class Lease : IClusterLease
    {
        private readonly NpgsqlConnection _connection;
        private readonly CancellationTokenSource _lost = new();
        private readonly CancellationTokenSource _disposing = new();
        private readonly ILogger _logger;
        private readonly Task _checks;

        public Lease(string name, NpgsqlConnection connection, TimeProvider time, ILogger logger)
        {
            Name = name;
            _connection = connection;
            _logger = logger;
            _checks = CheckAsync(time);
        }

        public string Name { get; }

        public CancellationToken Lost => _lost.Token;

        private async Task CheckAsync(TimeProvider time)
        {
            try
            {
                while (true)
                {
                    await Task.Delay(CheckInterval, time, _disposing.Token).ConfigureAwait(false);
                    await using var command = Sql.Command(_connection, null, "SELECT 1");
                    using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_disposing.Token);
                    timeout.CancelAfter(CheckInterval * 3);
                    await command.ExecuteScalarAsync(timeout.Token).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (_disposing.IsCancellationRequested)
            {
            }
            catch (Exception exception) when (exception is NpgsqlException or OperationCanceledException or InvalidOperationException or TimeoutException)
            {
                Log.LeaseLost(_logger, exception, Name);
                await _lost.CancelAsync().ConfigureAwait(false);
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (_disposing.IsCancellationRequested)
            {
                return;
            }

            await _disposing.CancelAsync().ConfigureAwait(false);
            await _checks.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (!_lost.IsCancellationRequested)
            {
                try
                {
                    await using var command = Sql.Command(_connection, null, "SELECT pg_advisory_unlock(hashtextextended($1, 0))", Sql.Text(LockName(Name)));
                    await command.ExecuteScalarAsync(CancellationToken.None).ConfigureAwait(false);
                }
                catch (Exception exception) when (exception is NpgsqlException or InvalidOperationException)
                {
                    // the connection is gone, and the lock with it
                }
            }

            await _connection.DisposeAsync().ConfigureAwait(false);
            await _lost.CancelAsync().ConfigureAwait(false); // whoever still watches stops
            _lost.Dispose();
            _disposing.Dispose();
        }
    }
}
