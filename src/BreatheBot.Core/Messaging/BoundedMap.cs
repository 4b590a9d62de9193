namespace BreatheBot.Core.Messaging;

/// <summary>
/// A thread-safe map with a size and an age bound, for what adapters remember per person or chat in memory (which
/// message a slot lives in, a person's DM channel, a group's topic). Adding beyond <see cref="Capacity"/> evicts the
/// least recently used entry; an entry not used for <see cref="MaxAge"/> counts as gone. Everything kept this way must
/// be safe to forget: the adapter then falls back (an edit becomes a new message, a DM channel is opened again).
/// </summary>
public sealed class BoundedMap<TKey, TValue>
    where TKey : notnull
{
    private readonly Dictionary<TKey, LinkedListNode<Entry>> _entries;
    private readonly LinkedList<Entry> _byUse = new(); // least recently used first
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();

    public BoundedMap(int capacity, TimeSpan maxAge, TimeProvider time, IEqualityComparer<TKey>? comparer = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(maxAge, TimeSpan.Zero);
        ArgumentNullException.ThrowIfNull(time);
        Capacity = capacity;
        MaxAge = maxAge;
        _time = time;
        _entries = new Dictionary<TKey, LinkedListNode<Entry>>(comparer);
    }

    public int Capacity { get; }

    public TimeSpan MaxAge { get; }

    /// <summary>Entries held now (expired ones included until the next write removes them).</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>Looks a key up; a hit counts as a use (it moves to the back of the eviction order).</summary>
    public bool TryGetValue(TKey key, out TValue value)
    {
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            if (_entries.TryGetValue(key, out var node))
            {
                if (now - node.Value.LastUsed < MaxAge)
                {
                    node.Value.LastUsed = now;
                    _byUse.Remove(node);
                    _byUse.AddLast(node);
                    value = node.Value.Value;
                    return true;
                }

                RemoveNode(node);
            }

            value = default!;
            return false;
        }
    }

    /// <summary>Adds or replaces a value, then trims expired entries and, beyond the capacity, the least recently used.</summary>
    public void Set(TKey key, TValue value)
    {
        lock (_lock)
        {
            SetLocked(key, value);
        }
    }

    /// <summary>Adds a value only when the key is absent (or expired). True when it was added.</summary>
    public bool TryAdd(TKey key, TValue value)
    {
        lock (_lock)
        {
            if (_entries.TryGetValue(key, out var node) && _time.GetUtcNow() - node.Value.LastUsed < MaxAge)
            {
                return false;
            }

            SetLocked(key, value);
            return true;
        }
    }

    public bool Remove(TKey key) => Remove(key, out _);

    public bool Remove(TKey key, out TValue value)
    {
        lock (_lock)
        {
            if (_entries.TryGetValue(key, out var node))
            {
                RemoveNode(node);
                value = node.Value.Value;
                return true;
            }

            value = default!;
            return false;
        }
    }

    /// <summary>Removes every entry whose key matches and returns them (e.g. to move a chat's entries after a migration).</summary>
    public IReadOnlyList<KeyValuePair<TKey, TValue>> RemoveWhere(Func<TKey, bool> match)
    {
        ArgumentNullException.ThrowIfNull(match);
        lock (_lock)
        {
            var removed = new List<KeyValuePair<TKey, TValue>>();
            for (var node = _byUse.First; node is not null;)
            {
                var next = node.Next;
                if (match(node.Value.Key))
                {
                    removed.Add(new(node.Value.Key, node.Value.Value));
                    RemoveNode(node);
                }

                node = next;
            }

            return removed;
        }
    }

    private void SetLocked(TKey key, TValue value)
    {
        var now = _time.GetUtcNow();
        if (_entries.TryGetValue(key, out var node))
        {
            node.Value.Value = value;
            node.Value.LastUsed = now;
            _byUse.Remove(node);
            _byUse.AddLast(node);
        }
        else
        {
            _entries[key] = _byUse.AddLast(new Entry(key, value, now));
        }

        Trim(now);
    }

    private void Trim(DateTimeOffset now)
    {
        while (_byUse.First is { } oldest && (_entries.Count > Capacity || now - oldest.Value.LastUsed >= MaxAge))
        {
            RemoveNode(oldest);
        }
    }

    private void RemoveNode(LinkedListNode<Entry> node)
    {
        _byUse.Remove(node);
        _entries.Remove(node.Value.Key);
    }

    private sealed class Entry(TKey key, TValue value, DateTimeOffset lastUsed)
    {
        public TKey Key { get; } = key;

        public TValue Value { get; set; } = value;

        public DateTimeOffset LastUsed { get; set; } = lastUsed;
    }
}
