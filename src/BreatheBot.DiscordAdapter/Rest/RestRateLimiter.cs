using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Headers;

namespace BreatheBot.DiscordAdapter.Rest;

/// <summary>
/// Per-route buckets as Discord describes them: keyed <c>route:major</c> until a response names the bucket hash,
/// then <c>hash:major</c>, so routes sharing a limit share one FIFO queue. One request in flight per bucket; a bucket
/// with nothing remaining waits for its reset (plus a little slack) before sending. A global gate (50/s for bot-token
/// routes, and any global 429) sits in front of every bot-token request.
/// Idle buckets are evicted by a sweep that runs at most once per <see cref="SweepInterval"/>: every interaction callback
/// has its own bucket (its major parameter is the interaction id), so at 200 interactions/s there are tens of thousands
/// of buckets within the idle window, and sweeping on every request made each request cost O(buckets) (B9).
/// </summary>
internal sealed class RestRateLimiter(TimeProvider time)
{
    private const int GlobalPerSecond = 50;
    private const int SweepAbove = 256;
    private static readonly TimeSpan IdleEviction = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<string, string> _routeHashes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, RateLimitBucket> _buckets = new(StringComparer.Ordinal);
    private readonly Lock _globalLock = new();
    private DateTimeOffset _globalUntil;
    private DateTimeOffset _windowStart;
    private int _windowCount;
    private long _nextSweepTicks;
    private int _sweeps;

    public int BucketCount => _buckets.Count;

    /// <summary>Until when every bot-token request waits after a global 429 (for tests and diagnostics).</summary>
    internal DateTimeOffset GlobalPauseUntil
    {
        get
        {
            lock (_globalLock)
            {
                return _globalUntil;
            }
        }
    }

    /// <summary>How many times idle buckets were looked for (for tests).</summary>
    internal int SweepCount => Volatile.Read(ref _sweeps);

    public RateLimitBucket GetBucket(RestRoute route)
    {
        var key = _routeHashes.TryGetValue(route.RouteKey, out var hash)
            ? hash + ":" + route.Major
            : route.RouteKey + ":" + route.Major;
        var bucket = _buckets.GetOrAdd(key, static k => new RateLimitBucket(k));
        var now = time.GetUtcNow();
        bucket.LastUsed = now;
        var due = Interlocked.Read(ref _nextSweepTicks);
        if (now.UtcTicks >= due && _buckets.Count > SweepAbove
            && Interlocked.CompareExchange(ref _nextSweepTicks, (now + SweepInterval).UtcTicks, due) == due)
        {
            Sweep(now);
        }

        return bucket;
    }

    public async Task WaitGlobalAsync(bool botAuth, CancellationToken cancellationToken)
    {
        if (!botAuth)
        {
            return; // interaction callbacks and webhook-token routes are not under the global limit
        }

        while (true)
        {
            TimeSpan wait;
            lock (_globalLock)
            {
                var now = time.GetUtcNow();
                if (_globalUntil > now)
                {
                    wait = _globalUntil - now;
                }
                else
                {
                    if (now - _windowStart >= TimeSpan.FromSeconds(1))
                    {
                        _windowStart = now;
                        _windowCount = 0;
                    }

                    if (_windowCount < GlobalPerSecond)
                    {
                        _windowCount++;
                        return;
                    }

                    wait = _windowStart + TimeSpan.FromSeconds(1) - now;
                }
            }

            await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
        }
    }

    public void SetGlobalPause(TimeSpan retryAfter)
    {
        lock (_globalLock)
        {
            var until = time.GetUtcNow() + retryAfter;
            if (until > _globalUntil)
            {
                _globalUntil = until;
            }
        }
    }

    /// <summary>Reads the X-RateLimit-* headers of a response into the bucket (and into the shared hash bucket).</summary>
    public void Update(RestRoute route, RateLimitBucket bucket, HttpResponseHeaders headers)
    {
        var limit = ParseInt(headers, "X-RateLimit-Limit");
        var remaining = ParseInt(headers, "X-RateLimit-Remaining");
        var resetAfter = ParseSeconds(headers, "X-RateLimit-Reset-After");
        var hash = Header(headers, "X-RateLimit-Bucket");
        var now = time.GetUtcNow();

        RateLimitBucket? shared = null;
        if (!string.IsNullOrEmpty(hash))
        {
            _routeHashes[route.RouteKey] = hash;
            shared = _buckets.GetOrAdd(hash + ":" + route.Major, static k => new RateLimitBucket(k));
            shared.LastUsed = now;
        }

        if (remaining is null || resetAfter is null)
        {
            return;
        }

        bucket.Apply(limit, remaining.Value, now + resetAfter.Value);
        if (shared is not null && !ReferenceEquals(shared, bucket))
        {
            shared.Apply(limit, remaining.Value, now + resetAfter.Value);
        }
    }

    internal static string? Header(HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    internal static int? ParseInt(HttpResponseHeaders headers, string name) =>
        int.TryParse(Header(headers, name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : null;

    /// <summary>Seconds with decimals, always parsed with the invariant culture ("0.25" is never 25).</summary>
    internal static TimeSpan? ParseSeconds(HttpResponseHeaders headers, string name) => ParseSeconds(Header(headers, name));

    internal static TimeSpan? ParseSeconds(string? value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0 && seconds < 86_400
            ? TimeSpan.FromSeconds(seconds)
            : null;

    private void Sweep(DateTimeOffset now)
    {
        Interlocked.Increment(ref _sweeps);
        var cutoff = now - IdleEviction;
        foreach (var (key, bucket) in _buckets)
        {
            if (bucket.LastUsed < cutoff && bucket.Gate.CurrentCount == 1)
            {
                _buckets.TryRemove(key, out _);
            }
        }
    }
}

internal sealed class RateLimitBucket(string key)
{
    private readonly Lock _lock = new();

    public string Key { get; } = key;

    public SemaphoreSlim Gate { get; } = new(1, 1);

    public int? Limit { get; private set; }

    public int? Remaining { get; private set; }

    public DateTimeOffset ResetAt { get; private set; }

    public DateTimeOffset LastUsed { get; set; }

    public void Apply(int? limit, int remaining, DateTimeOffset resetAt)
    {
        lock (_lock)
        {
            Limit = limit ?? Limit;
            Remaining = remaining;
            ResetAt = resetAt;
        }
    }

    /// <summary>A 429 for the whole bucket: nothing remains until <paramref name="resetAt"/>.</summary>
    public void Exhaust(DateTimeOffset resetAt) => Apply(Limit, 0, resetAt);

    public TimeSpan WaitNeeded(DateTimeOffset now, TimeSpan slack)
    {
        lock (_lock)
        {
            if (ResetAt <= now)
            {
                if (Remaining == 0)
                {
                    Remaining = Limit; // the window has reset
                }

                return TimeSpan.Zero;
            }

            return Remaining == 0 ? ResetAt - now + slack : TimeSpan.Zero;
        }
    }

    /// <summary>An in-flight request counts against the remaining budget.</summary>
    public void ConsumeLocal()
    {
        lock (_lock)
        {
            if (Remaining > 0)
            {
                Remaining--;
            }
        }
    }
}
