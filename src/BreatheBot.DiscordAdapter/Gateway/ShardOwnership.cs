using BreatheBot.Core.Cluster;
using BreatheBot.DiscordAdapter.State;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BreatheBot.DiscordAdapter.Gateway;

/// <summary>
/// One gateway connection per shard across all nodes: the shard is owned through the cluster lease
/// <c>discord-shard:id/count</c>, and only its holder runs the gateway. A node without it tries again every
/// <see cref="RetryInterval"/>; when the lease is lost the gateway closes at once; when the owner stops it closes the
/// gateway, leaves its session in the shared state and gives the lease up, so another node resumes within seconds.
/// With one node (<see cref="LocalClusterLeases"/>) the lease is taken at once and never lost: the gateway runs as it
/// always did. Every node, owner or not, sends replies over REST.
/// </summary>
internal sealed class ShardOwnership(
    IClusterLeases leases,
    GatewaySessionSharing sessions,
    GuildChannelMap guildChannels,
    IOptions<DiscordOptions> options,
    TimeProvider time,
    ILogger<ShardOwnership> logger,
    DiscordGatewayStatus? status = null)
{
    internal static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(2);

    /// <summary>The longest wait for the last session write when the owner stops.</summary>
    internal static readonly TimeSpan FinalSaveTimeout = TimeSpan.FromSeconds(3);

    public string LeaseName => FormattableString.Invariant($"discord-shard:{options.Value.ShardId}/{options.Value.ShardCount}");

    /// <summary>True when a stopping owner hands its session over (the state is shared by several nodes).</summary>
    public bool HandsOver => sessions.Enabled;

    /// <summary>
    /// Runs <paramref name="runGateway"/> whenever this node owns the shard, until stopped or the gateway ends for good.
    /// The token given to it is cancelled when the lease is lost or the node stops.
    /// </summary>
    public async Task<GatewayExit> RunAsync(GatewaySession session, Func<CancellationToken, Task<GatewayExit>> runGateway, CancellationToken stoppingToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(runGateway);
        var standingBy = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            var lease = await TryAcquireAsync(stoppingToken).ConfigureAwait(false);
            if (lease is null)
            {
                if (!standingBy)
                {
                    standingBy = true;
                    status?.SetStandby(true);
                    Log.ShardStandby(logger, LeaseName, (long)RetryInterval.TotalMilliseconds);
                }

                try
                {
                    await Task.Delay(RetryInterval, time, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }

                continue;
            }

            standingBy = false;
            HoldEnd end;
            await using (lease.ConfigureAwait(false))
            {
                end = await HoldAsync(lease, session, runGateway, stoppingToken).ConfigureAwait(false);
            }

            if (end.Exit is { } exit)
            {
                return exit;
            }

            if (end.WaitBeforeRetry)
            {
                await Task.Delay(RetryInterval, time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }

        return GatewayExit.Stopped;
    }

    private async Task<IClusterLease?> TryAcquireAsync(CancellationToken stoppingToken)
    {
        try
        {
            return await leases.TryAcquireAsync(LeaseName, stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.LeaseUnavailable(logger, LeaseName, ex.GetType().Name); // e.g. the database is down: try again later
            return null;
        }
    }

    /// <summary>Runs the gateway while the lease holds: how it ended, or no exit when the shard is to be tried again.</summary>
    private async Task<HoldEnd> HoldAsync(
        IClusterLease lease, GatewaySession session, Func<CancellationToken, Task<GatewayExit>> runGateway, CancellationToken stoppingToken)
    {
        using var hold = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, lease.Lost);
        status?.SetStandby(false);
        Log.ShardOwned(logger, LeaseName);
        if (HandsOver)
        {
            try
            {
                await sessions.RestoreAsync(session, hold.Token).ConfigureAwait(false);
                await guildChannels.ReloadAsync(hold.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (hold.IsCancellationRequested)
            {
                // stopping or lost already: the gateway below returns at once
            }
            catch (Exception ex)
            {
                Log.SharedStateNotRead(logger, LeaseName, ex.GetType().Name);
                session.Clear(); // whatever this node knew may be stale: a new session is safe
            }
        }

        GatewayExit exit;
        using (var saving = CancellationTokenSource.CreateLinkedTokenSource(hold.Token))
        {
            var saver = sessions.RunAsync(session, time, saving.Token);
            try
            {
                exit = await runGateway(hold.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (HandsOver && ex is System.Data.Common.DbException or TimeoutException)
            {
                // the shared state failed under the gateway (the database is away): give the shard up and try later
                Log.SharedStateFailed(logger, LeaseName, ex.GetType().Name, (long)RetryInterval.TotalMilliseconds);
                return new HoldEnd(null, WaitBeforeRetry: true);
            }
            finally
            {
                await saving.CancelAsync().ConfigureAwait(false);
                await saver.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }

        if (!HandsOver)
        {
            session.Clear(); // closed with 1000: the session is over, and a next hold identifies anew
        }

        if (lease.Lost.IsCancellationRequested && !stoppingToken.IsCancellationRequested && !exit.Fatal)
        {
            Log.ShardLost(logger, LeaseName); // the gateway is closed; the new owner resumes from what was saved
            return new HoldEnd(null, WaitBeforeRetry: false);
        }

        if (HandsOver && !lease.Lost.IsCancellationRequested)
        {
            using var timeout = new CancellationTokenSource(FinalSaveTimeout, time);
            try
            {
                await sessions.SaveAsync(session, time, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                Log.SharedStateNotWritten(logger, LeaseName, ex.GetType().Name);
            }
        }

        Log.ShardReleased(logger, LeaseName);
        return new HoldEnd(exit, WaitBeforeRetry: false);
    }

    private readonly record struct HoldEnd(GatewayExit? Exit, bool WaitBeforeRetry);
}

internal static partial class Log
{
    [LoggerMessage(3563, LogLevel.Information, "This node owns Discord shard {Lease} and connects its gateway")]
    public static partial void ShardOwned(ILogger logger, string lease);

    [LoggerMessage(3564, LogLevel.Information, "Another node owns Discord shard {Lease}; this node sends replies only and tries again every {RetryMs} ms")]
    public static partial void ShardStandby(ILogger logger, string lease, long retryMs);

    [LoggerMessage(3565, LogLevel.Warning, "This node lost Discord shard {Lease}: its gateway is closed; it tries to take the shard again")]
    public static partial void ShardLost(ILogger logger, string lease);

    [LoggerMessage(3566, LogLevel.Information, "This node gives up Discord shard {Lease}")]
    public static partial void ShardReleased(ILogger logger, string lease);

    [LoggerMessage(3567, LogLevel.Warning, "The lease for Discord shard {Lease} could not be asked for ({ErrorType}); trying again")]
    public static partial void LeaseUnavailable(ILogger logger, string lease, string errorType);

    [LoggerMessage(3568, LogLevel.Warning, "Discord shard {Lease}: the shared state could not be read ({ErrorType}); starting a new session")]
    public static partial void SharedStateNotRead(ILogger logger, string lease, string errorType);

    [LoggerMessage(3570, LogLevel.Warning, "Discord shard {Lease}: the shared state failed ({ErrorType}); the shard is given up and tried again in {RetryMs} ms")]
    public static partial void SharedStateFailed(ILogger logger, string lease, string errorType, long retryMs);

    [LoggerMessage(3569, LogLevel.Warning, "Discord shard {Lease}: the last session could not be written ({ErrorType}); the next owner may start a new session")]
    public static partial void SharedStateNotWritten(ILogger logger, string lease, string errorType);
}
