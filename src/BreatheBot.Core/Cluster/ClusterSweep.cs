using BreatheBot.Core.Conversations;
using BreatheBot.Core.Diagnostics;
using BreatheBot.Core.Messaging;
using BreatheBot.Core.Outbox;
using Microsoft.Extensions.Logging;

namespace BreatheBot.Core.Cluster;

/// <summary>
/// What every node does every <see cref="Interval"/> with a cluster store: finds conversations with unsent replies of
/// nodes that are gone and hands each to <c>sendLeftOver</c> (which claims and sends them under the conversation's lock), and fires wake-ups overdue by more than <see cref="Grace"/> (a dead node's
/// pacers and follow-ups, or a late node's). Firing one that its own node fires too is harmless: turns of a
/// conversation run one at a time and a wake-up that no longer matches the state does nothing.
/// </summary>
internal sealed class ClusterSweep(
    IClusterStore store,
    TimeProvider time,
    Func<ConversationKey, Task> sendLeftOver,
    Func<TimerFired, Task> fire,
    ILogger logger) : IAsyncDisposable
{
    /// <summary>How late a wake-up must be before any node fires it (its own node fires it on time).</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(1);

    /// <summary>How often each node sweeps: a dead node's wake-up fires at most about Grace + Interval late.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);

    /// <summary>At most this many wake-ups and outbox entries are taken per sweep (the rest at the next).</summary>
    public const int BatchSize = 200;

    private readonly CancellationTokenSource _stopping = new();
    private readonly HashSet<ConversationKey> _firing = [];
    private readonly Lock _gate = new();
    private Task _loop = Task.CompletedTask;

    public void Start() => _loop = RunAsync(_stopping.Token);

    /// <summary>One sweep (also run once at start, before the first interval).</summary>
    public async Task SweepAsync(CancellationToken cancellationToken)
    {
        foreach (var conversation in await store.FindOrphanedOutboxAsync(BatchSize, cancellationToken).ConfigureAwait(false))
        {
            _ = sendLeftOver(conversation); // a turn of it claims them under its lock and sends them first
        }

        var now = time.GetUtcNow();
        foreach (var conversation in await store.FindOverdueWakeUpsAsync(now - Grace, BatchSize, cancellationToken).ConfigureAwait(false))
        {
            lock (_gate)
            {
                if (!_firing.Add(conversation.Key))
                {
                    continue; // still firing from the last sweep
                }
            }

            Log.OverdueWakeUpSwept(logger, conversation.Key.ToString(), (now - conversation.WakeAt!.Value).TotalMilliseconds);
            _ = FireAsync(new TimerFired(conversation.Key, conversation.Chat, now, conversation.WakeAt!.Value));
        }
    }

    private async Task FireAsync(TimerFired timer)
    {
        try
        {
            await fire(timer).ConfigureAwait(false);
        }
        finally
        {
            lock (_gate)
            {
                _firing.Remove(timer.Key);
            }
        }
    }

    private async Task RunAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stopping).ConfigureAwait(false))
            {
                try
                {
                    await SweepAsync(stopping).ConfigureAwait(false);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    Log.ClusterSweepFailed(logger, exception); // the next sweep tries again
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stopping.Dispose();
    }
}
