namespace BreatheBot.DiscordAdapter.Gateway;

/// <summary>Exponential backoff with full jitter: a random delay in [0, min(cap, base * 2^attempt)).</summary>
internal sealed class ReconnectBackoff(TimeSpan baseDelay, TimeSpan cap, IRandomSource random)
{
    public int Attempt { get; private set; }

    public TimeSpan Next()
    {
        var exponent = Math.Min(Attempt, 30);
        var ceiling = Math.Min(cap.TotalMilliseconds, baseDelay.TotalMilliseconds * Math.Pow(2, exponent));
        Attempt++;
        return TimeSpan.FromMilliseconds(ceiling * random.NextDouble());
    }

    public void Reset() => Attempt = 0;
}
