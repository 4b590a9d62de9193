using System.Threading.Channels;
using BreatheBot.DiscordAdapter.Rest;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BreatheBot.DiscordAdapter.Gateway;

/// <summary>How the gateway client stopped.</summary>
public sealed record GatewayExit(bool Fatal, string? Reason, int? CloseCode = null)
{
    internal static GatewayExit Stopped { get; } = new(false, null);
}

/// <summary>A reconnect decision: why the last connection ended, whether the next one resumes, and the wait before it.</summary>
internal sealed record GatewayReconnectPlan(ConnectionEndKind Ended, int? CloseCode, bool WillResume, TimeSpan Delay);

/// <summary>The narrow gateway interface the adapter uses; dispatches are written to the given channel.</summary>
internal interface IDiscordGateway
{
    GatewayState State { get; }

    /// <summary>The resumable session, which outlives connections (and, shared, this node's ownership of the shard).</summary>
    GatewaySession Session { get; }

    /// <summary>
    /// Connects (and reconnects) until cancelled or fatal. When cancelled, the connection closes with 1000 (the session
    /// ends) or, with <paramref name="keepSessionOnStop"/>, with a code that leaves the session resumable for another node.
    /// </summary>
    Task<GatewayExit> RunAsync(ChannelWriter<GatewayDispatch> sink, CancellationToken cancellationToken, bool keepSessionOnStop = false);
}

/// <summary>
/// Gateway v10 session state machine (brief §2.7): discovery, Identify or Resume per connection, reconnect classification,
/// backoff with jitter, the Identify limiter, and fatal close codes that stop for good.
/// </summary>
internal sealed class DiscordGatewayClient(
    IOptions<DiscordOptions> options,
    IDiscordRestClient rest,
    IGatewayTransportFactory transports,
    IdentifyLimiter identifyLimiter,
    TimeProvider time,
    IRandomSource random,
    DiscordKillSwitch killSwitch,
    ILogger<DiscordGatewayClient> logger,
    DiscordGatewayStatus? status = null) : IDiscordGateway
{
    private const int MaxResumeFailures = 3;
    private readonly DiscordOptions _options = options.Value;
    private volatile GatewayState _state;

    public GatewayState State
    {
        get => _state;
        private set
        {
            _state = value;
            status?.SetState(value);
        }
    }

    public GatewaySession Session { get; } = new();

    internal event Action<GatewayReconnectPlan>? ReconnectPlanned;

    public async Task<GatewayExit> RunAsync(ChannelWriter<GatewayDispatch> sink, CancellationToken cancellationToken, bool keepSessionOnStop = false)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, killSwitch.Token);
        var ct = linked.Token;
        var backoff = new ReconnectBackoff(_options.ReconnectBackoffBase, _options.ReconnectBackoffCap, random);
        var gatewayUrl = _options.GatewayUrl;
        var identifiedBefore = false;
        var resumeFailures = 0;
        var zombieStreak = false;

        while (true)
        {
            if (killSwitch.IsTripped)
            {
                return Fault(killSwitch.Reason!, null);
            }

            if (cancellationToken.IsCancellationRequested)
            {
                State = GatewayState.Disconnected;
                return GatewayExit.Stopped;
            }

            var resume = Session.CanResume;
            Uri uri;
            try
            {
                if (resume)
                {
                    uri = GatewayUri(Session.ResumeUrl!);
                }
                else
                {
                    if (gatewayUrl is null || (identifiedBefore && _options.GatewayUrl is null))
                    {
                        var info = await rest.GetGatewayBotAsync(ct).ConfigureAwait(false);
                        gatewayUrl = info.Url;
                        if (identifiedBefore && info.SessionStartLimit is { Remaining: 0, ResetAfter: > 0 } limit)
                        {
                            Log.SessionStartLimitReached(logger, limit.ResetAfter);
                            await Task.Delay(TimeSpan.FromMilliseconds(limit.ResetAfter), time, ct).ConfigureAwait(false);
                        }
                    }

                    if (!await identifyLimiter.WaitAsync(ct).ConfigureAwait(false))
                    {
                        return Fault($"the daily Identify budget ({_options.MaxIdentifiesPerDay}) is used up; Discord resets the token at 1000. Find the reconnect cause before restarting.", null);
                    }

                    uri = GatewayUri(gatewayUrl);
                }
            }
            catch (DiscordUnauthorizedException)
            {
                return Fault(killSwitch.Reason ?? "Discord rejected the bot token (401).", null);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                continue; // loop top decides between stop and fault
            }
            catch (Exception ex) when (ex is DiscordApiException or UriFormatException or HttpRequestException)
            {
                var wait = backoff.Next();
                Log.DiscoveryFailed(logger, ex.GetType().Name, (long)wait.TotalMilliseconds);
                if (!await DelayAsync(wait, ct).ConfigureAwait(false))
                {
                    continue;
                }

                continue;
            }

            var connection = new GatewayConnection(
                transports.Create(), Session, _options, time, random, sink, logger,
                async c =>
                {
                    identifiedBefore = true;
                    await identifyLimiter.RecordAsync(c).ConfigureAwait(false);
                },
                s => State = s,
                status);
            var result = await connection.RunAsync(uri, resume, ct, keepSessionOnStop).ConfigureAwait(false);
            State = GatewayState.Disconnected;

            if (result.ReadyFor >= _options.BackoffResetAfter)
            {
                backoff.Reset();
            }

            if (result.ReachedReady)
            {
                resumeFailures = 0; // READY after a fresh Identify starts the count again, as RESUMED does
            }
            else if (resume)
            {
                resumeFailures++;
            }

            var end = result.End;
            TimeSpan delay;
            switch (end.Kind)
            {
                case ConnectionEndKind.Shutdown:
                    continue;
                case ConnectionEndKind.Reconnect:
                    delay = _options.ReconnectJitterMax * random.NextDouble();
                    break;
                case ConnectionEndKind.InvalidSession:
                    if (!end.Resumable)
                    {
                        Session.Clear();
                    }

                    delay = _options.InvalidSessionDelayMin + ((_options.InvalidSessionDelayMax - _options.InvalidSessionDelayMin) * random.NextDouble());
                    break;
                case ConnectionEndKind.Zombie:
                    delay = zombieStreak ? backoff.Next() : TimeSpan.Zero;
                    break;
                case ConnectionEndKind.ServerClosed:
                    var action = GatewayCloseCodes.Classify(end.CloseCode);
                    if (action == CloseAction.Fatal)
                    {
                        return Fault($"Discord closed the gateway with {end.CloseCode}: {GatewayCloseCodes.Describe(end.CloseCode)}.", end.CloseCode);
                    }

                    if (action == CloseAction.NewSession)
                    {
                        Session.Clear();
                    }

                    delay = backoff.Next();
                    break;
                case ConnectionEndKind.ConnectFailed:
                    if (!resume && _options.GatewayUrl is null)
                    {
                        gatewayUrl = null; // refetch: the cached URL did not work
                    }

                    delay = backoff.Next();
                    break;
                default:
                    delay = backoff.Next();
                    break;
            }

            zombieStreak = end.Kind == ConnectionEndKind.Zombie;
            if (resume && resumeFailures >= MaxResumeFailures && Session.CanResume)
            {
                Log.ResumeGivenUp(logger, resumeFailures);
                Session.Clear();
                resumeFailures = 0;
            }

            var plan = new GatewayReconnectPlan(end.Kind, end.CloseCode, Session.CanResume, delay);
            Log.Reconnecting(logger, end.Kind.ToString(), end.CloseCode, plan.WillResume, (long)delay.TotalMilliseconds);
            ReconnectPlanned?.Invoke(plan);
            await DelayAsync(delay, ct).ConfigureAwait(false);
        }
    }

    private GatewayExit Fault(string reason, int? closeCode)
    {
        State = GatewayState.Faulted;
        killSwitch.Trip(reason);
        Log.GatewayFatal(logger, reason);
        return new GatewayExit(true, reason, closeCode);
    }

    private async Task<bool> DelayAsync(TimeSpan delay, CancellationToken ct)
    {
        if (delay <= TimeSpan.Zero)
        {
            return !ct.IsCancellationRequested;
        }

        try
        {
            await Task.Delay(delay, time, ct).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Appends <c>v=10&amp;encoding=json</c> to the gateway URL whether or not it ends in '/'. ws:// only for loopback.</summary>
    internal static Uri GatewayUri(string baseUrl)
    {
        var builder = new UriBuilder(baseUrl);
        if (builder.Scheme is not ("wss" or "ws") || (builder.Scheme == "ws" && !new Uri(baseUrl).IsLoopback))
        {
            throw new UriFormatException("The gateway URL must be wss:// (ws:// only on loopback).");
        }

        if (string.IsNullOrEmpty(builder.Path))
        {
            builder.Path = "/";
        }

        builder.Query = "v=10&encoding=json";
        return builder.Uri;
    }
}

internal static partial class Log
{
    [LoggerMessage(3020, LogLevel.Warning, "Discord gateway discovery failed ({ErrorType}); retrying in {DelayMs} ms")]
    public static partial void DiscoveryFailed(ILogger logger, string errorType, long delayMs);

    [LoggerMessage(3021, LogLevel.Warning, "Discord session start limit reached; waiting {ResetAfterMs} ms before Identify")]
    public static partial void SessionStartLimitReached(ILogger logger, long resetAfterMs);

    [LoggerMessage(3022, LogLevel.Warning, "Discord gateway resume failed {Failures} times in a row; starting a new session")]
    public static partial void ResumeGivenUp(ILogger logger, int failures);

    [LoggerMessage(3023, LogLevel.Information, "Discord gateway connection ended ({Ended}, close code {CloseCode}); reconnecting (resume {Resume}) in {DelayMs} ms")]
    public static partial void Reconnecting(ILogger logger, string ended, int? closeCode, bool resume, long delayMs);

    [LoggerMessage(3024, LogLevel.Critical, "Discord adapter stopped for good: {Reason}")]
    public static partial void GatewayFatal(ILogger logger, string reason);
}
