namespace BreatheBot.Core.Cluster;

/// <summary>
/// Shared limits for a single node: nothing to share, so everything is granted and nothing blocked here. The adapters'
/// in-process limiters (Telegram's outbox, Discord's REST limiter) keep the platforms' limits, exactly as before.
/// </summary>
public sealed class LocalSharedRateLimits : ISharedRateLimits
{
    public bool IsShared => false;

    public ValueTask<RatePermit> TryTakeAsync(IReadOnlyList<RateBucket> buckets, int permits, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(buckets);
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(RatePermit.Grant);
    }

    public ValueTask BlockAsync(string scope, TimeSpan retryAfter, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(scope);
        return ValueTask.CompletedTask;
    }

    public ValueTask ReleaseAsync(IReadOnlyList<RateBucket> buckets, long holder, bool sent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(buckets);
        return ValueTask.CompletedTask;
    }
}
