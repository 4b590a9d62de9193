using System.Globalization;
using BreatheBot.Core.Cluster;
using BreatheBot.TelegramAdapter.Diagnostics;

namespace BreatheBot.TelegramAdapter.Outbound;

/// <summary>
/// Several nodes (PostgreSQL mode): before a lane's next send leaves this node's own limits, it takes one permit from
/// the limits every node shares: the bot's global bucket (<see cref="TelegramOptions.ClusterMessagesPerSecond"/>), the
/// chat's (one per <see cref="TelegramOptions.PerChatInterval"/> plus the margin) and, for a group, the group's minute
/// budget — all at once or none. At most <see cref="MaxSharedRequests"/> lanes ask at a time; a refusal by the global
/// bucket holds every lane until its wait has passed (so a busy node does not ask in a loop), a refusal by a chat's or
/// group's holds that lane only. A 429 is shared too: the chat's retry_after (and the global one, when this node saw
/// several chats told to wait) blocks the same scope on every node. With one node none of this runs.
/// </summary>
internal sealed partial class TelegramOutbox
{
    internal const string GlobalScope = "telegram:global";
    private const int MaxSharedRequests = 4;

    private readonly ISharedRateLimits? _shared;
    private DateTimeOffset _sharedPausedUntil;
    private int _sharedRequests;

    /// <summary>The shared buckets one send to <paramref name="chatId"/> takes a permit from.</summary>
    internal static IReadOnlyList<RateBucket> SharedBucketsFor(TelegramOptions options, long chatId, bool isGroup)
    {
        var chat = chatId.ToString(CultureInfo.InvariantCulture);
        var rate = options.ClusterMessagesPerSecond;
        var buckets = new List<RateBucket>(3) { new(GlobalScope, rate, Math.Max(1, rate / 20)) };
        var spacing = options.PerChatInterval + options.RateLimitMargin;
        if (options.PerChatInterval > TimeSpan.Zero)
        {
            buckets.Add(new RateBucket("telegram:chat:" + chat, 1 / spacing.TotalSeconds, 1));
        }

        if (isGroup)
        {
            // at most burst + rate x 1 min in any minute: 3 + 16 = 19 of Telegram's 20 by default
            var perMinute = options.GroupMessagesPerMinute;
            var burst = Math.Max(1, perMinute / 6);
            buckets.Add(new RateBucket("telegram:group:" + chat, Math.Max(1, perMinute - burst - 1) / 60.0, burst));
        }

        return buckets;
    }

    private void AskSharedLocked(Lane lane, DateTimeOffset now, Action<DateTimeOffset> wakeAt)
    {
        if (lane.SharedPending || _sharedRequests >= MaxSharedRequests)
        {
            return; // a request's answer wakes the dispatcher
        }

        if (now < _sharedPausedUntil)
        {
            wakeAt(_sharedPausedUntil);
            return;
        }

        lane.SharedPending = true;
        _sharedRequests++;
        var task = AskSharedAsync(lane);
        _inFlight.Add(task);
        _ = task.ContinueWith(t => { lock (_gate) { _inFlight.Remove(t); } }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private async Task AskSharedAsync(Lane lane)
    {
        await Task.Yield();
        RatePermit permit;
        try
        {
            permit = await _shared!.TryTakeAsync(SharedBucketsFor(_options, lane.ChatId, lane.IsGroup), 1, _stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            return; // stopping: the lane is gone with the outbox
        }
#pragma warning disable CA1031 // a bug in asking must not wedge the lane: its own limits still hold
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.OutboxDispatchFailed(_logger, ex);
            permit = RatePermit.Grant;
        }

        lock (_gate)
        {
            lane.SharedPending = false;
            _sharedRequests--;
            var now = _time.GetUtcNow();
            if (permit.Granted)
            {
                lane.SharedGranted = true;
            }
            else if (permit.LimitedBy == GlobalScope)
            {
                _sharedPausedUntil = Max(_sharedPausedUntil, now + permit.Wait);
            }
            else
            {
                lane.NotBefore = Max(lane.NotBefore, now + permit.Wait);
                Log.SharedLimitWait(_logger, lane.ChatId, permit.LimitedBy ?? "?", (long)permit.Wait.TotalMilliseconds);
            }
        }

        _signal.Release();
    }

    private async Task ShareRetryAfterAsync(long chatId, TimeSpan wait, bool global)
    {
        try
        {
            await _shared!.BlockAsync("telegram:chat:" + chatId.ToString(CultureInfo.InvariantCulture), wait, _stop.Token).ConfigureAwait(false);
            if (global)
            {
                await _shared.BlockAsync(GlobalScope, wait, _stop.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // stopping: the other nodes learn of the wait from their own 429, as they would without us
        }
    }
}
