namespace BreatheBot.Core.Cluster;

/// <summary>
/// Counts failed attempts at handling one delivery from a platform (a Telegram update), so that a delivery whose turn
/// did not become durable is retried a bounded number of times in all: a passing error loses nothing, and a delivery
/// that can never be handled cannot stop receiving for good. In PostgreSQL mode the count is shared by every node (a
/// webhook's retry may land on another node behind the load balancer); with one node it is
/// <see cref="LocalDeliveryAttempts"/>. Counts nobody clears are forgotten after a while (a day, or a bounded number).
/// </summary>
public interface IDeliveryAttempts
{
    /// <summary>Records a failed attempt at <paramref name="deliveryId"/>; returns its number across all nodes (1 for the first).</summary>
    ValueTask<int> FailedAsync(string platform, string deliveryId, CancellationToken cancellationToken);

    /// <summary>Forgets a delivery that was handled (or given up).</summary>
    ValueTask DoneAsync(string platform, string deliveryId, CancellationToken cancellationToken);
}
