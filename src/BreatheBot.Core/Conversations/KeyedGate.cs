namespace BreatheBot.Core.Conversations;

/// <summary>
/// One asynchronous gate per conversation: turns of the same conversation run one at a time, in arrival order
/// (SemaphoreSlim queues waiters first-in first-out); different conversations never wait for each other.
/// Entries are removed when nobody holds or waits for them, so memory follows live conversations only.
/// </summary>
internal sealed class KeyedGate<TKey>
    where TKey : notnull
{
    private readonly Dictionary<TKey, Entry> _entries = [];

    public int Count
    {
        get
        {
            lock (_entries)
            {
                return _entries.Count;
            }
        }
    }

    public async ValueTask<Lease> AcquireAsync(TKey key, CancellationToken cancellationToken)
    {
        Entry entry;
        lock (_entries)
        {
            if (!_entries.TryGetValue(key, out entry!))
            {
                entry = new Entry();
                _entries.Add(key, entry);
            }

            entry.References++;
        }

        try
        {
            await entry.Semaphore.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            Dereference(key, entry);
            throw;
        }

        return new Lease(this, key, entry);
    }

    private void Dereference(TKey key, Entry entry)
    {
        lock (_entries)
        {
            if (--entry.References == 0)
            {
                _entries.Remove(key);
                entry.Semaphore.Dispose();
            }
        }
    }

    internal sealed class Entry
    {
        public SemaphoreSlim Semaphore { get; } = new(1, 1);

        public int References { get; set; }
    }

    /// <summary>Held while a turn (and its delivery) runs; disposing it lets the next turn in.</summary>
    public sealed class Lease : IDisposable
    {
        private readonly KeyedGate<TKey> _owner;
        private readonly TKey _key;
        private Entry? _entry;

        internal Lease(KeyedGate<TKey> owner, TKey key, Entry entry)
        {
            _owner = owner;
            _key = key;
            _entry = entry;
        }

        public void Dispose()
        {
            var entry = Interlocked.Exchange(ref _entry, null);
            if (entry is null)
            {
                return;
            }

            entry.Semaphore.Release();
            _owner.Dereference(_key, entry);
        }
    }
}
