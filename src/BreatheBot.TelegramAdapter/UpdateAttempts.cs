namespace BreatheBot.TelegramAdapter;

/// <summary>
/// Counts failed attempts at handling each update, so that an update whose turn did not become durable is retried
/// (not confirmed) a bounded number of times: a passing storage error loses nothing, and an update that can never be
/// handled cannot stop receiving for good. Thread-safe; remembers a bounded number of updates.
/// </summary>
internal sealed class UpdateAttempts(int maxAttempts, int capacity = 1_000)
{
    private readonly Dictionary<int, int> _failures = [];
    private readonly Queue<int> _order = new();
    private readonly Lock _gate = new();

    public int MaxAttempts => maxAttempts;

    /// <summary>Records a failed attempt; returns its number (1 for the first failure).</summary>
    public int Failed(int updateId)
    {
        lock (_gate)
        {
            if (_failures.TryGetValue(updateId, out var failures))
            {
                _failures[updateId] = ++failures;
                return failures;
            }

            _failures[updateId] = 1;
            _order.Enqueue(updateId);
            while (_order.Count > capacity)
            {
                _failures.Remove(_order.Dequeue());
            }

            return 1;
        }
    }

    /// <summary>True while <paramref name="attempt"/> (from <see cref="Failed"/>) leaves another try.</summary>
    public bool MayRetry(int attempt) => attempt < maxAttempts;

    /// <summary>Forgets an update that was handled (or given up).</summary>
    public void Done(int updateId)
    {
        lock (_gate)
        {
            _failures.Remove(updateId);
        }
    }
}
