namespace BreatheBot.DiscordAdapter.Gateway;

/// <summary>The result of one receive: a whole message (all frames joined), or the end of the connection.</summary>
internal readonly record struct TransportReceive(ReadOnlyMemory<byte> Message, bool Closed, int? CloseCode)
{
    public static TransportReceive Text(ReadOnlyMemory<byte> message) => new(message, false, null);

    /// <summary>The peer closed with <paramref name="code"/>, or the connection dropped without a close frame (null).</summary>
    public static TransportReceive End(int? code) => new(default, true, code);
}

/// <summary>One WebSocket connection to the gateway. Swappable so the protocol can be tested or the library replaced.</summary>
internal interface IGatewayTransport : IAsyncDisposable
{
    Task ConnectAsync(Uri uri, CancellationToken cancellationToken);

    ValueTask<TransportReceive> ReceiveAsync(CancellationToken cancellationToken);

    /// <summary>Sends one text message. Sends are serialized inside the transport (ClientWebSocket allows one at a time).</summary>
    Task SendAsync(ReadOnlyMemory<byte> utf8Json, CancellationToken cancellationToken);

    /// <summary>Sends a close frame with <paramref name="code"/> without waiting long for the peer, then aborts.</summary>
    Task CloseAsync(int code, TimeSpan timeout);

    void Abort();
}

internal interface IGatewayTransportFactory
{
    IGatewayTransport Create();
}
