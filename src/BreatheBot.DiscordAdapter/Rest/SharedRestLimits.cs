using BreatheBot.Core.Cluster;
using Microsoft.Extensions.Logging;

namespace BreatheBot.DiscordAdapter.Rest;

/// <summary>
/// Several nodes (PostgreSQL mode): every bot-token request, after this node's own buckets and 50/s gate, also takes
/// a permit from the global bucket all nodes share (<see cref="DiscordOptions.ClusterRequestsPerSecond"/>, bursts of a
/// twentieth of it) and waits out any 429 another node was given for the same route (or globally). A 429 for a whole
/// bucket or a global one is shared in turn; a sub-limit or shared-resource 429 stays with its own request, as on one
/// node. Interaction callbacks and webhook-token routes are not under the global limit and never ask.
/// One request of this node asks at a time, and a refusal by the global bucket holds every request of the node until
/// its wait has passed, so many waiting requests cost one question per permit, not one each.
/// </summary>
internal sealed class SharedRestLimits(ISharedRateLimits limits, DiscordOptions options, TimeProvider time, ILogger logger) : IDisposable
{
    public const string GlobalScope = "discord:global";

    private readonly RateBucket _global = new(GlobalScope, options.ClusterRequestsPerSecond, Math.Max(1, options.ClusterRequestsPerSecond / 20));
    private readonly SemaphoreSlim _asking = new(1, 1);
    private long _pausedUntilTicks;

    /// <summary>The scope of a route's 429 blocks: its route key and major parameter, the same on every node.</summary>
    public static string RouteScope(RestRoute route) => "discord:route:" + route.RouteKey + ":" + route.Major;

    public async Task WaitAsync(RestRoute route, CancellationToken cancellationToken)
    {
        IReadOnlyList<RateBucket> buckets = [_global, RateBucket.BlockOnly(RouteScope(route))];
        while (true)
        {
            var paused = PausedFor();
            if (paused > TimeSpan.Zero)
            {
                await Task.Delay(paused, time, cancellationToken).ConfigureAwait(false);
                continue;
            }

            RatePermit permit;
            await _asking.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (PausedFor() > TimeSpan.Zero)
                {
                    continue; // refused while this one waited to ask: wait with the others
                }

                permit = await limits.TryTakeAsync(buckets, 1, cancellationToken).ConfigureAwait(false);
                if (!permit.Granted && permit.LimitedBy == GlobalScope)
                {
                    var until = (time.GetUtcNow() + permit.Wait).UtcTicks;
                    Interlocked.Exchange(ref _pausedUntilTicks, Math.Max(until, Interlocked.Read(ref _pausedUntilTicks)));
                }
            }
            finally
            {
                _asking.Release();
            }

            if (permit.Granted)
            {
                return;
            }

            if (permit.LimitedBy != GlobalScope)
            {
                Log.SharedLimitWait(logger, route.RouteKey, (long)permit.Wait.TotalMilliseconds);
                await Task.Delay(permit.Wait, time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public ValueTask BlockGlobalAsync(TimeSpan retryAfter, CancellationToken cancellationToken) =>
        limits.BlockAsync(GlobalScope, retryAfter, cancellationToken);

    public ValueTask BlockRouteAsync(RestRoute route, TimeSpan retryAfter, CancellationToken cancellationToken) =>
        limits.BlockAsync(RouteScope(route), retryAfter, cancellationToken);

    public void Dispose() => _asking.Dispose();

    private TimeSpan PausedFor() => new DateTimeOffset(Interlocked.Read(ref _pausedUntilTicks), TimeSpan.Zero) - time.GetUtcNow();
}
