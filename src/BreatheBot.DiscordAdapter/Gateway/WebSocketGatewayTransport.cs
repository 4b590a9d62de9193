using System.Buffers;
using System.Net.WebSockets;
using Microsoft.Extensions.Options;

namespace BreatheBot.DiscordAdapter.Gateway;

internal sealed class WebSocketGatewayTransportFactory(IOptions<DiscordOptions> options) : IGatewayTransportFactory
{
    public IGatewayTransport Create() => new WebSocketGatewayTransport(options.Value.UserAgent);
}

/// <summary><see cref="ClientWebSocket"/> transport: joins multi-frame messages, serializes sends, closes without hanging.</summary>
internal sealed class WebSocketGatewayTransport(string userAgent) : IGatewayTransport
{
    private const int ChunkSize = 16 * 1024;
    private const int MaxMessageBytes = 16 * 1024 * 1024;
    private readonly ClientWebSocket _socket = new();
    private readonly SemaphoreSlim _sendLock = new(1, 1);

    public async Task ConnectAsync(Uri uri, CancellationToken cancellationToken)
    {
        _socket.Options.SetRequestHeader("User-Agent", userAgent);
        _socket.Options.KeepAliveInterval = TimeSpan.Zero; // gateway heartbeats do this job
        await _socket.ConnectAsync(uri, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<TransportReceive> ReceiveAsync(CancellationToken cancellationToken)
    {
        var chunk = ArrayPool<byte>.Shared.Rent(ChunkSize);
        try
        {
            ArrayBufferWriter<byte>? assembled = null;
            while (true)
            {
                ValueWebSocketReceiveResult result;
                try
                {
                    result = await _socket.ReceiveAsync(chunk.AsMemory(), cancellationToken).ConfigureAwait(false);
                }
                catch (WebSocketException)
                {
                    return TransportReceive.End(null);
                }
                catch (IOException)
                {
                    return TransportReceive.End(null);
                }

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return TransportReceive.End((int?)_socket.CloseStatus);
                }

                if (result.EndOfMessage && assembled is null)
                {
                    return TransportReceive.Text(chunk.AsSpan(0, result.Count).ToArray());
                }

                assembled ??= new ArrayBufferWriter<byte>(ChunkSize * 2);
                assembled.Write(chunk.AsSpan(0, result.Count));
                if (assembled.WrittenCount > MaxMessageBytes)
                {
                    return TransportReceive.End(null);
                }

                if (result.EndOfMessage)
                {
                    return TransportReceive.Text(assembled.WrittenMemory);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }

    public async Task SendAsync(ReadOnlyMemory<byte> utf8Json, CancellationToken cancellationToken)
    {
        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _socket.SendAsync(utf8Json, WebSocketMessageType.Text, endOfMessage: true, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    public async Task CloseAsync(int code, TimeSpan timeout)
    {
        if (_socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
        {
            _socket.Abort();
            return;
        }

        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _sendLock.WaitAsync(cts.Token).ConfigureAwait(false);
            try
            {
                // CloseOutputAsync does not wait for the peer's close frame, which a dead peer never sends.
                await _socket.CloseOutputAsync((WebSocketCloseStatus)code, null, cts.Token).ConfigureAwait(false);
            }
            finally
            {
                _sendLock.Release();
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            _socket.Abort();
        }
    }

    public void Abort() => _socket.Abort();

    public ValueTask DisposeAsync()
    {
        _socket.Dispose();
        _sendLock.Dispose();
        return ValueTask.CompletedTask;
    }
}
