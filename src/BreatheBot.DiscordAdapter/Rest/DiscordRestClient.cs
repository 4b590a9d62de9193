using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using BreatheBot.Core.Cluster;
using BreatheBot.Core.Conversations;
using BreatheBot.Core.Diagnostics;
using BreatheBot.DiscordAdapter.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BreatheBot.DiscordAdapter.Rest;

/// <summary>
/// REST v10 on one <see cref="HttpClient"/> with the rate limiter of <see cref="RestRateLimiter"/>. No HttpClient logging
/// is attached (it would log paths with interaction tokens); this class logs route templates only.
/// An interaction callback is never retried and gives up after <see cref="InteractionCallbackTimeout"/>: Discord takes it
/// within 3 seconds of the event or not at all, so a retry at +1/+3/+5 s only blocks that conversation; the caller
/// falls back to a channel message (or gives up with a log line).
/// </summary>
internal sealed class DiscordRestClient : IDiscordRestClient, IDisposable
{
    internal static readonly TimeSpan InteractionCallbackTimeout = TimeSpan.FromSeconds(2.5);
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private readonly HttpClient _http;
    private readonly DiscordOptions _options;
    private readonly TimeProvider _time;
    private readonly DiscordKillSwitch _killSwitch;
    private readonly ILogger<DiscordRestClient> _logger;
    private readonly RestRateLimiter _limiter;
    private readonly InvalidRequestCounter _invalid;
    private readonly SharedRestLimits? _shared;
    private readonly BreatheBotMetrics? _metrics;
    private readonly string _baseUrl;
    private readonly string _applicationId;
    private long _pausedUntilTicks;
    private int _invalidWarned;

    public DiscordRestClient(
        IOptions<DiscordOptions> options, TimeProvider time, DiscordKillSwitch killSwitch, ILogger<DiscordRestClient> logger,
        BreatheBotMetrics? metrics = null, ISharedRateLimits? sharedLimits = null)
        : this(options.Value, time, killSwitch, logger, new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }, metrics, sharedLimits)
    {
    }

    internal DiscordRestClient(
        DiscordOptions options, TimeProvider time, DiscordKillSwitch killSwitch, ILogger<DiscordRestClient> logger, HttpMessageHandler handler,
        BreatheBotMetrics? metrics = null, ISharedRateLimits? sharedLimits = null)
    {
        // one node: its own limiter keeps Discord's limits; several share a global bucket and each other's 429s
        _shared = sharedLimits is { IsShared: true } ? new SharedRestLimits(sharedLimits, options, time, logger) : null;
        _metrics = metrics;
        _options = options;
        _time = time;
        _killSwitch = killSwitch;
        _logger = logger;
        _limiter = new RestRateLimiter(time);
        _invalid = new InvalidRequestCounter(time);
        _baseUrl = options.ApiBaseUrl.TrimEnd('/');
        _applicationId = options.ApplicationId ?? "";
        _http = new HttpClient(handler, disposeHandler: true) { Timeout = options.RestRequestTimeout };
        _http.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", options.UserAgent);
    }

    internal RestRateLimiter Limiter => _limiter;

    internal int InvalidRequestCount => _invalid.Count;

    public bool IsPaused => _time.GetUtcNow().UtcTicks < Interlocked.Read(ref _pausedUntilTicks);

    public Task<GatewayBotInfo> GetGatewayBotAsync(CancellationToken cancellationToken) =>
        SendJsonAsync(RestRoute.GatewayBot(), null, DiscordJsonContext.Default.GatewayBotInfo, cancellationToken)!;

    public Task<DiscordMessage> CreateMessageAsync(string channelId, MessagePayload payload, CancellationToken cancellationToken) =>
        SendJsonAsync(RestRoute.CreateMessage(channelId), JsonBody(payload, DiscordJsonContext.Default.MessagePayload), DiscordJsonContext.Default.DiscordMessage, cancellationToken)!;

    public Task<DiscordMessage> CreateMessageWithFileAsync(
        string channelId, MessagePayload payload, string fileName, string contentType, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(payload, DiscordJsonContext.Default.MessagePayload);
        HttpContent Body()
        {
            var form = new MultipartFormDataContent();
            var payloadPart = new ByteArrayContent(json);
            payloadPart.Headers.ContentType = Json;
            form.Add(payloadPart, "payload_json");
            var file = new ReadOnlyMemoryContent(content);
            file.Headers.ContentType = MediaTypeHeaderValue.TryParse(contentType, out var type) ? type : new MediaTypeHeaderValue("application/octet-stream");
            form.Add(file, "files[0]", fileName);
            return form;
        }

        return SendJsonAsync(RestRoute.CreateMessage(channelId), Body, DiscordJsonContext.Default.DiscordMessage, cancellationToken)!;
    }

    public Task<DiscordMessage> EditMessageAsync(string channelId, string messageId, MessagePayload payload, CancellationToken cancellationToken) =>
        SendJsonAsync(RestRoute.EditMessage(channelId, messageId), JsonBody(payload, DiscordJsonContext.Default.MessagePayload), DiscordJsonContext.Default.DiscordMessage, cancellationToken)!;

    public Task<DiscordChannel> CreateDmAsync(string recipientId, CancellationToken cancellationToken) =>
        SendJsonAsync(RestRoute.CreateDm(), JsonBody(new CreateDmPayload { RecipientId = recipientId }, DiscordJsonContext.Default.CreateDmPayload), DiscordJsonContext.Default.DiscordChannel, cancellationToken)!;

    public async Task<DiscordMessage?> CreateInteractionResponseAsync(string interactionId, string token, InteractionResponse response, CancellationToken cancellationToken)
    {
        var result = await SendJsonAsync(
            RestRoute.InteractionCallback(interactionId, token, withResponse: true),
            JsonBody(response, DiscordJsonContext.Default.InteractionResponse),
            DiscordJsonContext.Default.InteractionCallbackResponse,
            cancellationToken).ConfigureAwait(false);
        return result?.Resource?.Message;
    }

    public Task<DiscordMessage> EditOriginalResponseAsync(string token, MessagePayload payload, CancellationToken cancellationToken) =>
        SendJsonAsync(RestRoute.EditOriginal(_applicationId, token), JsonBody(payload, DiscordJsonContext.Default.MessagePayload), DiscordJsonContext.Default.DiscordMessage, cancellationToken)!;

    public Task<DiscordMessage> EditWebhookMessageAsync(string token, string messageId, MessagePayload payload, CancellationToken cancellationToken) =>
        SendJsonAsync(RestRoute.EditWebhookMessage(_applicationId, token, messageId), JsonBody(payload, DiscordJsonContext.Default.MessagePayload), DiscordJsonContext.Default.DiscordMessage, cancellationToken)!;

    public Task DeleteOriginalResponseAsync(string token, CancellationToken cancellationToken) =>
        SendAsync(RestRoute.DeleteOriginal(_applicationId, token), null, cancellationToken);

    public Task<DiscordMessage> CreateFollowupAsync(string token, MessagePayload payload, CancellationToken cancellationToken) =>
        SendJsonAsync(RestRoute.CreateFollowup(_applicationId, token), JsonBody(payload, DiscordJsonContext.Default.MessagePayload), DiscordJsonContext.Default.DiscordMessage, cancellationToken)!;

    public Task BulkOverwriteCommandsAsync(string? guildId, IReadOnlyList<ApplicationCommandPayload> commands, CancellationToken cancellationToken)
    {
        var route = guildId is null
            ? RestRoute.BulkOverwriteGlobalCommands(_applicationId)
            : RestRoute.BulkOverwriteGuildCommands(_applicationId, guildId);
        return SendAsync(route, JsonBody(commands.ToList(), DiscordJsonContext.Default.ListApplicationCommandPayload), cancellationToken);
    }

    public void Dispose()
    {
        _http.Dispose();
        _shared?.Dispose();
    }

    private static Func<HttpContent> JsonBody<T>(T value, JsonTypeInfo<T> typeInfo)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(value, typeInfo);
        return () =>
        {
            var content = new ByteArrayContent(bytes);
            content.Headers.ContentType = Json;
            return content;
        };
    }

    private async Task<T?> SendJsonAsync<T>(RestRoute route, Func<HttpContent>? body, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
        where T : class
    {
        var bytes = await SendAsync(route, body, cancellationToken).ConfigureAwait(false);
        if (bytes.Length == 0)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(bytes, typeInfo);
        }
        catch (JsonException ex)
        {
            throw new DiscordApiException($"Discord returned a body that could not be read on {route.RouteKey}.", ex);
        }
    }

    private async Task<byte[]> SendAsync(RestRoute route, Func<HttpContent>? body, CancellationToken cancellationToken)
    {
        var rateLimitRetries = 0;
        var serverErrorRetries = 0;
        var callback = route.IsInteractionCallback;
        var maxServerErrorRetries = callback ? 0 : _options.RestMaxServerErrorRetries;
        var maxRateLimitRetries = callback ? 0 : _options.RestMaxRateLimitRetries;
        using var window = callback ? new CancellationTokenSource(InteractionCallbackTimeout, _time) : null;
        using var linked = window is null ? null : CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, window.Token);
        var requestToken = linked?.Token ?? cancellationToken;
        while (true)
        {
            ThrowIfStopped(route);
            var bucket = _limiter.GetBucket(route);
            await bucket.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var wait = bucket.WaitNeeded(_time.GetUtcNow(), _options.RestResetSlack);
                if (wait > TimeSpan.Zero)
                {
                    Log.PreemptiveWait(_logger, route.RouteKey, (long)wait.TotalMilliseconds);
                    await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
                }

                await _limiter.WaitGlobalAsync(route.BotAuth, cancellationToken).ConfigureAwait(false);
                if (_shared is not null && route.BotAuth)
                {
                    await _shared.WaitAsync(route, cancellationToken).ConfigureAwait(false);
                }

                ThrowIfStopped(route);
                bucket.ConsumeLocal();

                HttpResponseMessage response;
                using (var request = new HttpRequestMessage(route.Method, new Uri(_baseUrl + route.Path)))
                {
                    if (route.BotAuth)
                    {
                        request.Headers.TryAddWithoutValidation("Authorization", "Bot " + _options.BotToken);
                    }

                    request.Content = body?.Invoke();
                    try
                    {
                        response = await _http.SendAsync(request, requestToken).ConfigureAwait(false);
                    }
                    catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
                    {
                        if (serverErrorRetries >= maxServerErrorRetries)
                        {
                            if (callback)
                            {
                                Log.CallbackNotRetried(_logger, route.RouteKey, 0);
                            }

                            throw new DiscordApiException($"Discord could not be reached on {route.RouteKey}.", ex);
                        }

                        var delay = ServerErrorDelay(serverErrorRetries++);
                        _metrics?.Retried(Platform.Discord);
                        Log.NetworkErrorRetry(_logger, route.RouteKey, serverErrorRetries, (long)delay.TotalMilliseconds, ex.GetType().Name);
                        await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
                        continue;
                    }
                }

                using (response)
                {
                    var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
                    _limiter.Update(route, bucket, response.Headers);
                    var status = (int)response.StatusCode;
                    if (response.IsSuccessStatusCode)
                    {
                        return bytes;
                    }

                    var error = TryReadError(bytes, response.Content.Headers.ContentType);
                    if (status == 429)
                    {
                        _metrics?.RateLimited(Platform.Discord);
                        if (rateLimitRetries >= maxRateLimitRetries)
                        {
                            if (callback)
                            {
                                Log.CallbackNotRetried(_logger, route.RouteKey, status);
                            }

                            throw new DiscordApiException(response.StatusCode, error?.Code, "rate limited too often", route.RouteKey);
                        }

                        rateLimitRetries++;
                        await HandleTooManyRequestsAsync(route, bucket, response, error, cancellationToken).ConfigureAwait(false);
                        continue;
                    }

                    if (status is 401 or 403)
                    {
                        CountInvalid(route);
                    }

                    if (status == 401 && route.BotAuth)
                    {
                        if (_killSwitch.Trip("Discord rejected the bot token (401)."))
                        {
                            Log.TokenRejected(_logger, route.RouteKey);
                        }

                        throw new DiscordUnauthorizedException();
                    }

                    if (status is 500 or 502 or 503 or 504 or 524 && serverErrorRetries < maxServerErrorRetries)
                    {
                        var delay = ServerErrorDelay(serverErrorRetries++);
                        _metrics?.Retried(Platform.Discord);
                        Log.ServerErrorRetry(_logger, route.RouteKey, status, serverErrorRetries, (long)delay.TotalMilliseconds);
                        await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
                        continue;
                    }

                    Log.RequestFailed(_logger, route.RouteKey, status, error?.Code);
                    throw new DiscordApiException(response.StatusCode, error?.Code, error?.Message, route.RouteKey);
                }
            }
            finally
            {
                bucket.Gate.Release();
            }
        }
    }

    private async Task HandleTooManyRequestsAsync(
        RestRoute route, RateLimitBucket bucket, HttpResponseMessage response, DiscordErrorBody? error, CancellationToken cancellationToken)
    {
        var headers = response.Headers;
        var scope = RestRateLimiter.Header(headers, "X-RateLimit-Scope");
        var isJson = error is not null;
        var hasVia = headers.Contains("Via");
        var banBody = error is { Code: 0, RetryAfter: null } || (error?.Message?.Contains("blocked from accessing", StringComparison.OrdinalIgnoreCase) ?? false);
        if (!isJson || !hasVia || banBody)
        {
            // Cloudflare's ban: no Discord headers, an HTML body or the "blocked" message. Pause everything, do not loop.
            PauseAll(_options.RestBanPause);
            CountInvalid(route);
            Log.CloudflareBan(_logger, route.RouteKey, (long)_options.RestBanPause.TotalMinutes);
            throw new DiscordRestPausedException($"Discord's edge blocked this IP (429 without rate-limit data on {route.RouteKey}); REST paused for {_options.RestBanPause}.");
        }

        var shared = string.Equals(scope, "shared", StringComparison.OrdinalIgnoreCase);
        if (!shared)
        {
            CountInvalid(route);
        }

        var retryAfter = (error!.RetryAfter is { } seconds && seconds >= 0 ? TimeSpan.FromSeconds(seconds) : (TimeSpan?)null)
            ?? RestRateLimiter.ParseSeconds(headers, "Retry-After")
            ?? TimeSpan.FromSeconds(1);
        var global = error.Global == true || string.Equals(RestRateLimiter.Header(headers, "X-RateLimit-Global"), "true", StringComparison.OrdinalIgnoreCase);
        Log.RateLimited(_logger, route.RouteKey, (long)retryAfter.TotalMilliseconds, global, scope ?? "user");

        if (global)
        {
            _limiter.SetGlobalPause(retryAfter);
            if (_shared is not null && route.BotAuth)
            {
                await _shared.BlockGlobalAsync(retryAfter, cancellationToken).ConfigureAwait(false); // every node waits
            }

            return; // the loop waits at the global gate
        }

        var remaining = RestRateLimiter.ParseInt(headers, "X-RateLimit-Remaining");
        if (shared || remaining > 0)
        {
            // A sub-limit or a shared resource: only this request waits; the bucket is left as its headers say.
            await Task.Delay(retryAfter, _time, cancellationToken).ConfigureAwait(false);
            return;
        }

        bucket.Exhaust(_time.GetUtcNow() + retryAfter);
        if (_shared is not null && route.BotAuth)
        {
            await _shared.BlockRouteAsync(route, retryAfter, cancellationToken).ConfigureAwait(false); // the route's bucket, on every node
        }
    }

    private void CountInvalid(RestRoute route)
    {
        var count = _invalid.Record();
        if (count >= _options.InvalidRequestFailThreshold)
        {
            PauseAll(TimeSpan.FromMinutes(10));
            Log.InvalidRequestsFailFast(_logger, count);
        }
        else if (count >= _options.InvalidRequestWarnThreshold && Interlocked.Exchange(ref _invalidWarned, 1) == 0)
        {
            Log.InvalidRequestsHigh(_logger, count, route.RouteKey);
        }
    }

    private void PauseAll(TimeSpan duration)
    {
        var until = (_time.GetUtcNow() + duration).UtcTicks;
        Interlocked.Exchange(ref _pausedUntilTicks, until);
    }

    private void ThrowIfStopped(RestRoute route)
    {
        if (_killSwitch.IsTripped)
        {
            throw new DiscordUnauthorizedException("The Discord adapter has stopped: " + _killSwitch.Reason);
        }

        if (IsPaused)
        {
            throw new DiscordRestPausedException($"Discord REST is paused; {route.RouteKey} was not sent.");
        }
    }

    private TimeSpan ServerErrorDelay(int retry) => _options.RestServerErrorBaseDelay * (1 + (2 * retry));

    private static DiscordErrorBody? TryReadError(byte[] bytes, MediaTypeHeaderValue? contentType)
    {
        if (bytes.Length == 0 || contentType?.MediaType is not "application/json")
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(bytes, DiscordJsonContext.Default.DiscordErrorBody);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

internal static partial class Log
{
    [LoggerMessage(3200, LogLevel.Warning, "Discord REST {Route} failed with {Status} (code {Code})")]
    public static partial void RequestFailed(ILogger logger, string route, int status, int? code);

    [LoggerMessage(3201, LogLevel.Warning, "Discord REST {Route} rate limited for {RetryAfterMs} ms (global {Global}, scope {Scope})")]
    public static partial void RateLimited(ILogger logger, string route, long retryAfterMs, bool global, string scope);

    [LoggerMessage(3202, LogLevel.Debug, "Discord REST {Route} waits {WaitMs} ms for its bucket to reset")]
    public static partial void PreemptiveWait(ILogger logger, string route, long waitMs);

    [LoggerMessage(3203, LogLevel.Warning, "Discord REST {Route} answered {Status}; retry {Retry} in {DelayMs} ms")]
    public static partial void ServerErrorRetry(ILogger logger, string route, int status, int retry, long delayMs);

    [LoggerMessage(3204, LogLevel.Critical, "Discord rejected the bot token (401) on {Route}. The Discord adapter stops; set a valid Discord:BotToken.")]
    public static partial void TokenRejected(ILogger logger, string route);

    [LoggerMessage(3205, LogLevel.Critical, "Discord's edge blocked this IP (429 without rate-limit data on {Route}). All Discord REST is paused for {PauseMinutes} min.")]
    public static partial void CloudflareBan(ILogger logger, string route, long pauseMinutes);

    [LoggerMessage(3206, LogLevel.Warning, "{Count} Discord requests answered 401/403/429 in 10 minutes (last on {Route}); Discord bans an IP at 10,000")]
    public static partial void InvalidRequestsHigh(ILogger logger, int count, string route);

    [LoggerMessage(3207, LogLevel.Critical, "{Count} invalid Discord requests in 10 minutes: REST paused locally to avoid an IP ban")]
    public static partial void InvalidRequestsFailFast(ILogger logger, int count);

    [LoggerMessage(3209, LogLevel.Warning, "Discord REST {Route} answered {Status} (0: no answer in time); an interaction callback is not retried past Discord's 3-second window")]
    public static partial void CallbackNotRetried(ILogger logger, string route, int status);

    [LoggerMessage(3210, LogLevel.Debug, "Discord REST {Route} waits {WaitMs} ms for a 429 another node was given")]
    public static partial void SharedLimitWait(ILogger logger, string route, long waitMs);

    [LoggerMessage(3208, LogLevel.Warning, "Discord REST {Route} could not be sent ({ErrorType}); retry {Retry} in {DelayMs} ms")]
    public static partial void NetworkErrorRetry(ILogger logger, string route, int retry, long delayMs, string errorType);
}
