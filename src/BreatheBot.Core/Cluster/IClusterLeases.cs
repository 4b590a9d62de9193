namespace BreatheBot.Core.Cluster;

/// <summary>
/// Named leases shared by every node of a deployment: at most one holder per name at a time. Used for the work only
/// one node may do at once (Telegram's long poller, a Discord gateway shard, registering the webhook).
/// In PostgreSQL mode a lease is a session advisory lock on its own connection, so a holder whose process or
/// connection dies loses it at once and another node's <see cref="TryAcquireAsync"/> then succeeds; there is no
/// membership or failure detection of ours. With one node (LiteDB, tests) <see cref="LocalClusterLeases"/> grants
/// each name to one holder in the process.
/// </summary>
public interface IClusterLeases
{
    /// <summary>The lease on <paramref name="name"/>, or null when another holder has it (never waits for it).</summary>
    ValueTask<IClusterLease?> TryAcquireAsync(string name, CancellationToken cancellationToken);
}

/// <summary>A held lease. Dispose to give it up; <see cref="Lost"/> is cancelled if it is lost without that.</summary>
public interface IClusterLease : IAsyncDisposable
{
    string Name { get; }

    /// <summary>
    /// Cancelled when the lease can no longer be trusted (PostgreSQL: its connection failed a check): stop the work it
    /// guards at once; another node may take it over.
    /// </summary>
    CancellationToken Lost { get; }
}
