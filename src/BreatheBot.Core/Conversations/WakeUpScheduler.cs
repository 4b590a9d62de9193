using BreatheBot.Core.Messaging;

namespace BreatheBot.Core.Conversations;

/// <summary>
/// Holds at most one pending wake-up per conversation on the injected <see cref="TimeProvider"/>.
/// A newer schedule replaces the older one; a fired wake-up is handed to the thread pool, never run on the timer.
/// </summary>
internal sealed class WakeUpScheduler : IDisposable
{
    private readonly TimeProvider _time;
    private readonly Action<TimerFired> _fire;
    private readonly Dictionary<ConversationKey, Entry> _pending = [];
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
            lock (_pending)
            {
                return _pending.Count;
            }
        }
    }

    public void Schedule(ConversationKey key, ChatKind chat, DateTimeOffset? dueAt)
    {
        Entry? entry = null;
        lock (_pending)
        {
            if (_pending.Remove(key, out var previous))
            {
                previous.Timer?.Dispose();
            }

            if (dueAt is null || _stopped)
            {
                return;
            }

            entry = new Entry(this, key, chat, dueAt.Value);
            _pending[key] = entry;
        }

        var delay = dueAt.Value - _time.GetUtcNow();
        if (delay < TimeSpan.Zero)
        {
            delay = TimeSpan.Zero;
        }

        // Created outside the lock: a timer that is already due may fire on this thread.
        var timer = _time.CreateTimer(static state => ((Entry)state!).Fire(), entry, delay, Timeout.InfiniteTimeSpan);
        lock (_pending)
        {
            entry.Timer = timer;
            if (entry.Fired || !_pending.TryGetValue(key, out var current) || !ReferenceEquals(current, entry))
            {
                timer.Dispose();
            }
        }
    }

    public void Dispose()
    {
        lock (_pending)
        {
            _stopped = true;
            foreach (var entry in _pending.Values)
            {
                entry.Timer?.Dispose();
            }

            _pending.Clear();
        }
    }

    private void OnFire(Entry entry)
    {
        lock (_pending)
        {
            if (_stopped || !_pending.TryGetValue(entry.Key, out var current) || !ReferenceEquals(current, entry))
            {
                return;
            }

            _pending.Remove(entry.Key);
            entry.Fired = true;
        }

        _fire(new TimerFired(entry.Key, entry.Chat, _time.GetUtcNow(), entry.DueAt));
    }

    private sealed class Entry(WakeUpScheduler owner, ConversationKey key, ChatKind chat, DateTimeOffset dueAt)
    {
        public ConversationKey Key { get; } = key;

        public ChatKind Chat { get; } = chat;

        public DateTimeOffset DueAt { get; } = dueAt;

        public ITimer? Timer { get; set; }

        public bool Fired { get; set; }

        public void Fire() => owner.OnFire(this);
    }
}
