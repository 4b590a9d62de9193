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

    /// <summary>Webhook mode: when setWebhook succeeded (the server is listening), or null.</summary>
    public DateTimeOffset? ListeningSince => Read(ref _listeningSinceTicks);

    internal void Received() => Interlocked.Exchange(ref _lastReceivedTicks, time.GetUtcNow().UtcTicks);

    internal void Listening() => Interlocked.Exchange(ref _listeningSinceTicks, time.GetUtcNow().UtcTicks);

    private static DateTimeOffset? Read(ref long ticks) =>
        Interlocked.Read(ref ticks) is var value and > 0 ? new DateTimeOffset(value, TimeSpan.Zero) : null;
}
