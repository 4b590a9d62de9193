using BreatheBot.TelegramAdapter.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BreatheBot.TelegramAdapter.Outbound;

/// <summary>
/// On shutdown, once every hosted service has stopped (receiving has ended and the core has finished its in-flight
/// turns and wake-ups, so nothing adds replies any more), gives the outbox a short while to send what the core has
/// already committed. Without it a scheduled session that fired just before a stop was durable as "held" but its
/// messages were dropped with the outbox, and the restart rightly did not post it again: it never appeared at all.
/// Bounded by <see cref="MaxWait"/> and the host's shutdown timeout, whichever comes first.
/// </summary>
internal sealed class TelegramOutboxDrain(TelegramOutbox outbox, ILogger<TelegramOutboxDrain> logger) : IHostedLifecycleService
{
    internal static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(5);

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StoppedAsync(CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(MaxWait);
        try
        {
            await outbox.WhenIdleAsync(limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            var statistics = outbox.Statistics;
            Log.OutboxNotDrained(logger, statistics.Queued, statistics.Sent);
        }
    }
}
