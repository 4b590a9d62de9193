using System.Collections.Concurrent;
using BreatheBot.Core.Cluster;

namespace BreatheBot.DiscordAdapter.Tests.Fakes;

/// <summary>Shared documents in memory for several in-process nodes: one lock, so an update is atomic as in PostgreSQL.</summary>
public sealed class InMemorySharedDocuments : ISharedDocuments
{
    private readonly Dictionary<string, string> _documents = new(StringComparer.Ordinal);

    public Task<string?> LoadAsync(string name, CancellationToken cancellationToken)
    {
        lock (_documents)
        {
            return Task.FromResult(_documents.GetValueOrDefault(name));
        }
    }

    public Task<string> UpdateAsync(string name, Func<string?, string> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        lock (_documents)
        {
            var updated = change(_documents.GetValueOrDefault(name));
            _documents[name] = updated;
            return Task.FromResult(updated);
        }
    }
}

/// <summary>
/// Leases shared by in-process nodes (one <see cref="LocalClusterLeases"/> underneath) that count every try and can
/// take a held lease away (<see cref="LoseAllAsync"/>), as a PostgreSQL lease whose connection failed.
/// </summary>
public sealed class ObservedClusterLeases : IClusterLeases
{
    private readonly LocalClusterLeases _inner = new();
    private readonly ConcurrentDictionary<ObservedLease, byte> _held = new();
    private int _tries;
    private int _granted;

    public int Tries => Volatile.Read(ref _tries);

    public int Granted => Volatile.Read(ref _granted);

    public int HeldCount => _held.Count;

    public async ValueTask<IClusterLease?> TryAcquireAsync(string name, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _tries);
        var inner = await _inner.TryAcquireAsync(name, cancellationToken);
        if (inner is null)
        {
            return null;
        }

        Interlocked.Increment(ref _granted);
        var lease = new ObservedLease(this, inner);
        _held.TryAdd(lease, 0);
        return lease;
    }

    /// <summary>Every held lease is lost (Lost fires) and freed, as when the holder's database connection dies.</summary>
    public async Task LoseAllAsync()
    {
        foreach (var lease in _held.Keys)
        {
            await lease.LoseAsync();
        }
    }

    private sealed class ObservedLease(ObservedClusterLeases owner, IClusterLease inner) : IClusterLease
    {
        private readonly CancellationTokenSource _lost = new();
        private int _released;

        public string Name => inner.Name;

        public CancellationToken Lost => _lost.Token;

        public async Task LoseAsync()
        {
            await ReleaseAsync();
            await _lost.CancelAsync();
        }

        public ValueTask DisposeAsync() => ReleaseAsync();

        private async ValueTask ReleaseAsync()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                owner._held.TryRemove(this, out _);
                await inner.DisposeAsync();
            }
        }
    }
}

/// <summary>Shared documents that fail like a database that went away while <see cref="Failing"/> is set.</summary>
public sealed class FlakySharedDocuments : ISharedDocuments
{
    private readonly InMemorySharedDocuments _inner = new();
    private int _failures;

    public volatile bool Failing;

    public int Failures => Volatile.Read(ref _failures);

    public Task<string?> LoadAsync(string name, CancellationToken cancellationToken) =>
        Failing ? Fail<string?>() : _inner.LoadAsync(name, cancellationToken);

    public Task<string> UpdateAsync(string name, Func<string?, string> change, CancellationToken cancellationToken) =>
        Failing ? Fail<string>() : _inner.UpdateAsync(name, change, cancellationToken);

    private Task<T> Fail<T>()
    {
        Interlocked.Increment(ref _failures);
        return Task.FromException<T>(new DatabaseAwayException());
    }

    private sealed class DatabaseAwayException() : System.Data.Common.DbException("the database went away");
}
