using BreatheBot.DiscordAdapter.State;
using Microsoft.Extensions.Options;

namespace BreatheBot.DiscordAdapter.Gateway;

/// <summary>
/// Spaces Identify calls (at most one per <see cref="DiscordOptions.IdentifyInterval"/>) and keeps a persisted 24-hour count;
/// above <see cref="DiscordOptions.MaxIdentifiesPerDay"/> it refuses, so a reconnect loop cannot burn the daily budget and
/// get the token reset. Only Identify frames actually sent are counted.
/// </summary>
internal sealed class IdentifyLimiter(IOptions<DiscordOptions> options, IDiscordStateStore store, TimeProvider time, IRandomSource random)
{
    private static readonly TimeSpan Day = TimeSpan.FromHours(24);
    private readonly SemaphoreSlim _lock = new(1, 1);
    private DateTimeOffset? _lastIdentify;

    /// <summary>Waits until an Identify may be sent. Returns false when the daily budget is used up.</summary>
    public async Task<bool> WaitAsync(CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var state = await store.LoadAsync(cancellationToken).ConfigureAwait(false);
            var now = time.GetUtcNow();
            var today = state.Identifies.Count(t => now - t < Day);
            if (today >= options.Value.MaxIdentifiesPerDay)
            {
                return false;
            }

            // the stored list also holds other nodes' Identifies when the state is shared: the later of the two counts
            var stored = state.Identifies.DefaultIfEmpty(DateTimeOffset.MinValue).Max();
            var last = _lastIdentify is { } mine && mine > stored ? mine : stored;
            var nextAllowed = last == DateTimeOffset.MinValue ? now : last + options.Value.IdentifyInterval;
            if (nextAllowed > now)
            {
                var extra = options.Value.IdentifyExtraJitterMax * random.NextDouble();
                await Task.Delay(nextAllowed - now + extra, time, cancellationToken).ConfigureAwait(false);
            }

            return true;
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Records an Identify that was sent.</summary>
    public async Task RecordAsync(CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var now = time.GetUtcNow();
            _lastIdentify = now;
            await store.UpdateAsync(state =>
            {
                state.Identifies.RemoveAll(t => now - t >= Day);
                state.Identifies.Add(now);
            }, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _lock.Release();
        }
    }

    public async Task<int> CountTodayAsync(CancellationToken cancellationToken)
    {
        var state = await store.LoadAsync(cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        return state.Identifies.Count(t => now - t < Day);
    }
}
