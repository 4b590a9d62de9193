using BreatheBot.Core.Cluster;
using BreatheBot.Core.Conversations;
using BreatheBot.Core.Diagnostics;
using BreatheBot.Core.Messaging;
using BreatheBot.TelegramAdapter.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BreatheBot.TelegramAdapter.Outbound;

/// <summary>
/// Counters for tests, the benchmark and diagnostics; <paramref name="Queued"/> is the items waiting or in flight now;
/// <paramref name="Superseded"/> the replies of older turns left out for a newer turn's (flood control) or merged into an
/// identical group post already waiting.
/// </summary>
internal sealed record OutboxStatistics(long Sent, long RateLimited, long Retried, long Dropped, long Coalesced, int Queued = 0, long Superseded = 0);

/// <summary>
/// The one outbound queue in front of the Bot API. Keeps Telegram's limits (per chat spacing, per group per minute,
/// global per second), sends each chat's items strictly in order with at most one in flight per chat, honours 429
/// retry_after for that chat (and globally when several chats are told to wait), retries 5xx/timeouts with a bounded
/// doubling backoff, stops a chat on 403 and drops a chat's pending items on 400. A pending edit of a slot is replaced
/// by a newer edit of the same slot, so a pacer that outruns the limits coarsens instead of queueing without bound.
/// Floods are coalesced: when a private chat already waits on the replies of <see cref="FloodTurns"/> older turns and a
/// newer turn sends a message, the older turns' unsent replies are left out (the newest turn answers the latest message;
/// safety advice stays unless the newer turn repeats it); in a group, a "continue in private" note identical to the one
/// queued just before it (asked for by many people at once) is merged into it. Enqueueing never blocks the update loop. All timing goes through <see cref="TimeProvider"/>.
/// With several nodes, every send also takes a permit from the limits all nodes share (TelegramOutbox.SharedLimits.cs).
/// </summary>
internal sealed partial class TelegramOutbox : IAsyncDisposable, IDisposable
{
    private static readonly TimeSpan GlobalWindow = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan GroupWindow = TimeSpan.FromMinutes(1);
    private const int MaxRateLimitHits = 10;
    private static readonly TimeSpan ClockJump = TimeSpan.FromMilliseconds(100);

    private readonly object _gate = new();
    private readonly Dictionary<long, Lane> _lanes = [];
    private readonly LinkedList<Lane> _busy = new();
    private readonly Queue<SendSlot> _globalSends = new();
    private readonly HashSet<Task> _inFlight = [];
    private readonly SemaphoreSlim _signal = new(0, int.MaxValue);
    private readonly CancellationTokenSource _stop = new();
    private readonly TelegramOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<TelegramOutbox> _logger;
    private readonly IOutboundExecutor _executor;
    private readonly BreatheBotMetrics? _metrics;
    private readonly Task _loop;
    private DateTimeOffset _globalPausedUntil;
    private DateTimeOffset _lastSweep;
    private long _lastRateLimitedChat;
    private DateTimeOffset _lastRateLimitedAt = DateTimeOffset.MinValue;
    private int _pending;
    private TaskCompletionSource _idle = NewIdle(completed: true);
    private long _sent;
    private long _rateLimited;
    private long _retried;
    private long _dropped;
    private long _coalesced;
    private long _superseded;
    private long _turns;

    /// <summary>An identical group post queued within this time of the previous one is merged into it.</summary>
    internal static readonly TimeSpan GroupBurstWindow = TimeSpan.FromSeconds(10);

    /// <summary>How many older turns' replies a private chat may have waiting before a newer turn supersedes them.</summary>
    internal const int FloodTurns = 2;

    public TelegramOutbox(
        IOptions<TelegramOptions> options, TimeProvider time, ILogger<TelegramOutbox> logger, IOutboundExecutor executor,
        BreatheBotMetrics? metrics = null, ISharedRateLimits? sharedLimits = null)
    {
        _shared = sharedLimits is { IsShared: true } ? sharedLimits : null; // one node: its own limits are the platform's
        _metrics = metrics;
        metrics?.ObserveOutbox(Platform.Telegram, () => Statistics.Queued);
        _options = options.Value;
        _time = time;
        _logger = logger;
        _executor = executor;
        _loop = Task.Run(() => RunAsync(_stop.Token));
    }

    public OutboxStatistics Statistics
    {
        get
        {
            lock (_gate)
            {
                return new OutboxStatistics(_sent, _rateLimited, _retried, _dropped, _coalesced, _pending, _superseded);
            }
        }
    }

    /// <summary>Chats with a lane now (idle lanes are forgotten by a sweep at most once a minute): for tests and diagnostics.</summary>
    internal int LaneCount
    {
        get
        {
            lock (_gate)
            {
                return _lanes.Count;
            }
        }
    }

    /// <summary>Queues items (one chat's replies, in order). Returns at once; each item's <see cref="OutboundItem.Completion"/> tells the outcome.</summary>
    public void Enqueue(IEnumerable<OutboundItem> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var turn = items as IReadOnlyList<OutboundItem> ?? [.. items];
        lock (_gate)
        {
            var number = ++_turns;
            foreach (var item in turn)
            {
                item.Turn = number;
            }

            if (turn.Count > 0 && turn.Any(i => i is not EditTextItem) && !turn[0].IsGroup && _lanes.TryGetValue(turn[0].ChatId, out var chat))
            {
                SupersedeOlderTurnsLocked(chat, turn);
            }

            foreach (var item in turn)
            {
                var lane = LaneFor(item.ChatId, item.IsGroup);
                if (lane.Closed)
                {
                    _dropped++;
                    item.Complete(false);
                    Log.SendSkippedChatClosed(_logger, item.ChatId, item.ReplyKey);
                    continue;
                }

                if (item is EditTextItem edit && FindPendingEdit(lane, edit.Slot) is { } older)
                {
                    older.Supersede(edit);
                    _coalesced++;
                    item.Complete(true);
                    continue;
                }

                if (lane.IsGroup && item is SendTextItem { Slot: null, MergeInGroup: true } post && IsRepeatedPost(lane, post))
                {
                    _superseded++;
                    item.Complete(true);
                    Log.GroupPostMerged(_logger, lane.ChatId, item.ReplyKey);
                    continue;
                }

                lane.Items.AddLast(item);
                _pending++;
                if (_idle.Task.IsCompleted)
                {
                    _idle = NewIdle(completed: false);
                }

                if (lane.Node.List is null)
                {
                    _busy.AddLast(lane.Node);
                }
            }
        }

        _signal.Release();
    }

    /// <summary>The chat wrote to the bot again (e.g. unblocked it): sending to it may resume.</summary>
    public void Reopen(long chatId)
    {
        lock (_gate)
        {
            if (_lanes.TryGetValue(chatId, out var lane))
            {
                lane.Closed = false;
            }
        }
    }

    /// <summary>Completes when nothing is queued or in flight.</summary>
    public Task WhenIdleAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return _idle.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Synchronous disposal (a host disposed with Dispose): stops the dispatcher without waiting for it.</summary>
    public void Dispose()
    {
        if (!_stop.IsCancellationRequested)
        {
            _stop.Cancel();
            _signal.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await _stop.CancelAsync().ConfigureAwait(false);
            _signal.Release();
        }

        try
        {
            await _loop.ConfigureAwait(false);
            Task[] running;
            lock (_gate)
            {
                running = [.. _inFlight];
            }

            await Task.WhenAll(running).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // stopping
        }

        // What never left the queue never reached Telegram: abandoned, so the core's outbox sends it at the next start.
        OutboundItem[] queued;
        lock (_gate)
        {
            queued = [.. _lanes.Values.SelectMany(lane => lane.Items)];
        }

        foreach (var item in queued)
        {
            item.Abandon();
        }
    }

    private async Task RunAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            TimeSpan? wait;
            var now = _time.GetUtcNow();
            try
            {
                lock (_gate)
                {
                    wait = DispatchLocked(now);
                }
            }
#pragma warning disable CA1031 // the dispatcher must survive anything and keep the queue moving
            catch (Exception ex)
#pragma warning restore CA1031
            {
                Log.OutboxDispatchFailed(_logger, ex);
                wait = TimeSpan.FromSeconds(1);
            }

            try
            {
                if (wait is { } delay)
                {
                    var due = now + delay;
                    var before = _time.GetUtcNow();
                    var remaining = due - before;
                    if (remaining <= TimeSpan.Zero)
                    {
                        continue;
                    }

                    using var timeout = new CancellationTokenSource(remaining, _time);
                    if (_time.GetUtcNow() - before > ClockJump)
                    {
                        continue; // the clock jumped while the timer was set (a test's fake clock): plan again
                    }

                    using var linked = CancellationTokenSource.CreateLinkedTokenSource(stop, timeout.Token);
                    try
                    {
                        await _signal.WaitAsync(linked.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (!stop.IsCancellationRequested)
                    {
                        // the next item is due
                    }
                }
                else
                {
                    await _signal.WaitAsync(stop).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>Starts every item that may go now; returns how long until the next one may, or null when nothing waits.</summary>
    private TimeSpan? DispatchLocked(DateTimeOffset now)
    {
        var margin = _options.RateLimitMargin;
        var globalWindow = GlobalWindow + margin;
        var groupWindow = GroupWindow + margin;
        // a send leaves the global window one window after it completed: Telegram saw it no later than that,
        // so however requests are delayed on the way, Telegram never sees more than the limit within a window
        while (_globalSends.Count > 0 && _globalSends.Peek().CompletedAt is { } done && done <= now - globalWindow)
        {
            _globalSends.Dequeue();
        }

        DateTimeOffset? wake = null;
        void WakeAt(DateTimeOffset at) => wake = wake is { } w && w <= at ? w : at;

        if (now - _lastSweep > GroupWindow)
        {
            SweepIdleLanesLocked(now, groupWindow);
        }

        var globalBudget = now < _globalPausedUntil ? 0 : _options.GlobalMessagesPerSecond - _globalSends.Count;
        var count = _busy.Count;
        for (var i = 0; i < count; i++)
        {
            var node = _busy.First!;
            var lane = node.Value;
            _busy.RemoveFirst();
            if (lane.Items.Count == 0)
            {
                continue; // drained: leaves the busy list
            }

            _busy.AddLast(node); // round robin
            if (lane.InFlight)
            {
                continue; // its completion signals the dispatcher
            }

            if (now < lane.NotBefore)
            {
                WakeAt(lane.NotBefore);
                continue;
            }

            if (lane.IsGroup)
            {
                while (lane.Minute.Count > 0 && lane.Minute.Peek() <= now - groupWindow)
                {
                    lane.Minute.Dequeue();
                }

                if (lane.Minute.Count >= _options.GroupMessagesPerMinute)
                {
                    WakeAt(lane.Minute.Peek() + groupWindow);
                    continue;
                }
            }

            if (globalBudget <= 0)
            {
                if (now < _globalPausedUntil)
                {
                    WakeAt(_globalPausedUntil);
                }
                else if (_globalSends.Peek().CompletedAt is { } oldest)
                {
                    WakeAt(oldest + globalWindow);
                }

                // else: the oldest is still in flight and its completion wakes the dispatcher
                continue;
            }

            if (_shared is not null && !HasFreshSharedPermitLocked(lane, now))
            {
                AskSharedLocked(lane, now, WakeAt); // its answer wakes the dispatcher
                continue;
            }

            lane.SharedGranted = false;
            var holder = lane.SharedHolder;
            lane.SharedHolder = 0;
            globalBudget--;
            var slot = new SendSlot();
            _globalSends.Enqueue(slot);
            if (lane.IsGroup)
            {
                lane.Minute.Enqueue(now);
            }

            lane.NotBefore = _options.PerChatInterval > TimeSpan.Zero ? now + _options.PerChatInterval + margin : now;
            lane.InFlight = true;
            var item = lane.Items.First!.Value;
            Track(ExecuteAsync(lane, item, slot, holder));
        }

        return wake is { } due ? due - now : null;
    }

    /// <summary>Keeps a started request in <see cref="_inFlight"/> until it ends (disposal waits for them). Under the gate.</summary>
    private void Track(Task task)
    {
        _inFlight.Add(task);
        _ = task.ContinueWith(t => { lock (_gate) { _inFlight.Remove(t); } }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private async Task ExecuteAsync(Lane lane, OutboundItem item, SendSlot slot, long holder)
    {
        await Task.Yield();
        SendResult result;
        try
        {
            result = await _executor.ExecuteAsync(item, _stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            lock (_gate)
            {
                lane.InFlight = false;
                slot.CompletedAt = _time.GetUtcNow();
            }

            item.Abandon(); // never reached Telegram for sure: the core's outbox sends it again at the next start
            return; // its shared permit, if any, stops counting when its hold passes
        }
#pragma warning disable CA1031 // an executor bug must not wedge the chat's lane
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.SendFailedUnexpectedly(_logger, item.ChatId, item.ReplyKey, ex);
            result = new SendResult(SendResultKind.Rejected);
        }

        (TimeSpan Wait, bool Global)? share = null;
        lock (_gate)
        {
            lane.InFlight = false;
            lane.SharedPending |= holder != 0; // no new ask before the release below: it would find the chat still held
            var now = _time.GetUtcNow();
            slot.CompletedAt = now;
            switch (result.Kind)
            {
                case SendResultKind.Sent:
                    RemoveHead(lane, delivered: true);
                    _sent++;
                    if (_options.PerChatInterval > TimeSpan.Zero)
                    {
                        // Telegram saw this message no later than now: spacing the next one from here cannot look too close
                        // to it, however the two requests are delayed on the way
                        lane.NotBefore = Max(lane.NotBefore, now + _options.PerChatInterval);
                    }

                    break;
                case SendResultKind.RateLimited:
                    _rateLimited++;
                    _metrics?.RateLimited(Platform.Telegram);
                    item.RateLimitHits++;
                    var wait = result.RetryAfter > TimeSpan.Zero ? result.RetryAfter : TimeSpan.FromSeconds(1);
                    Log.RateLimited(_logger, lane.ChatId, (int)Math.Ceiling(wait.TotalSeconds));
                    if (item.RateLimitHits > MaxRateLimitHits)
                    {
                        Log.SendGivenUp(_logger, lane.ChatId, item.ReplyKey, item.RateLimitHits);
                        RemoveHead(lane, delivered: false);
                        _dropped++;
                        break;
                    }

                    lane.NotBefore = Max(lane.NotBefore, now + wait);
                    var global = _lastRateLimitedChat != lane.ChatId && now - _lastRateLimitedAt < wait;
                    if (global)
                    {
                        // more than one chat told to wait at once: the global limit was hit, pause everyone
                        _globalPausedUntil = Max(_globalPausedUntil, now + wait);
                    }

                    share = (wait, global);

                    _lastRateLimitedChat = lane.ChatId;
                    _lastRateLimitedAt = now;
                    break;
                case SendResultKind.Transient:
                    item.TransientFailures++;
                    if (item.TransientFailures >= _options.MaxSendAttempts)
                    {
                        Log.SendGivenUp(_logger, lane.ChatId, item.ReplyKey, item.TransientFailures);
                        RemoveHead(lane, delivered: false);
                        _dropped++;
                        break;
                    }

                    _retried++;
                    _metrics?.Retried(Platform.Telegram);
                    var backoff = Backoff(_options.RetryBaseDelay, _options.RetryMaxDelay, item.TransientFailures);
                    lane.NotBefore = Max(lane.NotBefore, now + backoff);
                    break;
                case SendResultKind.ChatClosed:
                    lane.Closed = true;
                    Log.ChatClosed(_logger, lane.ChatId, lane.Items.Count);
                    DropAll(lane);
                    break;
                default:
                    Log.SendRejected(_logger, lane.ChatId, item.ReplyKey, lane.Items.Count - 1);
                    DropAll(lane);
                    break;
            }

            if (_pending == 0)
            {
                _idle.TrySetResult();
            }
        }

        if (_shared is not null && holder != 0)
        {
            await ReleaseSharedAsync(lane, holder, sent: true).ConfigureAwait(false); // whatever Telegram answered, it saw the request
        }

        if (_shared is not null && share is { } told)
        {
            await ShareRetryAfterAsync(lane.ChatId, told.Wait, told.Global).ConfigureAwait(false);
        }

        _signal.Release();
    }

    internal static TimeSpan Backoff(TimeSpan first, TimeSpan max, int failures)
    {
        var factor = Math.Pow(2, Math.Clamp(failures - 1, 0, 20));
        var delay = TimeSpan.FromTicks((long)Math.Min(first.Ticks * factor, max.Ticks));
        return delay;
    }

    private void RemoveHead(Lane lane, bool delivered)
    {
        var head = lane.Items.First!.Value;
        lane.Items.RemoveFirst();
        _pending--;
        head.Complete(delivered);
    }

    private void DropAll(Lane lane)
    {
        while (lane.Items.Count > 0)
        {
            RemoveHead(lane, delivered: false);
            _dropped++;
        }
    }

    /// <summary>Forgets lanes that hold nothing that still matters (no items, no pending wait, no recent group sends, not closed).</summary>
    private void SweepIdleLanesLocked(DateTimeOffset now, TimeSpan groupWindow)
    {
        _lastSweep = now;
        List<long>? idle = null;
        foreach (var (chatId, lane) in _lanes)
        {
            if (lane.Items.Count == 0 && !lane.InFlight && !lane.SharedPending && !lane.Closed && lane.NotBefore <= now
                && (lane.Minute.Count == 0 || lane.Minute.Last() <= now - groupWindow))
            {
                (idle ??= []).Add(chatId);
            }
        }

        foreach (var chatId in idle ?? [])
        {
            _lanes.Remove(chatId);
        }
    }

    /// <summary>
    /// Flood control for one private chat: when items of at least <see cref="FloodTurns"/> older turns still wait (none
    /// started), they are left out for the newer turn's replies. An item that must be delivered stays unless the newer
    /// turn carries a reply with the same key.
    /// </summary>
    private void SupersedeOlderTurnsLocked(Lane lane, IReadOnlyList<OutboundItem> newer)
    {
        var waiting = lane.InFlight ? lane.Items.First?.Next : lane.Items.First;
        var olderTurns = 0;
        var lastTurn = -1L;
        for (var node = waiting; node is not null; node = node.Next)
        {
            if (node.Value.Turn != lastTurn)
            {
                olderTurns++;
                lastTurn = node.Value.Turn;
            }
        }

        if (olderTurns < FloodTurns)
        {
            return;
        }

        var left = 0;
        for (var node = waiting; node is not null;)
        {
            var next = node.Next;
            var item = node.Value;
            if (!FloodControl.MustDeliver(item.ReplyKey) || newer.Any(n => n.ReplyKey == item.ReplyKey))
            {
                lane.Items.Remove(node);
                _pending--;
                _superseded++;
                left++;
                item.Complete(true);
            }

            node = next;
        }

        if (left > 0)
        {
            Log.FloodCoalesced(_logger, lane.ChatId, left, olderTurns);
        }
    }

    /// <summary>
    /// A group post with the same reply, text and buttons as the last one queued for the group within
    /// <see cref="GroupBurstWindow"/>: the one post (waiting or just shown) answers everyone of the burst. Otherwise it
    /// becomes the group's last post.
    /// </summary>
    private bool IsRepeatedPost(Lane lane, SendTextItem post)
    {
        var signature = post.ReplyKey + "\n" + post.Html + "\n"
            + (post.Markup is null ? string.Empty : System.Text.Json.JsonSerializer.Serialize(post.Markup, Telegram.Bot.JsonBotAPI.Options));
        var now = _time.GetUtcNow();
        if (lane.LastPost == signature && now - lane.LastPostAt < GroupBurstWindow)
        {
            return true;
        }

        lane.LastPost = signature;
        lane.LastPostAt = now;
        return false;
    }

    /// <summary>The lane's last item, when it is a not-yet-started edit of the same slot (so replacing it keeps order).</summary>
    private static EditTextItem? FindPendingEdit(Lane lane, string slot)
    {
        var last = lane.Items.Last;
        if (last is null || (lane.InFlight && last == lane.Items.First))
        {
            return null; // nothing queued, or the only item is being sent and can no longer change
        }

        return last.Value is EditTextItem edit && edit.Slot == slot ? edit : null;
    }

    private Lane LaneFor(long chatId, bool isGroup)
    {
        if (!_lanes.TryGetValue(chatId, out var lane))
        {
            lane = new Lane(chatId, isGroup);
            _lanes[chatId] = lane;
        }

        return lane;
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static TaskCompletionSource NewIdle(bool completed)
    {
        var tcs = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (completed)
        {
            tcs.SetResult();
        }

        return tcs;
    }

    /// <summary>One send counted against the global limit; open until its request completed.</summary>
    private sealed class SendSlot
    {
        public DateTimeOffset? CompletedAt { get; set; }
    }

    private sealed class Lane
    {
        public Lane(long chatId, bool isGroup)
        {
            ChatId = chatId;
            IsGroup = isGroup;
            Node = new LinkedListNode<Lane>(this);
        }

        public long ChatId { get; }

        public bool IsGroup { get; }

        public LinkedList<OutboundItem> Items { get; } = new();

        public Queue<DateTimeOffset> Minute { get; } = new();

        public LinkedListNode<Lane> Node { get; }

        public bool InFlight { get; set; }

        /// <summary>Several nodes: a permit of the shared limits is held for the lane's next send.</summary>
        public bool SharedGranted { get; set; }

        /// <summary>Several nodes: the granted send's id in the shared counted limits (0: not counted there).</summary>
        public long SharedHolder { get; set; }

        /// <summary>Several nodes: when the shared permit was granted (an old one is given back and asked for again).</summary>
        public DateTimeOffset SharedGrantedAt { get; set; }

        /// <summary>Several nodes: the shared limits are being asked for the lane's next send, or told its last one ended.</summary>
        public bool SharedPending { get; set; }

        public bool Closed { get; set; }

        public DateTimeOffset NotBefore { get; set; }

        /// <summary>A group's last post (reply key, text and buttons), for merging a burst of identical ones.</summary>
        public string? LastPost { get; set; }

        public DateTimeOffset LastPostAt { get; set; }
    }
}
