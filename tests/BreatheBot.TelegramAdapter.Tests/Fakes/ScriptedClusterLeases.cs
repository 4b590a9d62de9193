using BreatheBot.Core.Cluster;

namespace BreatheBot.TelegramAdapter.Tests.Fakes;

/// <summary>
/// Cluster leases a test hands out and takes away: a try succeeds while <see cref="Available"/> and nobody holds the
/// name; <see cref="Lose"/> cancels the held lease's <see cref="IClusterLease.Lost"/> (as PostgreSQL does when the
/// lease's connection fails), and the lease stays held until its holder disposes it.
/// </summary>
public sealed class ScriptedClusterLeases : IClusterLeases
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Lease> _held = new(StringComparer.Ordinal);
    private int _tries;
    private int _released;

    public bool Available { get; set; } = true;

    /// <summary>Every call of TryAcquireAsync, taken or not.</summary>
    public int Tries => Volatile.Read(ref _tries);

    /// <summary>Leases given back (disposed) by their holder.</summary>
    public int Released => Volatile.Read(ref _released);

    public ValueTask<IClusterLease?> TryAcquireAsync(string name, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _tries);
        lock (_gate)
        {
            if (!Available || _held.ContainsKey(name))
            {
                return ValueTask.FromResult<IClusterLease?>(null);
            }

            var lease = new Lease(this, name);
            _held[name] = lease;
            return ValueTask.FromResult<IClusterLease?>(lease);
        }
    }

    public bool Holds(string name)
    {
        lock (_gate)
        {
            return _held.ContainsKey(name);
        }
    }

    /// <summary>The lease on <paramref name="name"/> is lost: its Lost token is cancelled.</summary>
    public void Lose(string name)
    {
        Lease lease;
        lock (_gate)
        {
            lease = _held[name];
        }

        lease.LostSource.Cancel();
    }

    private sealed class Lease(ScriptedClusterLeases owner, string name) : IClusterLease
    {
        public CancellationTokenSource LostSource { get; } = new();

        public string Name => name;

        public CancellationToken Lost => LostSource.Token;

        public ValueTask DisposeAsync()
        {
            lock (owner._gate)
            {
                if (owner._held.TryGetValue(name, out var held) && held == this)
                {
                    owner._held.Remove(name);
                    Interlocked.Increment(ref owner._released);
                }
            }

            return ValueTask.CompletedTask;
        }
    }
}
