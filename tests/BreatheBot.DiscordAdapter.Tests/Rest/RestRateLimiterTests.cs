using BreatheBot.DiscordAdapter.Rest;
using Microsoft.Extensions.Time.Testing;

namespace BreatheBot.DiscordAdapter.Tests.Rest;

/// <summary>Bucket bookkeeping at interaction rates (found by B9: every interaction callback has a bucket of its own).</summary>
public sealed class RestRateLimiterTests
{
    private static RestRoute Callback(int i) => RestRoute.InteractionCallback(i.ToString(System.Globalization.CultureInfo.InvariantCulture), "itok-" + i, withResponse: true);

    [Fact]
    public void GetBucket_for_thousands_of_interactions_within_seconds_looks_for_idle_buckets_at_most_once()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 29, 9, 0, 0, TimeSpan.Zero));
        var limiter = new RestRateLimiter(time);

        for (var i = 0; i < 2_000; i++)
        {
            limiter.GetBucket(Callback(i));
            time.Advance(TimeSpan.FromMilliseconds(1)); // 1,000 interactions a second
        }

        Assert.Equal(2_000, limiter.BucketCount);
        Assert.True(limiter.SweepCount <= 1, $"{limiter.SweepCount} sweeps over 2,000 buckets for 2,000 requests in 2 s: each request paid for all buckets");
    }

    [Fact]
    public void GetBucket_after_the_idle_window_still_evicts_idle_buckets()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 29, 9, 0, 0, TimeSpan.Zero));
        var limiter = new RestRateLimiter(time);
        for (var i = 0; i < 1_000; i++)
        {
            limiter.GetBucket(Callback(i));
        }

        time.Advance(TimeSpan.FromMinutes(6));
        limiter.GetBucket(Callback(1_000));

        Assert.Equal(1, limiter.BucketCount);
    }
}
