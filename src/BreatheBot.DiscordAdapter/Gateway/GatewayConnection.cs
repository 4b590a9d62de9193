using System.Diagnostics;
using System.Text.Json;
using System.Threading.Channels;
using BreatheBot.DiscordAdapter.Model;
using Microsoft.Extensions.Logging;

namespace BreatheBot.DiscordAdapter.Gateway;

internal enum ConnectionEndKind
{
    ConnectFailed,
    ServerClosed,
    Dropped,
    Reconnect,
    InvalidSession,
    Zombie,
    HelloTimeout,
    ReadyTimeout,
    Shutdown,
}

internal sealed record ConnectionEnd(ConnectionEndKind Kind, int? CloseCode = null, bool Resumable = false);

internal sealed record ConnectionResult(ConnectionEnd End, bool ReachedReady, TimeSpan ReadyFor, bool IdentifySent);

/// <summary>
/// One attempt: one socket, one receive loop, one heartbeat loop, one watchdog. All its state (the ACK flag included)
/// is new for every connection; only <see cref="GatewaySession"/> carries over. Ends with the first of: a close,
/// a drop, op 7, op 9, a missed ACK, a timeout, or shutdown.
/// </summary>
internal sealed class GatewayConnection(
    IGatewayTransport transport,
    GatewaySession session,
    DiscordOptions options,
    TimeProvider time,
    IRandomSource random,
    ChannelWriter<GatewayDispatch> sink,
    ILogger logger,
    Func<CancellationToken, Task> onIdentifySent,
    Action<GatewayState> setState,
    DiscordGatewayStatus? status = null)
{
    private const int SendsPerMinute = 110;
    private readonly TaskCompletionSource<ConnectionEnd> _end = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _hello = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Queue<DateTimeOffset> _recentSends = new();
    private readonly Lock _sendWindowLock = new();
    private volatile bool _acked = true;
    private long _lastBeatTimestamp;
    private Task _heartbeat = Task.CompletedTask;
    private bool _resume;
    private bool _identifySent;
    private DateTimeOffset? _readyAt;

    public TimeSpan? Latency { get; private set; }

    /// <summary>
    /// Runs the connection until it ends. A stop closes with 1000 (the session ends), or with 4000 when
    /// <paramref name="keepSessionOnStop"/> (cluster mode: the node taking the shard over resumes the session).
    /// </summary>
    public async Task<ConnectionResult> RunAsync(Uri uri, bool resume, CancellationToken stop, bool keepSessionOnStop = false)
    {
        _resume = resume;
        setState(GatewayState.Connecting);
        try
        {
            using var connectTimeout = new CancellationTokenSource(options.ConnectTimeout, time);
            using var connectCts = CancellationTokenSource.CreateLinkedTokenSource(stop, connectTimeout.Token);
            await transport.ConnectAsync(uri, connectCts.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (!stop.IsCancellationRequested)
        {
            Log.ConnectFailed(logger, uri.Host, resume, ex.GetType().Name, ex.Message);
            await transport.DisposeAsync().ConfigureAwait(false);
            return new ConnectionResult(new ConnectionEnd(ConnectionEndKind.ConnectFailed), false, TimeSpan.Zero, false);
        }
        catch (OperationCanceledException)
        {
            await transport.DisposeAsync().ConfigureAwait(false);
            return new ConnectionResult(new ConnectionEnd(ConnectionEndKind.Shutdown), false, TimeSpan.Zero, false);
        }

        setState(GatewayState.AwaitHello);
        using var loops = new CancellationTokenSource();
        ConnectionEnd end;
        using (stop.Register(() => End(new ConnectionEnd(ConnectionEndKind.Shutdown))))
        {
            var receive = Task.Run(() => ReceiveLoopAsync(loops.Token), CancellationToken.None);
            var watchdog = WatchdogAsync(loops.Token);
            end = await _end.Task.ConfigureAwait(false);

            switch (end.Kind)
            {
                case ConnectionEndKind.Shutdown:
                    // deliberate: the session ends, unless another node is to resume it
                    await transport.CloseAsync(keepSessionOnStop ? 4000 : 1000, options.CloseTimeout).ConfigureAwait(false);
                    break;
                case ConnectionEndKind.ServerClosed or ConnectionEndKind.Dropped:
                    transport.Abort();
                    break;
                default:
                    await transport.CloseAsync(4000, options.CloseTimeout).ConfigureAwait(false); // not 1000/1001: keep the session resumable
                    break;
            }

            await loops.CancelAsync().ConfigureAwait(false);
            transport.Abort();
            await Task.WhenAll(Quiet(receive), Quiet(watchdog), Quiet(_heartbeat)).ConfigureAwait(false);
        }

        await transport.DisposeAsync().ConfigureAwait(false);
        var readyFor = _readyAt is { } at ? time.GetUtcNow() - at : TimeSpan.Zero;
        return new ConnectionResult(end, _readyAt is not null, readyFor, _identifySent);
    }

    private void End(ConnectionEnd end) => _end.TrySetResult(end);

    private async Task ReceiveLoopAsync(CancellationToken ct)
    {
        try
        {
            while (!ct.IsCancellationRequested)
            {
                var received = await transport.ReceiveAsync(ct).ConfigureAwait(false);
                if (received.Closed)
                {
                    End(received.CloseCode is { } code
                        ? new ConnectionEnd(ConnectionEndKind.ServerClosed, code)
                        : new ConnectionEnd(ConnectionEndKind.Dropped));
                    return;
                }

                GatewayFrame frame;
                try
                {
                    frame = GatewayFrame.Parse(received.Message);
                }
                catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
                {
                    Log.UnreadableFrame(logger, received.Message.Length);
                    continue;
                }

                if (!await HandleFrameAsync(frame, ct).ConfigureAwait(false))
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            Log.ReceiveLoopFailed(logger, ex);
            End(new ConnectionEnd(ConnectionEndKind.Dropped));
        }
    }

    /// <summary>Returns false when the connection is over.</summary>
    private async Task<bool> HandleFrameAsync(GatewayFrame frame, CancellationToken ct)
    {
        switch ((GatewayOpCode)frame.Op)
        {
            case GatewayOpCode.Hello:
                var hello = frame.Data.Deserialize(DiscordJsonContext.Default.HelloData);
                var interval = TimeSpan.FromMilliseconds(Math.Max(1, hello?.HeartbeatInterval ?? 41_250));
                _hello.TrySetResult();
                status?.Hello(interval);
                StartHeartbeat(interval, ct);
                await SendHandshakeAsync(ct).ConfigureAwait(false);
                return true;

            case GatewayOpCode.HeartbeatAck:
                _acked = true;
                status?.HeartbeatAcked();
                var sent = Interlocked.Read(ref _lastBeatTimestamp);
                if (sent != 0)
                {
                    Latency = time.GetElapsedTime(sent);
                    if (Latency > TimeSpan.FromSeconds(10))
                    {
                        Log.HighLatency(logger, (long)Latency.Value.TotalMilliseconds);
                    }
                }

                return true;

            case GatewayOpCode.Heartbeat:
                await SendHeartbeatAsync(ct).ConfigureAwait(false); // the server asked: beat now, outside the schedule
                return true;

            case GatewayOpCode.Reconnect:
                Log.ReconnectRequested(logger);
                End(new ConnectionEnd(ConnectionEndKind.Reconnect));
                return false;

            case GatewayOpCode.InvalidSession:
                var resumable = frame.Data.ValueKind == JsonValueKind.True;
                Log.InvalidSession(logger, resumable);
                End(new ConnectionEnd(ConnectionEndKind.InvalidSession, Resumable: resumable));
                return false;

            case GatewayOpCode.Dispatch:
                session.Observe(frame.Sequence);
                var type = frame.Type ?? "";
                if (type == "READY")
                {
                    var ready = frame.Data.Deserialize(DiscordJsonContext.Default.ReadyData);
                    if (ready?.SessionId is { } sessionId && ready.ResumeGatewayUrl is { } resumeUrl)
                    {
                        session.Start(sessionId, resumeUrl, frame.Sequence);
                    }

                    MarkReady();
                    Log.Ready(logger, ready?.Guilds?.Count ?? 0);
                }
                else if (type == "RESUMED")
                {
                    MarkReady();
                    Log.Resumed(logger, session.LastSequence);
                }

                await sink.WriteAsync(new GatewayDispatch(type, frame.Sequence, frame.Data, time.GetUtcNow()), ct).ConfigureAwait(false);
                return true;

            default:
                return true; // unknown opcodes are ignored
        }
    }

    private void MarkReady()
    {
        _readyAt ??= time.GetUtcNow();
        _ready.TrySetResult();
        setState(GatewayState.Ready);
    }

    private async Task SendHandshakeAsync(CancellationToken ct)
    {
        if (_resume && session.SessionId is { } sessionId)
        {
            setState(GatewayState.Resuming);
            Log.SendingResume(logger, session.LastSequence);
            await SendAsync(GatewayFrameWriter.Resume(options.BotToken!, sessionId, session.LastSequence), ct).ConfigureAwait(false);
            return;
        }

        setState(GatewayState.Identifying);
        Log.SendingIdentify(logger, options.Intents, options.ShardId, options.ShardCount);
        await SendAsync(GatewayFrameWriter.Identify(options.BotToken!, options.Intents, options.ShardId, options.ShardCount), ct).ConfigureAwait(false);
        _identifySent = true;
        await onIdentifySent(ct).ConfigureAwait(false);
    }

    /// <summary>
    /// The heartbeat runs on its own thread, not the thread pool: handlers doing synchronous work (LiteDB) or a starved
    /// pool can then never delay a beat. Blocking is fine on this dedicated thread.
    /// </summary>
    private void StartHeartbeat(TimeSpan interval, CancellationToken ct)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _heartbeat = done.Task;
        var thread = new Thread(() =>
        {
            try
            {
                HeartbeatLoop(interval, ct);
            }
            finally
            {
                done.TrySetResult();
            }
        })
        {
            IsBackground = true,
            Name = "Discord heartbeat",
        };
        thread.Start();
    }

    private void HeartbeatLoop(TimeSpan interval, CancellationToken ct)
    {
        try
        {
            if (Sleep(interval * random.NextDouble(), ct))
            {
                return;
            }

            while (!ct.IsCancellationRequested)
            {
                if (!_acked)
                {
                    Log.ZombieConnection(logger, (long)interval.TotalMilliseconds);
                    End(new ConnectionEnd(ConnectionEndKind.Zombie));
                    return;
                }

                _acked = false;
                SendHeartbeatAsync(ct).GetAwaiter().GetResult();
                if (Sleep(interval, ct))
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            Log.HeartbeatFailed(logger, ex.GetType().Name);
            End(new ConnectionEnd(ConnectionEndKind.Dropped));
        }
    }

    /// <summary>Waits on the heartbeat thread; true when cancelled. The system clock uses an OS wait (no pool thread).</summary>
    private bool Sleep(TimeSpan delay, CancellationToken ct)
    {
        if (delay <= TimeSpan.Zero)
        {
            return ct.IsCancellationRequested;
        }

        if (ReferenceEquals(time, TimeProvider.System))
        {
            return ct.WaitHandle.WaitOne(delay);
        }

        using var signal = new ManualResetEventSlim();
        using var timer = time.CreateTimer(static s => ((ManualResetEventSlim)s!).Set(), signal, delay, Timeout.InfiniteTimeSpan);
        try
        {
            signal.Wait(ct);
            return false;
        }
        catch (OperationCanceledException)
        {
            return true;
        }
    }

    private Task SendHeartbeatAsync(CancellationToken ct)
    {
        Interlocked.Exchange(ref _lastBeatTimestamp, time.GetTimestamp());
        return SendAsync(GatewayFrameWriter.Heartbeat(session.LastSequence), ct);
    }

    private async Task SendAsync(byte[] payload, CancellationToken ct)
    {
        // Discord disconnects above 120 sends a minute; keep headroom.
        TimeSpan wait;
        lock (_sendWindowLock)
        {
            var now = time.GetUtcNow();
            while (_recentSends.Count > 0 && now - _recentSends.Peek() >= TimeSpan.FromMinutes(1))
            {
                _recentSends.Dequeue();
            }

            wait = _recentSends.Count >= SendsPerMinute ? _recentSends.Peek() + TimeSpan.FromMinutes(1) - now : TimeSpan.Zero;
            _recentSends.Enqueue(now + wait);
        }

        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, time, ct).ConfigureAwait(false);
        }

        await transport.SendAsync(payload, ct).ConfigureAwait(false);
    }

    private async Task WatchdogAsync(CancellationToken ct)
    {
        if (await Task.WhenAny(_hello.Task, Task.Delay(options.HelloTimeout, time, ct)).ConfigureAwait(false) != _hello.Task)
        {
            if (!ct.IsCancellationRequested)
            {
                Log.HandshakeTimeout(logger, "Hello");
                End(new ConnectionEnd(ConnectionEndKind.HelloTimeout));
            }

            return;
        }

        if (await Task.WhenAny(_ready.Task, Task.Delay(options.ReadyTimeout, time, ct)).ConfigureAwait(false) != _ready.Task && !ct.IsCancellationRequested)
        {
            Log.HandshakeTimeout(logger, _resume ? "RESUMED" : "READY");
            End(new ConnectionEnd(ConnectionEndKind.ReadyTimeout));
        }
    }

    private static async Task Quiet(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
        {
        }
    }
}

internal static partial class Log
{
    [LoggerMessage(3000, LogLevel.Warning, "Discord gateway connect to {Host} failed (resume {Resume}): {ErrorType} {Error}")]
    public static partial void ConnectFailed(ILogger logger, string host, bool resume, string errorType, string error);

    [LoggerMessage(3001, LogLevel.Warning, "Discord gateway sent an unreadable frame ({Length} bytes); ignored")]
    public static partial void UnreadableFrame(ILogger logger, int length);

    [LoggerMessage(3002, LogLevel.Warning, "Discord gateway receive loop failed")]
    public static partial void ReceiveLoopFailed(ILogger logger, Exception exception);

    [LoggerMessage(3003, LogLevel.Warning, "Discord gateway heartbeat latency is {LatencyMs} ms")]
    public static partial void HighLatency(ILogger logger, long latencyMs);

    [LoggerMessage(3004, LogLevel.Information, "Discord gateway asked to reconnect (op 7)")]
    public static partial void ReconnectRequested(ILogger logger);

    [LoggerMessage(3005, LogLevel.Information, "Discord gateway invalidated the session (op 9, resumable {Resumable})")]
    public static partial void InvalidSession(ILogger logger, bool resumable);

    [LoggerMessage(3006, LogLevel.Information, "Discord gateway READY with {GuildCount} guilds")]
    public static partial void Ready(ILogger logger, int guildCount);

    [LoggerMessage(3007, LogLevel.Information, "Discord gateway RESUMED at sequence {Sequence}")]
    public static partial void Resumed(ILogger logger, int? sequence);

    [LoggerMessage(3008, LogLevel.Information, "Discord gateway sending Resume from sequence {Sequence}")]
    public static partial void SendingResume(ILogger logger, int? sequence);

    [LoggerMessage(3009, LogLevel.Information, "Discord gateway sending Identify (intents {Intents}, shard {ShardId}/{ShardCount})")]
    public static partial void SendingIdentify(ILogger logger, int intents, int shardId, int shardCount);

    [LoggerMessage(3010, LogLevel.Warning, "Discord gateway missed a heartbeat ACK within {IntervalMs} ms: zombie connection, reconnecting to resume")]
    public static partial void ZombieConnection(ILogger logger, long intervalMs);

    [LoggerMessage(3011, LogLevel.Warning, "Discord gateway heartbeat could not be sent ({ErrorType})")]
    public static partial void HeartbeatFailed(ILogger logger, string errorType);

    [LoggerMessage(3012, LogLevel.Warning, "Discord gateway timed out waiting for {Expected}")]
    public static partial void HandshakeTimeout(ILogger logger, string expected);
}
