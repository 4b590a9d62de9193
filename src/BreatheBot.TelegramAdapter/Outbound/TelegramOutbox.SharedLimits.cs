using System.Globalization;
using BreatheBot.Core.Cluster;
using BreatheBot.TelegramAdapter.Diagnostics;

namespace BreatheBot.TelegramAdapter.Outbound;

/// <summary>
/// Several nodes (PostgreSQL mode): before a lane's next send leaves this node's own limits, it takes one permit from
/// the limits every node shares: the bot's (<see cref="TelegramOptions.ClusterMessagesPerSecond"/> per second), the
/// chat's (one per <see cref="TelegramOptions.PerChatInterval"/>) and, for a group, the group's minute budget — all at
/// once or none. Each is a window of counted sends (<see cref="RateBucket.Counted"/>), every window widened by the
/// margin: a send counts from its permit until one window after Telegram answered it (the release). Telegram saw it
/// somewhere in between, so it never sees more than a limit allows within its window, however late a loaded node's
/// request travels — as one node's own limits already count from the answer. At most <see cref="MaxSharedRequests"/> lanes ask at a time; a refusal by the global
/// bucket holds every lane until its wait has passed (so a busy node does not ask in a loop), a refusal by a chat's or
/// group's holds that lane only. A 429 is shared too: the chat's retry_after (and the global one, when this node saw
/// several chats told to wait) blocks the same scope on every node. With one node none of this runs.
/// </summary>
internal sealed partial class TelegramOutbox
{
    internal const string GlobalScope = "telegram:global";
    private const int MaxSharedRequests = 4;

    /// <summary>
    /// How long a send may take before it counts as answered anyway: a send never released (its node died) counts this
    /// long plus its window from its permit.
    /// </summary>
    internal static readonly TimeSpan SharedSendHold = TimeSpan.FromSeconds(2);

    /// <summary>
    /// A permit not used this soon (the lane waited for this node's own global budget or a 429's pause) is given back
    /// and asked for again: used later, its hold could pass before its message is answered.
    /// </summary>
    private static readonly TimeSpan SharedPermitFreshFor = SharedSendHold / 4;

    private readonly ISharedRateLimits? _shared;
    private DateTimeOffset _sharedPausedUntil;
    private int _sharedRequests;

    /// <summary>The shared buckets one send to <paramref name="chatId"/> takes a permit from.</summary>
    internal static IReadOnlyList<RateBucket> SharedBucketsFor(TelegramOptions options, long chatId, bool isGroup)
    {
        var margin = options.RateLimitMargin;
        var buckets = new List<RateBucket>(3)
        {
            RateBucket.Counted(GlobalScope, options.ClusterMessagesPerSecond, GlobalWindow + margin, SharedSendHold),
        };
        if (options.PerChatInterval > TimeSpan.Zero)
        {
            buckets.Add(RateBucket.Counted(ChatScope(chatId), 1, options.PerChatInterval + margin, SharedSendHold));
        }

        if (isGroup)
        {
            // one spare: 19 of Telegram's 20 by default
            var perMinute = Math.Max(1, options.GroupMessagesPerMinute - 1);
            buckets.Add(RateBucket.Counted("telegram:group:" + chatId.ToString(CultureInfo.InvariantCulture), perMinute, GroupWindow + margin, SharedSendHold));
        }

        return buckets;
    }

    private static string ChatScope(long chatId) => "telegram:chat:" + chatId.ToString(CultureInfo.InvariantCulture);

    /// <summary>True when the lane has a permit young enough to use; an old one is given back (the lane asks again after).</summary>
    private bool HasFreshSharedPermitLocked(Lane lane, DateTimeOffset now)
    {
        if (!lane.SharedGranted)
        {
            return false;
        }

        if (now - lane.SharedGrantedAt < SharedPermitFreshFor)
        {
            return true;
        }

        lane.SharedGranted = false;
        if (lane.SharedHolder != 0)
        {
            var holder = lane.SharedHolder;
            lane.SharedHolder = 0;
            lane.SharedPending = true; // asked again once given back: it still counts against the chat
            Track(ReleaseSharedAsync(lane, holder, sent: false));
        }

        return false;
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
        Track(AskSharedAsync(lane));
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
                lane.SharedHolder = permit.Holder;
                lane.SharedGrantedAt = now;
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

    /// <summary>
    /// The lane's send is done (<paramref name="sent"/>: Telegram answered it, and it counts one window from now) or its
    /// permit is given back unused.
    /// </summary>
    private async Task ReleaseSharedAsync(Lane lane, long holder, bool sent)
    {
        await Task.Yield(); // may be called under the gate
        try
        {
            await _shared!.ReleaseAsync(SharedBucketsFor(_options, lane.ChatId, lane.IsGroup), holder, sent, _stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // stopping: the permit stops counting when its hold passes
        }
        finally
        {
            lock (_gate)
            {
                lane.SharedPending = false;
            }

            _signal.Release();
        }
    }

    private async Task ShareRetryAfterAsync(long chatId, TimeSpan wait, bool global)
    {
        try
        {
            await _shared!.BlockAsync(ChatScope(chatId), wait, _stop.Token).ConfigureAwait(false);
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
