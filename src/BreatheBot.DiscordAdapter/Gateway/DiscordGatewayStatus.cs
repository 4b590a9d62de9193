namespace BreatheBot.DiscordAdapter.Gateway;

/// <summary>
/// The gateway's pulse, for the host's health check: the connection state, the heartbeat interval Discord asked for,
/// the last heartbeat ACK and the first time a connection became ready. It outlives connections, so a connection that
/// keeps reconnecting without ever being ACKed still ages. Holds times only.
/// </summary>
public sealed class DiscordGatewayStatus(TimeProvider time)
{
    /// <summary>When this status was created (the adapter's start): the age of silence before any sign.</summary>
    public DateTimeOffset CreatedAt { get; } = time.GetUtcNow();

    private long _lastAckTicks;
    private long _firstReadyTicks;
    private long _intervalTicks;
    private long _activeSinceTicks;
    private volatile GatewayState _state = GatewayState.Disconnected;
    private volatile bool _standby;

    public GatewayState State => _state;

    /// <summary>
    /// True while another node owns this node's shard (cluster mode): the gateway is idle on purpose and this node only
    /// sends replies. The health check counts that as healthy.
    /// </summary>
    public bool Standby => _standby;

    /// <summary>When this node last took its shard over (its silence before counts for nothing), or null.</summary>
    public DateTimeOffset? ActiveSince => Read(ref _activeSinceTicks);

    /// <summary>The heartbeat interval of the latest Hello, or null before the first.</summary>
    public TimeSpan? HeartbeatInterval => Interlocked.Read(ref _intervalTicks) is var ticks and > 0 ? TimeSpan.FromTicks(ticks) : null;

    /// <summary>The last heartbeat ACK on any connection, or null before the first.</summary>
    public DateTimeOffset? LastHeartbeatAckAt => Read(ref _lastAckTicks);

    /// <summary>When a connection first became ready (Ready or Resumed), or null.</summary>
    public DateTimeOffset? FirstReadyAt => Read(ref _firstReadyTicks);

    internal void SetState(GatewayState state)
    {
        _state = state;
        if (state == GatewayState.Ready)
        {
            Interlocked.CompareExchange(ref _firstReadyTicks, time.GetUtcNow().UtcTicks, 0);
        }
    }

    internal void SetStandby(bool standby)
    {
        if (!standby)
        {
            Interlocked.Exchange(ref _activeSinceTicks, time.GetUtcNow().UtcTicks);
        }

        _standby = standby;
    }

    internal void Hello(TimeSpan interval) => Interlocked.Exchange(ref _intervalTicks, interval.Ticks);

    internal void HeartbeatAcked() => Interlocked.Exchange(ref _lastAckTicks, time.GetUtcNow().UtcTicks);

    private static DateTimeOffset? Read(ref long ticks) =>
        Interlocked.Read(ref ticks) is var value and > 0 ? new DateTimeOffset(value, TimeSpan.Zero) : null;
}
