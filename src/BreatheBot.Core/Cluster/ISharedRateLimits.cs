namespace BreatheBot.Core.Cluster;

/// <summary>
/// Platform rate limits shared by every node of a deployment (issue 15, "platform limits across nodes"): token buckets
/// by name, and a "blocked until" per name that a platform's 429 retry_after sets so every node waits it out.
/// A request takes its permits from ALL the named buckets at once or from none (a send to a Telegram chat takes one
/// from the bot's global bucket and one from the chat's), so a bucket that says no never wastes another's permit.
/// In PostgreSQL mode each bucket is a row updated in one short round trip; with one node (LiteDB, tests)
/// <see cref="LocalSharedRateLimits"/> grants everything and the adapters' in-process limiters do the work.
/// </summary>
public interface ISharedRateLimits
{
    /// <summary>
    /// True when the limits are shared with other nodes. False: this process is alone, its own limiters already hold the
    /// platform's limits, and callers may skip asking (nothing is ever refused).
    /// </summary>
    bool IsShared { get; }

    /// <summary>
    /// Takes <paramref name="permits"/> from every bucket of <paramref name="buckets"/>, or from none. Refused when a
    /// bucket has too few or a scope is blocked; then <see cref="RatePermit.Wait"/> says how long until it could be
    /// granted (ask again then) and <see cref="RatePermit.LimitedBy"/> which scope refused longest.
    /// Never throws for the store: when it cannot be reached the permit is granted (the in-process limits still hold)
    /// and the failure is logged.
    /// </summary>
    ValueTask<RatePermit> TryTakeAsync(IReadOnlyList<RateBucket> buckets, int permits, CancellationToken cancellationToken);

    /// <summary>
    /// A platform answered 429 with <paramref name="retryAfter"/> for <paramref name="scope"/>: every node's next take
    /// that names the scope waits until then (a later block never shortens an earlier, longer one).
    /// Never throws for the store (logged).
    /// </summary>
    ValueTask BlockAsync(string scope, TimeSpan retryAfter, CancellationToken cancellationToken);
}

/// <summary>
/// A token bucket shared by every node: it holds at most <paramref name="Burst"/> permits and refills at
/// <paramref name="PerSecond"/>, so any one second sees at most <c>PerSecond + Burst</c> permits. A bucket with a rate
/// of 0 (<see cref="BlockOnly"/>) has no budget of its own: only a 429's block on its scope applies.
/// A bucket must refill within <see cref="MaxRefill"/> (a bucket idle that long is full and may be forgotten).
/// </summary>
public sealed record RateBucket(string Scope, double PerSecond, double Burst)
{
    /// <summary>The longest a bucket may take to refill from empty.</summary>
    public static readonly TimeSpan MaxRefill = TimeSpan.FromMinutes(10);

    /// <summary>A scope with no budget of its own, for a 429's block only (a Discord route's bucket).</summary>
    public static RateBucket BlockOnly(string scope) => new(scope, 0, 0);

    /// <summary>Checks the bucket can ever grant <paramref name="permits"/> and refills within <see cref="MaxRefill"/>.</summary>
    public void Validate(int permits)
    {
        ArgumentException.ThrowIfNullOrEmpty(Scope);
        if (PerSecond == 0 && Burst == 0)
        {
            return;
        }

        if (!double.IsFinite(PerSecond) || PerSecond <= 0 || !double.IsFinite(Burst) || Burst < permits)
        {
            throw new ArgumentException($"Rate bucket {Scope}: the rate must be positive and the burst at least the {permits} permits asked for (rate {PerSecond}/s, burst {Burst}).");
        }

        if (Burst / PerSecond > MaxRefill.TotalSeconds)
        {
            throw new ArgumentException($"Rate bucket {Scope}: it would take longer than {MaxRefill} to refill (rate {PerSecond}/s, burst {Burst}).");
        }
    }
}

/// <summary>The answer to a take: granted, or how long to wait and which scope said no.</summary>
public readonly record struct RatePermit(bool Granted, TimeSpan Wait, string? LimitedBy)
{
    public static RatePermit Grant { get; } = new(true, TimeSpan.Zero, null);

    public static RatePermit Refuse(TimeSpan wait, string limitedBy) => new(false, wait, limitedBy);
}
