using BreatheBot.Core.Cluster;
using BreatheBot.TelegramAdapter.Diagnostics;
using BreatheBot.TelegramAdapter.Outbound;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Exceptions;

namespace BreatheBot.TelegramAdapter;

/// <summary>
/// Webhook mode's calls to Telegram at start. Every node calls getMe (a rejected token stops its start). Only the node
/// holding the webhook set-up lease (<see cref="TelegramLeases.WebhookSetup"/>) registers the command menus and calls
/// setWebhook; the others serve the webhook behind the same load balancer and try to take the lease every
/// <see cref="TelegramOptions.LeaseRetryInterval"/>, and the node that takes it over (its holder stopped or died) calls
/// setWebhook again: the same URL and secret, so nothing changes for the nodes serving it. Telegram unreachable is
/// retried in the background with the polling backoff. The webhook is never deleted here: whichever node stops must not
/// take it away from the others (switching to polling deletes it, at the poller's start).
/// </summary>
internal sealed class TelegramWebhookRegistration(
    ITelegramBotClient client,
    TelegramBotSetup setup,
    TelegramLeases leases,
    IOptions<TelegramOptions> options,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    ILogger<TelegramWebhookRegistration> logger,
    TelegramReceiveStatus? status = null) : IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource _registered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _background = Task.CompletedTask;
    private IClusterLease? _lease;
    private bool _connected;
    private bool _webhookSet;
    private bool _toldStandingBy;

    /// <summary>Completes once this node has registered the menus and the webhook (for tests).</summary>
    public Task Registered => _registered.Task;

    /// <summary>True while this node holds the set-up lease.</summary>
    public bool HoldsLease => Volatile.Read(ref _lease) is not null;

    /// <summary>The first pass, during the host's start: throws <see cref="TelegramUnauthorizedException"/> on a rejected token.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var failures = 0;
        try
        {
            await StepAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not TelegramUnauthorizedException && !cancellationToken.IsCancellationRequested)
        {
            failures = 1;
            Log.StartupFailed(logger, TelegramReceiver.Reason(ex), Backoff(failures).TotalSeconds, ex);
        }

        _background = KeepAsync(failures, _stopping.Token);
    }

    /// <summary>Stops retrying and gives the lease up, so another node takes over the registration.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _background.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (Interlocked.Exchange(ref _lease, null) is { } lease)
        {
            await leases.ReleaseAsync(lease).ConfigureAwait(false);
        }
    }

    public void Dispose() => _stopping.Dispose();

    /// <summary>As far as it goes without waiting: getMe, then the lease (one try), then the menus and setWebhook.</summary>
    private async Task StepAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (!_connected)
            {
                await setup.ConnectAsync(cancellationToken).ConfigureAwait(false);
                _connected = true;
            }

            if (_lease is null)
            {
                if (await leases.TryTakeAsync(leases.WebhookSetup, cancellationToken).ConfigureAwait(false) is not { } lease)
                {
                    if (!_toldStandingBy)
                    {
                        Log.LeaseHeldElsewhere(logger, leases.WebhookSetup, leases.RetryInterval.TotalSeconds);
                        _toldStandingBy = true;
                    }

                    status?.Listening(); // this node serves the webhook; the lease's holder registers it
                    return;
                }

                Volatile.Write(ref _lease, lease);
                _webhookSet = false;
                _toldStandingBy = false;
            }

            if (!_webhookSet)
            {
                await RegisterAsync(cancellationToken).ConfigureAwait(false);
                _webhookSet = true;
            }
        }
        catch (ApiRequestException ex) when (ex.ErrorCode == 401)
        {
            Log.Unauthorized(logger);
            throw new TelegramUnauthorizedException(ex);
        }
    }

    private async Task RegisterAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        await setup.RegisterCommandsAsync(cancellationToken).ConfigureAwait(false);
        await client.SetWebhook(
            url: settings.WebhookUrl!,
            maxConnections: settings.WebhookMaxConnections,
            allowedUpdates: TelegramBotSetup.AllowedUpdates,
            dropPendingUpdates: false,
            secretToken: settings.WebhookSecret,
            cancellationToken: cancellationToken).ConfigureAwait(false);
        Log.WebhookSet(logger, settings.WebhookUrl!, settings.WebhookMaxConnections);
        status?.Listening();
        _registered.TrySetResult();
    }

    /// <summary>
    /// Until the host stops: retries a failed pass with backoff; standing by, tries the lease every retry interval;
    /// holding it, waits until it is lost, then stands by again. A token rejected meanwhile stops the application.
    /// </summary>
    private async Task KeepAsync(int failures, CancellationToken stopping)
    {
        while (true)
        {
            try
            {
                if (failures == 0 && _lease is { } held)
                {
                    await WaitUntilLostAsync(held, stopping).ConfigureAwait(false);
                    Log.LeaseLost(logger, held.Name);
                    Volatile.Write(ref _lease, null);
                    await leases.ReleaseAsync(held).ConfigureAwait(false);
                }

                await Task.Delay(failures > 0 ? Backoff(failures) : leases.RetryInterval, time, stopping).ConfigureAwait(false);
                await StepAsync(stopping).ConfigureAwait(false);
                failures = 0;
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (TelegramUnauthorizedException)
            {
                lifetime.StopApplication();
                return;
            }
#pragma warning disable CA1031 // Telegram or the database unreachable: keep trying, as polling does
            catch (Exception ex)
#pragma warning restore CA1031
            {
                failures++;
                Log.StartupFailed(logger, TelegramReceiver.Reason(ex), Backoff(failures).TotalSeconds, ex);
            }
        }
    }

    private static async Task WaitUntilLostAsync(IClusterLease lease, CancellationToken stopping)
    {
        using var either = CancellationTokenSource.CreateLinkedTokenSource(stopping, lease.Lost);
        await Task.Delay(Timeout.InfiniteTimeSpan, either.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        stopping.ThrowIfCancellationRequested();
    }

    private TimeSpan Backoff(int failures) =>
        TelegramOutbox.Backoff(options.Value.PollingBackoffBase, options.Value.PollingBackoffMax, failures);
}
