using System.Collections.Concurrent;

namespace BreatheBot.Core.Cluster;

/// <summary>Leases for a single node: each name has at most one holder in this process; a lease is never lost.</summary>
public sealed class LocalClusterLeases : IClusterLeases
{
    private readonly ConcurrentDictionary<string, Lease> _held = new(StringComparer.Ordinal);

    public ValueTask<IClusterLease?> TryAcquireAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        cancellationToken.ThrowIfCancellationRequested();
        var lease = new Lease(this, name);
        return ValueTask.FromResult<IClusterLease?>(_held.TryAdd(name, lease) ? lease : null);
    }

    private sealed class Lease(LocalClusterLeases owner, string name) : IClusterLease
    {
        public string Name => name;

        public CancellationToken Lost => CancellationToken.None;

        public ValueTask DisposeAsync()
        {
            owner._held.TryRemove(new KeyValuePair<string, Lease>(name, this));
            return ValueTask.CompletedTask;
        }
    }
}
