using BreatheBot.TelegramAdapter.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BreatheBot.TelegramAdapter;

/// <summary>
/// The long-polling loop and nothing else: it calls <see cref="TelegramReceiver.ReceiveOnceAsync"/> until the host
/// stops, waits the back-off it is told, survives every error, and stops the host when the token is rejected.
/// Only a cancellation of the host's own stopping token ends it; any other cancellation is a timeout to survive.
/// </summary>
internal sealed class TelegramPollingService(
    TelegramReceiver receiver,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    ILogger<TelegramPollingService> logger) : BackgroundService
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
        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan delay;
            try
            {
                delay = await receiver.ReceiveOnceAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (TelegramUnauthorizedException)
            {
                lifetime.StopApplication();
                return;
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
                    await Task.Delay(delay, time, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
            }
        }
    }
}
