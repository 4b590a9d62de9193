using BreatheBot.Core.Cluster;
using BreatheBot.TelegramAdapter.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BreatheBot.TelegramAdapter;

/// <summary>
/// The long-polling loop and nothing else: it calls <see cref="TelegramReceiver.ReceiveOnceAsync"/> until the host
/// stops, waits the back-off it is told, survives every error, and stops the host when the token is rejected.
/// Only a cancellation of the host's own stopping token ends it; any other cancellation is a timeout to survive.
/// Telegram allows one long poller per token, so with several nodes it polls only while it holds the poller lease
/// (<see cref="TelegramLeases.Poller"/>); without it, it tries again every <see cref="TelegramOptions.LeaseRetryInterval"/>.
/// When the lease is lost it stops at once, confirming nothing more (the next holder's getUpdates brings back what was
/// not confirmed, and the store drops repeats); on stop it gives the lease up so another node takes over.
/// </summary>
internal sealed class TelegramPollingService(
    TelegramReceiver receiver,
    TelegramLeases leases,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    ILogger<TelegramPollingService> logger,
    TelegramReceiveStatus? status = null) : BackgroundService
{
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            // start-up blocking work belongs here (.NET 10 runs all of ExecuteAsync on the thread pool);
            // a rejected token fails the start, a network problem is retried by the loop
            await receiver.InitializeAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not TelegramUnauthorizedException && !cancellationToken.IsCancellationRequested)
        {
            Log.StartupFailed(logger, ex.GetType().Name, 0, ex);
        }

        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (await leases.AcquireAsync(leases.Poller, status is null ? null : status.Standby, stoppingToken).ConfigureAwait(false) is { } lease)
        {
            bool lost;
            try
            {
                lost = await PollWhileHeldAsync(lease, stoppingToken).ConfigureAwait(false);
            }
            finally
            {
                await leases.ReleaseAsync(lease).ConfigureAwait(false);
            }

            if (!lost)
            {
                return;
            }
        }
    }

    /// <summary>Polls until the host stops (false), the token is rejected (false) or the lease is lost (true).</summary>
    private async Task<bool> PollWhileHeldAsync(IClusterLease lease, CancellationToken stoppingToken)
    {
        using var held = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, lease.Lost);
        var token = held.Token;
        receiver.StartLeading();
        status?.Leading();
        while (!token.IsCancellationRequested)
        {
            TimeSpan delay;
            try
            {
                delay = await receiver.ReceiveOnceAsync(token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                break;
            }
            catch (TelegramUnauthorizedException)
            {
                lifetime.StopApplication();
                return false;
            }
#pragma warning disable CA1031 // the loop must outlive any bug in a pass
            catch (Exception ex)
#pragma warning restore CA1031
            {
                delay = TimeSpan.FromSeconds(5);
                Log.ReceiveLoopFailed(logger, delay.TotalSeconds, ex);
            }

            if (delay > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(delay, time, token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (token.IsCancellationRequested)
                {
                    break;
                }
            }
        }

        if (stoppingToken.IsCancellationRequested)
        {
            return false;
        }

        Log.LeaseLost(logger, lease.Name);
        return true;
    }
}
