using System.Collections.Concurrent;
using BreatheBot.Core.Cluster;
using BreatheBot.Core.Diagnostics;
using BreatheBot.Core.Messaging;
using BreatheBot.Core.Outbox;

namespace BreatheBot.Core.Conversations;

/// <summary>Start (left-over replies, wake-ups, the cluster sweep), waiting, stopping, and the turns wake-ups start.</summary>
public sealed partial class ConversationService
{
    /// <summary>
    /// After a start: sends the replies a previous run left in the outbox (in order, per conversation, before any new
    /// turn of that conversation), then re-arms every stored wake-up; those that fell due while we were down fire now.
    /// </summary>
    public async Task ResumeAsync(CancellationToken cancellationToken)
    {
        if (_cluster is null)
        {
            foreach (var delivery in await _delivery.ResumeAsync(AcquireAsync, cancellationToken).ConfigureAwait(false))
            {
                _ = Track(delivery);
            }
        }
        else if (_sweep is null)
        {
            // several nodes: only the replies of nodes that are gone (this one's previous run included) are sent here,
            // now and at every sweep; a live node sends its own
            _sweep = new ClusterSweep(_cluster, _time, SendLeftOverAsync, FireOverdueAsync, _logger);
            await _sweep.SweepAsync(cancellationToken).ConfigureAwait(false);
            _sweep.Start();
        }

        var scheduled = await _store.LoadScheduledAsync(cancellationToken).ConfigureAwait(false);
        var now = _time.GetUtcNow();
        var overdue = 0;
        foreach (var conversation in scheduled)
        {
            if (conversation.WakeAt <= now)
            {
                overdue++;
            }

            _scheduler.Schedule(conversation.Key, conversation.Chat, conversation.WakeAt);
        }

        Log.Resumed(_logger, scheduled.Count, overdue);
    }

    /// <summary>Waits until no turn from a wake-up and no delivery is in flight.</summary>
    public async Task WhenIdleAsync(CancellationToken cancellationToken = default)
    {
        while (!_inFlight.IsEmpty)
        {
            await Task.WhenAll(_inFlight.Keys).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Waits until every reply handed to a sender so far has been confirmed by the platform (or left in the outbox) and
    /// its entry marked sent.
    /// </summary>
    public async Task WhenSentAsync(CancellationToken cancellationToken = default)
    {
        await WhenIdleAsync(cancellationToken).ConfigureAwait(false);
        await _delivery.WhenConfirmedAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Stops arming wake-ups and waits for in-flight work and the platform's confirmations (bounded by the token). Out of
    /// time, what is still sending is cancelled; with an outbox it stays there for the next start, and one line says how
    /// many replies that is (without one, how many were lost).
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _scheduler.Dispose();
        if (_sweep is not null)
        {
            await _sweep.DisposeAsync().ConfigureAwait(false);
        }

        try
        {
            await WhenIdleAsync(cancellationToken).ConfigureAwait(false);

            // the platform's confirmations: a sender with a queue (Telegram) may take longer under its limits; what it
            // has not confirmed by then stays in the outbox, and the adapter's own drain may still send it
            using var confirmations = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            confirmations.CancelAfter(ConfirmationWaitAtStop);
            await _delivery.WhenConfirmedAsync(confirmations.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        catch (OperationCanceledException)
        {
            // Out of time: cancel what is still sending and let the cancelled deliveries end (bounded: the shutdown
            // timeout has already passed).
            await _shutdown.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(_inFlight.Keys).WaitAsync(TimeSpan.FromSeconds(1)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(1)); // confirmed replies being marked
            await _delivery.WhenConfirmedAsync(grace.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        _delivery.ReportStop();
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _scheduler.Dispose();
        _sweep?.DisposeAsync().AsTask().Wait(TimeSpan.FromSeconds(2));
        _shutdown.Cancel();
        _shutdown.Dispose();
        DisposeOwnMetrics();
    }

    private void DisposeOwnMetrics()
    {
        if (_ownsMetrics)
        {
            _metrics.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        // The container may dispose us twice (we are also registered as IConversationHandler).
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _scheduler.Dispose();
        if (_sweep is not null)
        {
            await _sweep.DisposeAsync().ConfigureAwait(false);
        }

        await _shutdown.CancelAsync().ConfigureAwait(false);
        _shutdown.Dispose();
        DisposeOwnMetrics();
    }

    private void OnWakeUp(TimerFired timer) => Track(Task.Run(() => WakeAsync(timer)));

    /// <summary>Takes the conversation's lock, which claims its replies left by nodes that are gone, and sends them.</summary>
    private Task SendLeftOverAsync(ConversationKey key) => Track(Task.Run(async () =>
    {
        try
        {
            var lease = await AcquireAsync(key, _shutdown.Token).ConfigureAwait(false);
            await _delivery.SendClaimedAsync(lease, key, lease.Locked?.LeftOver ?? []).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_shutdown.IsCancellationRequested)
        {
        }
        catch (Exception exception)
        {
            Log.ClusterSweepFailed(_logger, exception);
        }
    }));

    private Task FireOverdueAsync(TimerFired timer) => Track(Task.Run(() => WakeAsync(timer)));

    private async Task WakeAsync(TimerFired timer)
    {
        try
        {
            var receipt = await HandleAsync(timer, null, _shutdown.Token).ConfigureAwait(false);
            await receipt.Delivered.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_shutdown.IsCancellationRequested)
        {
        }
        catch (Exception exception)
        {
            Log.WakeUpFailed(_logger, exception, timer.Key.ToString());
        }
    }

    private Task Track(Task task)
    {
        _inFlight.TryAdd(task, 0);
        _ = task.ContinueWith(static (t, state) => ((ConcurrentDictionary<Task, byte>)state!).TryRemove(t, out _), _inFlight,
            CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return task;
    }
}
