namespace BreatheBot.TelegramAdapter;

/// <summary>
/// When Telegram last reached us, for the host's health check: a getUpdates that answered (polling, an empty answer
/// included), or an authenticated webhook delivery. Holds times only, nothing about chats or updates.
/// </summary>
public sealed class TelegramReceiveStatus(TimeProvider time)
{
    /// <summary>When this status was created (the adapter's start): the age of silence before any sign.</summary>
    public DateTimeOffset CreatedAt { get; } = time.GetUtcNow();

    private long _lastReceivedTicks;
    private long _listeningSinceTicks;

    /// <summary>The last successful getUpdates or webhook delivery, or null before the first.</summary>
    public DateTimeOffset? LastReceivedAt => Read(ref _lastReceivedTicks);

    /// <summary>
    /// Webhook mode: when setWebhook succeeded (the server is listening), or null. On a node standing by while another
    /// node holds the webhook set-up lease: when its getMe succeeded (it serves the webhook that node registered).
    /// </summary>
    public DateTimeOffset? ListeningSince => Read(ref _listeningSinceTicks);

    private long _leadingSinceTicks;
    private int _standingBy;

    /// <summary>
    /// Polling with several nodes: true while another node holds the poller lease, so this one rightly receives
    /// nothing (it takes over when that node stops or dies).
    /// </summary>
    public bool StandingBy => Volatile.Read(ref _standingBy) == 1;

    /// <summary>Polling: when this node last took the poller lease (silence before counts from then), or null.</summary>
    public DateTimeOffset? LeadingSince => Read(ref _leadingSinceTicks);

    internal void Standby() => Volatile.Write(ref _standingBy, 1);

    internal void Leading()
    {
        Interlocked.Exchange(ref _leadingSinceTicks, time.GetUtcNow().UtcTicks);
        Volatile.Write(ref _standingBy, 0);
    }

    internal void Received() => Interlocked.Exchange(ref _lastReceivedTicks, time.GetUtcNow().UtcTicks);

    internal void Listening() => Interlocked.Exchange(ref _listeningSinceTicks, time.GetUtcNow().UtcTicks);

    private static DateTimeOffset? Read(ref long ticks) =>
        Interlocked.Read(ref ticks) is var value and > 0 ? new DateTimeOffset(value, TimeSpan.Zero) : null;
}
