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

    /// <summary>
    /// The request a grant (<see cref="RatePermit.Holder"/>) was for is done: <paramref name="sent"/> true when it may
    /// have reached the platform (whatever it answered), and each counted bucket of <paramref name="buckets"/> then
    /// counts it for the bucket's <see cref="RateBucket.Window"/> from now; false when it was never made (the permit
    /// goes back). Never throws for the store (logged; an unreleased send stops counting when its
    /// <see cref="RateBucket.Hold"/> passes).
    /// </summary>
    ValueTask ReleaseAsync(IReadOnlyList<RateBucket> buckets, long holder, bool sent, CancellationToken cancellationToken);
}

/// <summary>
/// A limit shared by every node, of one of three kinds:
/// <list type="bullet">
/// <item>a token bucket: it holds at most <paramref name="Burst"/> permits and refills at <paramref name="PerSecond"/>,
/// so any one second sees at most <c>PerSecond + Burst</c> permits granted (Discord's global budget);</item>
/// <item>counted sends (<see cref="Counted"/>): at most <paramref name="Burst"/> requests counted at once, each counted
/// from its grant until <see cref="Window"/> after its release. The platform sees a request somewhere between its grant
/// and its answer, so it never sees more than the limit within one window, however late a loaded node's request
/// travels (Telegram's chat, group and global limits);</item>
/// <item>block only (<see cref="BlockOnly"/>): no budget of its own, only a 429's block on its scope applies.</item>
/// </list>
/// A bucket must refill (or a window pass) within <see cref="MaxRefill"/> (a bucket idle that long may be forgotten).
/// </summary>
public sealed record RateBucket(string Scope, double PerSecond, double Burst)
{
    /// <summary>The longest a bucket may take to refill from empty.</summary>
    public static readonly TimeSpan MaxRefill = TimeSpan.FromMinutes(10);

    /// <summary>Counted sends: how long a released request still counts. Zero for the other kinds.</summary>
    public TimeSpan Window { get; init; }

    /// <summary>
    /// Counted sends: how long a request may take before it counts as answered anyway. A request never released (its
    /// node died) counts this long plus <see cref="Window"/> from its grant.
    /// </summary>
    public TimeSpan Hold { get; init; }

    /// <summary>True for counted sends (<see cref="Counted"/>).</summary>
    public bool IsCounted => Window > TimeSpan.Zero;

    /// <summary>A scope with no budget of its own, for a 429's block only (a Discord route's bucket).</summary>
    public static RateBucket BlockOnly(string scope) => new(scope, 0, 0);

    /// <summary>
    /// At most <paramref name="limit"/> requests counted at once: each from its grant until <paramref name="window"/>
    /// after its release, or until <paramref name="hold"/> plus <paramref name="window"/> after its grant when it is
    /// never released.
    /// </summary>
    public static RateBucket Counted(string scope, int limit, TimeSpan window, TimeSpan hold) =>
        new(scope, 0, limit) { Window = window, Hold = hold };

    /// <summary>Checks the bucket can ever grant <paramref name="permits"/> and refills within <see cref="MaxRefill"/>.</summary>
    public void Validate(int permits)
    {
        ArgumentException.ThrowIfNullOrEmpty(Scope);
        if (IsCounted || Hold != TimeSpan.Zero)
        {
            if (PerSecond != 0 || Burst < 1 || Burst != Math.Floor(Burst) || permits != 1
                || Window <= TimeSpan.Zero || Window > MaxRefill || Hold <= TimeSpan.Zero || Hold > MaxRefill)
            {
                throw new ArgumentException($"Rate bucket {Scope}: counted sends take one permit at a time, from a whole limit of at least 1, with a window and a hold above zero and at most {MaxRefill} (limit {Burst}, window {Window}, hold {Hold}, {permits} permits asked for).");
            }

            return;
        }

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

/// <summary>
/// The answer to a take: granted, or how long to wait and which scope said no. A grant that counts a request in
/// counted buckets carries its <see cref="Holder"/>, to release it with; 0 when nothing was counted.
/// </summary>
public readonly record struct RatePermit(bool Granted, TimeSpan Wait, string? LimitedBy)
{
    public static RatePermit Grant { get; } = new(true, TimeSpan.Zero, null);

    /// <summary>The request's id in the counted buckets, for <see cref="ISharedRateLimits.ReleaseAsync"/>; 0 when none counts it.</summary>
    public long Holder { get; init; }

    public static RatePermit Refuse(TimeSpan wait, string limitedBy) => new(false, wait, limitedBy);
}
