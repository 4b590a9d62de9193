using BreatheBot.Core.Messaging;

namespace BreatheBot.Core.Conversations;

/// <summary>
/// Holds at most one pending wake-up per conversation on the injected <see cref="TimeProvider"/>.
/// A newer schedule replaces the older one; a fired wake-up is handed to the callback, never run on the timer.
/// One timer serves every conversation: it is armed for the earliest pending wake-up, and when it fires every
/// wake-up then due fires in one batch (a priority queue keyed by due time; replaced entries are skipped lazily).
/// With 10k–100k breathing pacers this keeps one kernel timer instead of one per conversation, allocates no timer per
/// phase, and never fires a wake-up before its due time (a timer that fires early is simply re-armed).
/// </summary>
internal sealed class WakeUpScheduler : IDisposable
{
    private readonly TimeProvider _time;
    private readonly Action<TimerFired> _fire;
    private readonly Dictionary<ConversationKey, Entry> _pending = [];
    private readonly PriorityQueue<Entry, DateTimeOffset> _queue = new();
    private readonly Lock _gate = new();
    private ITimer? _timer;
    private DateTimeOffset? _armedFor;
    private int _replaced;
    private bool _stopped;

    public WakeUpScheduler(TimeProvider time, Action<TimerFired> fire)
    {
        _time = time;
        _fire = fire;
    }

    public int PendingCount
    {
        get
        {
            lock (_gate)
            {
                return _pending.Count;
            }
        }
    }

    public void Schedule(ConversationKey key, ChatKind chat, DateTimeOffset? dueAt)
    {
        Entry? overdue = null;
        lock (_gate)
        {
            if (_pending.Remove(key, out var previous))
            {
                previous.Replaced = true;
                _replaced++;
            }

            if (dueAt is null || _stopped)
            {
                CompactIfMostlyReplaced();
                return;
            }

            var entry = new Entry(key, chat, dueAt.Value);
            if (dueAt.Value <= _time.GetUtcNow())
            {
                // Already due (e.g. re-armed after a restart): fire now, outside the lock.
                overdue = entry;
            }
            else
            {
                _pending[key] = entry;
                _queue.Enqueue(entry, entry.DueAt);
                if (_armedFor is null || entry.DueAt < _armedFor.Value)
                {
                    Arm(entry.DueAt);
                }

                CompactIfMostlyReplaced();
            }
        }

        if (overdue is not null)
        {
            _fire(new TimerFired(overdue.Key, overdue.Chat, _time.GetUtcNow(), overdue.DueAt));
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _stopped = true;
            _timer?.Dispose();
            _timer = null;
            _armedFor = null;
            _pending.Clear();
            _queue.Clear();
        }
    }

    private void OnTimer()
    {
        List<Entry>? due = null;
        DateTimeOffset now;
        lock (_gate)
        {
            if (_stopped)
            {
                return;
            }

            _armedFor = null;
            now = _time.GetUtcNow();
            while (_queue.TryPeek(out var entry, out var dueAt) && (entry.Replaced || dueAt <= now))
            {
                _queue.Dequeue();
                if (entry.Replaced)
                {
                    _replaced--;
                    continue;
                }

                _pending.Remove(entry.Key);
                (due ??= []).Add(entry);
            }

            if (_queue.TryPeek(out _, out var next))
            {
                // Also covers a timer that fired a little early: nothing was due yet, so wait for the rest.
                Arm(next);
            }
        }

        if (due is null)
        {
            return;
        }

        foreach (var entry in due)
        {
            _fire(new TimerFired(entry.Key, entry.Chat, now, entry.DueAt));
        }
    }

    /// <summary>Points the one timer at <paramref name="dueAt"/>. Called under the lock.</summary>
    private void Arm(DateTimeOffset dueAt)
    {
        _armedFor = dueAt;
        var delay = dueAt - _time.GetUtcNow();
        if (delay < TimeSpan.FromMilliseconds(1))
        {
            delay = TimeSpan.FromMilliseconds(1);
        }

        if (_timer is null)
        {
            _timer = _time.CreateTimer(static state => ((WakeUpScheduler)state!).OnTimer(), this, delay, Timeout.InfiniteTimeSpan);
        }
        else
        {
            _timer.Change(delay, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Drops replaced entries from the queue once they outnumber the live ones (bounded memory). Called under the lock.</summary>
    private void CompactIfMostlyReplaced()
    {
        if (_replaced <= 1024 || _replaced <= _pending.Count)
        {
            return;
        }

        _queue.Clear();
        foreach (var entry in _pending.Values)
        {
            _queue.Enqueue(entry, entry.DueAt);
        }

        _replaced = 0;
    }

    private sealed class Entry(ConversationKey key, ChatKind chat, DateTimeOffset dueAt)
    {
        public ConversationKey Key { get; } = key;

        public ChatKind Chat { get; } = chat;

        public DateTimeOffset DueAt { get; } = dueAt;

        public bool Replaced { get; set; }
    }
}
