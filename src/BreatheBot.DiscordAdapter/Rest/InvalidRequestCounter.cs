namespace BreatheBot.DiscordAdapter.Rest;

/// <summary>
/// Counts 401, 403 and non-shared 429 answers in a sliding 10-minute window (Discord bans an IP above 10,000).
/// </summary>
internal sealed class InvalidRequestCounter(TimeProvider time)
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(10);
    private readonly Queue<DateTimeOffset> _hits = new();
    private readonly Lock _lock = new();

    public int Record()
    {
        lock (_lock)
        {
            var now = time.GetUtcNow();
            _hits.Enqueue(now);
            Trim(now);
            return _hits.Count;
        }
    }

    public int Count
    {
        get
        {
            lock (_lock)
            {
                Trim(time.GetUtcNow());
                return _hits.Count;
            }
        }
    }

    private void Trim(DateTimeOffset now)
    {
        while (_hits.Count > 0 && now - _hits.Peek() > Window)
        {
            _hits.Dequeue();
        }
    }
}
