namespace BreatheBot.Core.Cluster;

/// <summary>
/// Failed attempts counted in memory, for a single node. Thread-safe; remembers at most <see cref="Capacity"/>
/// deliveries (the oldest first recorded is forgotten first).
/// </summary>
public sealed class LocalDeliveryAttempts : IDeliveryAttempts
{
    /// <summary>How many deliveries with failures are remembered at most.</summary>
    public const int Capacity = 1_000;

    private readonly Dictionary<(string Platform, string DeliveryId), int> _failures = [];
    private readonly Queue<(string Platform, string DeliveryId)> _order = new();
    private readonly Lock _gate = new();
    private readonly int _capacity;

    public LocalDeliveryAttempts()
        : this(Capacity)
    {
    }

    internal LocalDeliveryAttempts(int capacity) => _capacity = capacity;

    public ValueTask<int> FailedAsync(string platform, string deliveryId, CancellationToken cancellationToken)
    {
        var key = (platform, deliveryId);
        lock (_gate)
        {
            if (_failures.TryGetValue(key, out var failures))
            {
                _failures[key] = ++failures;
                return ValueTask.FromResult(failures);
            }

            _failures[key] = 1;
            _order.Enqueue(key);
            while (_order.Count > _capacity)
            {
                _failures.Remove(_order.Dequeue());
            }

            return ValueTask.FromResult(1);
        }
    }

    public ValueTask DoneAsync(string platform, string deliveryId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _failures.Remove((platform, deliveryId));
        }

        return ValueTask.CompletedTask;
    }
}
