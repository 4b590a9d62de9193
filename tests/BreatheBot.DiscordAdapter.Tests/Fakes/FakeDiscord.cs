using System.Collections.Concurrent;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BreatheBot.DiscordAdapter.Tests.Fakes;

public sealed record RecordedRequest(
    string Method, string Path, string Query, IReadOnlyDictionary<string, string> Headers, string Body, DateTimeOffset At, int Status, string? ResponseBody = null)
{
    public JsonNode? Json => Body.Length == 0 || !Body.TrimStart().StartsWith('{') && !Body.TrimStart().StartsWith('[') ? null : JsonNode.Parse(Body);

    public JsonNode? ResponseJson => string.IsNullOrEmpty(ResponseBody) ? null : JsonNode.Parse(ResponseBody);
}

public sealed record ScriptedResponse(int Status, string? Body = null, IReadOnlyDictionary<string, string>? Headers = null, string ContentType = "application/json")
{
    /// <summary>A Discord server error (500 with Discord's JSON body).</summary>
    public static ScriptedResponse ServerError(int status = 500) => new(status, """{"code":0,"message":"500: Internal Server Error"}""");

    /// <summary>10062: the interaction was answered too late (after 3 s) or is unknown.</summary>
    public static ScriptedResponse UnknownInteraction() => new(404, """{"code":10062,"message":"Unknown interaction"}""");

    /// <summary>A callback answer (with_response) that reports no message: a later edit has no id to go to.</summary>
    public static ScriptedResponse CallbackWithoutMessage(string interactionId, int type = 4) =>
        new(200, $$"""{"interaction":{"id":"{{interactionId}}","type":2},"resource":{"type":{{type}} } }""");

    public static ScriptedResponse RateLimited(double retryAfter, bool global = false, string? scope = null, int? remaining = 0)
    {
        var headers = new Dictionary<string, string> { ["Via"] = "1.1 google" };
        if (remaining is { } r)
        {
            headers["X-RateLimit-Remaining"] = r.ToString(System.Globalization.CultureInfo.InvariantCulture);
            headers["X-RateLimit-Limit"] = "5";
            headers["X-RateLimit-Reset-After"] = retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (global)
        {
            headers["X-RateLimit-Global"] = "true";
        }

        if (scope is not null)
        {
            headers["X-RateLimit-Scope"] = scope;
        }

        var body = $$"""{"message":"You are being rate limited.","retry_after":{{retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture)}},"global":{{(global ? "true" : "false")}}}""";
        return new ScriptedResponse(429, body, headers);
    }
}

/// <summary>
/// A fake Discord on loopback: REST under /api/v10 that records every call and can be scripted, and a gateway at /gw
/// (and /gw-resume, the resume_gateway_url it hands out) that speaks the v10 JSON protocol and can be steered.
/// </summary>
public sealed class FakeDiscord : IAsyncDisposable
{
    public const string Token = "test-token";
    private int _disposed;
    public const string ApplicationId = "100";
    public const string BotUserId = "1";

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly List<(string Method, Regex Path, Queue<ScriptedResponse> Responses)> _scripts = [];
    private readonly List<SimulatedBucket> _buckets = [];
    private readonly List<FakeGatewayConnection> _connections = [];
    private readonly SemaphoreSlim _gatewayLock = new(1, 1);
    private readonly List<(int S, string T, string D)> _buffer = [];
    private readonly List<JsonElement> _identifies = [];
    private readonly List<int?> _resumeSeqs = [];
    private readonly ConcurrentDictionary<string, byte> _guildChannels = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _guildTokens = new(StringComparer.Ordinal);
    private long _nextId = 5000;
    private readonly Dictionary<string, (DateTimeOffset At, string Response)> _nonces = new(StringComparer.Ordinal);
    private long _messagesCreated;
    private long _nonceRepeats;
    private int _sessionNumber;
    private int _seq;

    static FakeDiscord()
    {
        // The fake runs in the test process and shares its thread pool with the test runner, which blocks some pool
        // threads; on a 2-core box the pool would otherwise start with 2 threads and grow slowly.
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, 8), Math.Max(io, 8));
    }

    private FakeDiscord(WebApplication app) => _app = app;

    public int Port { get; private set; }

    public string ApiBase => $"http://127.0.0.1:{Port}/api/v10";

    public string GatewayUrl => $"ws://127.0.0.1:{Port}/gw";

    public string ResumeUrl => $"ws://127.0.0.1:{Port}/gw-resume";

    // ---- gateway knobs
    /// <summary>One second by default: long enough that a busy test box never fakes a missed ACK; zombie tests shorten it.</summary>
    public int HeartbeatIntervalMs { get; set; } = 1000;

    public bool AckHeartbeats { get; set; } = true;

    public bool RejectWebSockets { get; set; }

    public bool RejectResumes { get; set; }

    /// <summary>Runs when a socket is accepted, before Hello (set <see cref="FakeGatewayConnection.SkipHello"/> to withhold it).</summary>
    public Func<FakeGatewayConnection, Task>? OnConnect { get; set; }

    public int? ReadyFragmentSize { get; set; }

    public int ReadyPaddingBytes { get; set; }

    public string? SessionId { get; private set; }

    /// <summary>
    /// For benchmarks (B9): called with the event type and <see cref="System.Diagnostics.Stopwatch"/> timestamp just
    /// before a dispatch frame is written to the socket.
    /// </summary>
    public Action<string, long>? DispatchWriting { get; set; }

    /// <summary>
    /// For benchmarks (B9): called with method, path and the <see cref="System.Diagnostics.Stopwatch"/> timestamp taken
    /// when a REST request arrived, before it is answered.
    /// </summary>
    public Action<string, string, long>? RestArrived { get; set; }

    public int Sequence => _seq;

    /// <summary>How long Discord remembers a nonce for <c>enforce_nonce</c> ("the past few minutes").</summary>
    public TimeSpan NonceWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Channel messages actually created (a create answered with an earlier message by its nonce is not one).</summary>
    public long MessagesCreated => Interlocked.Read(ref _messagesCreated);

    /// <summary>Creates answered with the earlier message of the same nonce.</summary>
    public long NonceRepeats => Interlocked.Read(ref _nonceRepeats);

    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    public int TooManyRequestsCount => _requests.Count(r => r.Status == 429);

    public IReadOnlyList<FakeGatewayConnection> Connections
    {
        get
        {
            lock (_connections)
            {
                return [.. _connections];
            }
        }
    }

    public FakeGatewayConnection? Current => Connections.LastOrDefault();

    public int ConnectionCount => Connections.Count;

    public int IdentifyCount
    {
        get
        {
            lock (_identifies)
            {
                return _identifies.Count;
            }
        }
    }

    public IReadOnlyList<JsonElement> Identifies
    {
        get
        {
            lock (_identifies)
            {
                return [.. _identifies];
            }
        }
    }

    public int ResumeCount
    {
        get
        {
            lock (_resumeSeqs)
            {
                return _resumeSeqs.Count;
            }
        }
    }

    public IReadOnlyList<int?> ResumeSequences
    {
        get
        {
            lock (_resumeSeqs)
            {
                return [.. _resumeSeqs];
            }
        }
    }

    public static async Task<FakeDiscord> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeDiscord(app);
        app.UseWebSockets();
        app.Run(fake.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        fake.Port = new Uri(address).Port;
        return fake;
    }

    // ---- REST controls
    public void Script(string method, string pathPattern, params ScriptedResponse[] responses)
    {
        lock (_scripts)
        {
            _scripts.Add((method, new Regex("^" + pathPattern + "$"), new Queue<ScriptedResponse>(responses)));
        }
    }

    /// <summary>A server-side bucket: at most <paramref name="limit"/> requests per <paramref name="resetAfter"/> seconds, shared by every route matching a pattern in the group.</summary>
    public void SimulateBucket(string hash, int limit, double resetAfter, params (string Method, string PathPattern)[] routes) =>
        _buckets.Add(new SimulatedBucket(hash, limit, TimeSpan.FromSeconds(resetAfter), routes.Select(r => (r.Method, new Regex("^" + r.PathPattern + "$"))).ToList()));

    public IReadOnlyList<RecordedRequest> RequestsTo(string method, string pathPattern)
    {
        var regex = new Regex("^" + pathPattern + "$");
        var methods = new Regex("^(" + method + ")$");
        return Requests.Where(r => methods.IsMatch(r.Method) && regex.IsMatch(r.Path)).ToList();
    }

    /// <summary>
    /// Every text the bot sent into a server channel (posts, edits, interaction answers and follow-ups for interactions
    /// that came from a guild, ephemeral ones included): all string values of the request bodies except custom ids.
    /// Server channels are those this fake dispatched guild interactions or GUILD_CREATE channels for.
    /// </summary>
    public IReadOnlyList<(RecordedRequest Request, string Text)> GuildChannelTexts()
    {
        var result = new List<(RecordedRequest, string)>();
        foreach (var request in Requests.Where(r => r.Method is "POST" or "PATCH" && IsGuildChannelRoute(r.Path)))
        {
            JsonNode? json;
            try
            {
                json = request.Json;
            }
            catch (JsonException)
            {
                json = null;
            }

            var texts = new List<string>();
            CollectTexts(json, null, texts);
            if (json is null && request.Body.Length > 0)
            {
                texts.Add(request.Body); // multipart or not JSON: check the raw body
            }

            result.AddRange(texts.Select(t => (request, t)));
        }

        return result;
    }

    /// <summary>Marks a channel as a server channel (for <see cref="GuildChannelTexts"/>).</summary>
    public void NoteGuildChannel(string channelId) => _guildChannels.TryAdd(channelId, 0);

    private bool IsGuildChannelRoute(string path)
    {
        Match m;
        if ((m = Regex.Match(path, @"^/channels/(\d+)/messages(/\d+)?$")).Success)
        {
            return _guildChannels.ContainsKey(m.Groups[1].Value);
        }

        if ((m = Regex.Match(path, @"^/interactions/\d+/([^/]+)/callback$")).Success || (m = Regex.Match(path, @"^/webhooks/\d+/([^/]+)(/.*)?$")).Success)
        {
            return _guildTokens.ContainsKey(m.Groups[1].Value);
        }

        return false;
    }

    private static void CollectTexts(JsonNode? node, string? name, List<string> texts)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj)
                {
                    CollectTexts(value, key, texts);
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    CollectTexts(item, name, texts);
                }

                break;
            case JsonValue value when name != "custom_id" && value.TryGetValue<string>(out var text):
                texts.Add(text);
                break;
        }
    }

    private void NoteGuildTargets(string type, string dataJson)
    {
        try
        {
            var data = JsonNode.Parse(dataJson);
            if (type == "INTERACTION_CREATE" && data?["guild_id"] is not null)
            {
                if (data["channel_id"]?.GetValue<string>() is { } channel)
                {
                    _guildChannels.TryAdd(channel, 0);
                }

                if (data["token"]?.GetValue<string>() is { } token)
                {
                    _guildTokens.TryAdd(token, 0);
                }
            }
            else if (type == "GUILD_CREATE")
            {
                foreach (var channel in data?["channels"]?.AsArray() ?? [])
                {
                    if (channel?["id"]?.GetValue<string>() is { } id)
                    {
                        _guildChannels.TryAdd(id, 0);
                    }
                }

                if (data?["system_channel_id"] is JsonValue system && system.TryGetValue<string>(out var systemId))
                {
                    _guildChannels.TryAdd(systemId, 0);
                }
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            // a deliberately broken payload: nothing to note
        }
    }

    // ---- gateway controls
    public async Task DispatchAsync(string type, string dataJson)
    {
        NoteGuildTargets(type, dataJson);
        await _gatewayLock.WaitAsync();
        try
        {
            var s = ++_seq;
            _buffer.Add((s, type, dataJson));
            if (Current is { Ready: true } current)
            {
                var frame = Frame(0, dataJson, s, type);
                DispatchWriting?.Invoke(type, System.Diagnostics.Stopwatch.GetTimestamp());
                await current.TrySendAsync(frame);
            }
        }
        finally
        {
            _gatewayLock.Release();
        }
    }

    /// <summary>Op 7. The connection stops receiving dispatches (they are buffered for the resume's replay).</summary>
    public Task SendReconnectAsync()
    {
        var current = Current!;
        current.Ready = false;
        return current.TrySendAsync("""{"op":7,"d":null,"s":null,"t":null}""");
    }

    public Task SendInvalidSessionAsync(bool resumable)
    {
        var current = Current!;
        current.Ready = false;
        return current.TrySendAsync($$"""{"op":9,"d":{{(resumable ? "true" : "false")}},"s":null,"t":null}""");
    }

    public Task RequestHeartbeatAsync() => Current!.TrySendAsync("""{"op":1,"d":null,"s":null,"t":null}""");

    public Task CloseAsync(int code) => Current!.CloseAsync(code);

    public void Abort() => Current!.Abort();

    public static async Task WaitForAsync(Func<bool> condition, string what, int timeoutMs = 8000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("Timed out waiting for: " + what);
            }

            await Task.Delay(10);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return; // several test hosts (nodes) may share one fake
        }

        foreach (var c in Connections)
        {
            c.Abort();
        }

        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    internal string NextId() => Interlocked.Increment(ref _nextId).ToString(System.Globalization.CultureInfo.InvariantCulture);

    internal static string Frame(int op, string? d, int? s, string? t) =>
        $$"""{"op":{{op}},"d":{{d ?? "null"}},"s":{{(s is null ? "null" : s.Value.ToString(System.Globalization.CultureInfo.InvariantCulture))}},"t":{{(t is null ? "null" : "\"" + t + "\"")}}}""";

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        if (path is "/gw" or "/gw-resume")
        {
            await HandleGatewayAsync(context, path);
            return;
        }

        if (path.StartsWith("/api/v10", StringComparison.Ordinal))
        {
            await HandleRestAsync(context, path["/api/v10".Length..]);
            return;
        }

        context.Response.StatusCode = 404;
    }

    // ------------------------------------------------------------------ REST
    private async Task HandleRestAsync(HttpContext context, string path)
    {
        var arrived = System.Diagnostics.Stopwatch.GetTimestamp();
        var request = context.Request;
        string body;
        using (var reader = new StreamReader(request.Body, Encoding.UTF8))
        {
            body = await reader.ReadToEndAsync();
        }

        var headers = request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var method = request.Method;
        RestArrived?.Invoke(method, path, arrived);
        var response = Respond(method, path, request.QueryString.Value ?? "", headers, body);
        _requests.Enqueue(new RecordedRequest(method, path, request.QueryString.Value ?? "", headers, body, DateTimeOffset.UtcNow, response.Status, response.Body));

        context.Response.StatusCode = response.Status;
        foreach (var (name, value) in response.Headers ?? new Dictionary<string, string>())
        {
            context.Response.Headers[name] = value;
        }

        if (response.Body is not null)
        {
            context.Response.ContentType = response.ContentType;
            await context.Response.WriteAsync(response.Body);
        }
    }

    private ScriptedResponse Respond(string method, string path, string query, Dictionary<string, string> headers, string body)
    {
        var tokenRoute = path.StartsWith("/interactions/", StringComparison.Ordinal) || path.StartsWith("/webhooks/", StringComparison.Ordinal);
        if (!headers.TryGetValue("User-Agent", out var ua) || !ua.StartsWith("DiscordBot (", StringComparison.Ordinal))
        {
            return new ScriptedResponse(400, """{"code":0,"message":"User-Agent missing"}""");
        }

        if (!tokenRoute && (!headers.TryGetValue("Authorization", out var auth) || auth != "Bot " + Token))
        {
            return new ScriptedResponse(401, """{"code":0,"message":"401: Unauthorized"}""", new Dictionary<string, string> { ["Via"] = "1.1 google" });
        }

        if (body.Length > 0 && headers.TryGetValue("Content-Type", out var type) && !type.StartsWith("application/json", StringComparison.Ordinal)
            && !type.StartsWith("multipart/form-data", StringComparison.Ordinal))
        {
            return new ScriptedResponse(400, """{"code":50035,"message":"Invalid Form Body"}""");
        }

        lock (_scripts)
        {
            foreach (var (m, regex, responses) in _scripts)
            {
                if (m == method && regex.IsMatch(path) && responses.Count > 0)
                {
                    return responses.Dequeue();
                }
            }
        }

        Dictionary<string, string>? rateHeaders = null;
        foreach (var bucket in _buckets)
        {
            if (bucket.Matches(method, path))
            {
                var (allowed, h) = bucket.Take();
                if (!allowed)
                {
                    return new ScriptedResponse(429, $$"""{"message":"You are being rate limited.","retry_after":{{h["X-RateLimit-Reset-After"]}},"global":false}""", h);
                }

                rateHeaders = h;
            }
        }

        var ok = Default(method, path, query, body);
        return rateHeaders is null ? ok : ok with { Headers = rateHeaders };
    }

    private ScriptedResponse Default(string method, string path, string query, string body)
    {
        Match m;
        if (method == "GET" && path == "/gateway/bot")
        {
            return Json($$"""{"url":"{{GatewayUrl}}","shards":1,"session_start_limit":{"total":1000,"remaining":999,"reset_after":0,"max_concurrency":1} }""");
        }

        if (method == "POST" && (m = Regex.Match(path, @"^/channels/(\d+)/messages$")).Success)
        {
            return Json(CreateMessage(m.Groups[1].Value, body));
        }

        if (method == "PATCH" && (m = Regex.Match(path, @"^/channels/(\d+)/messages/(\d+)$")).Success)
        {
            return Json($$"""{"id":"{{m.Groups[2].Value}}","channel_id":"{{m.Groups[1].Value}}","type":0}""");
        }

        if (method == "POST" && path == "/users/@me/channels")
        {
            var recipient = JsonNode.Parse(body)?["recipient_id"]?.GetValue<string>() ?? "0";
            return Json($$"""{"id":"9{{recipient}}","type":1}""");
        }

        if (method == "POST" && (m = Regex.Match(path, @"^/interactions/(\d+)/([^/]+)/callback$")).Success)
        {
            if (!query.Contains("with_response=true", StringComparison.Ordinal))
            {
                return new ScriptedResponse(204);
            }

            var type = JsonNode.Parse(body)?["type"]?.GetValue<int>() ?? 0;
            var message = type is 4 or 7 ? $$""","message":{"id":"{{NextId()}}","channel_id":"","type":20}""" : "";
            return Json($$"""{"interaction":{"id":"{{m.Groups[1].Value}}","type":2},"resource":{"type":{{type}}{{message}} } }""");
        }

        if (method == "PATCH" && (m = Regex.Match(path, @"^/webhooks/(\d+)/([^/]+)/messages/(@original|\d+)$")).Success)
        {
            var id = m.Groups[3].Value == "@original" ? NextId() : m.Groups[3].Value;
            return Json($$"""{"id":"{{id}}","channel_id":"","type":20}""");
        }

        if (method == "DELETE" && Regex.IsMatch(path, @"^/webhooks/(\d+)/([^/]+)/messages/@original$"))
        {
            return new ScriptedResponse(204);
        }

        if (method == "POST" && Regex.IsMatch(path, @"^/webhooks/(\d+)/([^/]+)$"))
        {
            return Json($$"""{"id":"{{NextId()}}","channel_id":"","type":0}""");
        }

        if (method == "PUT" && Regex.IsMatch(path, @"^/applications/\d+(/guilds/\d+)?/commands$"))
        {
            return Json(body);
        }

        return new ScriptedResponse(404, """{"code":0,"message":"404: Not Found"}""");
    }

    private static ScriptedResponse Json(string body) => new(200, body);

    /// <summary>
    /// Create message as Discord does with <c>enforce_nonce</c>: a message with the nonce of one the same author (this
    /// fake has one: the bot) created within <see cref="NonceWindow"/> is not created again; the earlier one comes back.
    /// </summary>
    private string CreateMessage(string channelId, string body)
    {
        var json = body.TrimStart().StartsWith('{') ? JsonNode.Parse(body) : PayloadJson(body);
        var nonce = json?["nonce"]?.ToString();
        var enforce = json?["enforce_nonce"]?.GetValue<bool>() == true;
        lock (_nonces)
        {
            var now = DateTimeOffset.UtcNow;
            if (nonce is not null && enforce && _nonces.TryGetValue(nonce, out var earlier) && now - earlier.At < NonceWindow)
            {
                Interlocked.Increment(ref _nonceRepeats);
                return earlier.Response;
            }

            var response = $$"""{"id":"{{NextId()}}","channel_id":"{{channelId}}","type":0}""";
            Interlocked.Increment(ref _messagesCreated);
            if (nonce is not null)
            {
                _nonces[nonce] = (now, response);
            }

            return response;
        }
    }

    /// <summary>The payload_json part of a multipart create message (a file with a message).</summary>
    private static JsonNode? PayloadJson(string body)
    {
        var match = Regex.Match(body, @"name=""?payload_json""?\r?\n(?:[^\r\n]+\r?\n)*\r?\n(\{.*?\})\r?\n--", RegexOptions.Singleline);
        return match.Success ? JsonNode.Parse(match.Groups[1].Value) : null;
    }

    // ------------------------------------------------------------------ gateway
    private async Task HandleGatewayAsync(HttpContext context, string path)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = 400;
            return;
        }

        if (RejectWebSockets)
        {
            context.Response.StatusCode = 503;
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        FakeGatewayConnection connection;
        lock (_connections)
        {
            connection = new FakeGatewayConnection(this, context, socket, path, context.Request.QueryString.Value ?? "", _connections.Count + 1,
                context.Request.Headers.UserAgent.ToString());
            _connections.Add(connection);
        }

        if (OnConnect is { } onConnect)
        {
            await onConnect(connection);
        }

        if (!connection.SkipHello)
        {
            await connection.SendHelloAsync(HeartbeatIntervalMs);
        }

        await connection.RunAsync();
    }

    internal async Task OnIdentifyAsync(FakeGatewayConnection connection, JsonElement d)
    {
        lock (_identifies)
        {
            _identifies.Add(d.Clone());
        }

        if (d.GetProperty("token").GetString() != Token)
        {
            await connection.CloseAsync(4004);
            return;
        }

        await _gatewayLock.WaitAsync();
        try
        {
            SessionId = "sess-" + Interlocked.Increment(ref _sessionNumber).ToString(System.Globalization.CultureInfo.InvariantCulture);
            _buffer.Clear();
            _seq = 0;
            var s = ++_seq;
            var padding = ReadyPaddingBytes > 0 ? $$""","padding":"{{new string('x', ReadyPaddingBytes)}}" """ : "";
            var ready = $$"""{"v":10,"user":{"id":"{{BotUserId}}","username":"BreatheBot","bot":true},"guilds":[{"id":"700","unavailable":true}],"session_id":"{{SessionId}}","resume_gateway_url":"{{ResumeUrl}}","application":{"id":"{{ApplicationId}}","flags":0}{{padding}}}""";
            await connection.TrySendAsync(Frame(0, ready, s, "READY"), ReadyFragmentSize);
            connection.Ready = true;
        }
        finally
        {
            _gatewayLock.Release();
        }
    }

    internal async Task OnResumeAsync(FakeGatewayConnection connection, JsonElement d)
    {
        int? seq = d.TryGetProperty("seq", out var seqEl) && seqEl.ValueKind == JsonValueKind.Number ? seqEl.GetInt32() : null;
        lock (_resumeSeqs)
        {
            _resumeSeqs.Add(seq);
        }

        await _gatewayLock.WaitAsync();
        try
        {
            if (RejectResumes || d.GetProperty("token").GetString() != Token || d.GetProperty("session_id").GetString() != SessionId || seq is null || seq > _seq)
            {
                await connection.TrySendAsync("""{"op":9,"d":false,"s":null,"t":null}""");
                return;
            }

            foreach (var (s, t, data) in _buffer.Where(b => b.S > seq))
            {
                await connection.TrySendAsync(Frame(0, data, s, t));
            }

            await connection.TrySendAsync(Frame(0, "{}", ++_seq, "RESUMED"));
            connection.Ready = true;
        }
        finally
        {
            _gatewayLock.Release();
        }
    }

    private sealed class SimulatedBucket(string hash, int limit, TimeSpan window, List<(string Method, Regex Path)> routes)
    {
        private readonly Lock _lock = new();
        private DateTimeOffset _windowStart = DateTimeOffset.MinValue;
        private int _used;

        public bool Matches(string method, string path) => routes.Any(r => r.Method == method && r.Path.IsMatch(path));

        public (bool Allowed, Dictionary<string, string> Headers) Take()
        {
            lock (_lock)
            {
                var now = DateTimeOffset.UtcNow;
                if (now - _windowStart >= window)
                {
                    _windowStart = now;
                    _used = 0;
                }

                var allowed = _used < limit;
                if (allowed)
                {
                    _used++;
                }

                var resetAfter = Math.Max(0, (_windowStart + window - now).TotalSeconds);
                var headers = new Dictionary<string, string>
                {
                    ["Via"] = "1.1 google",
                    ["X-RateLimit-Limit"] = limit.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    ["X-RateLimit-Remaining"] = (limit - _used).ToString(System.Globalization.CultureInfo.InvariantCulture),
                    ["X-RateLimit-Reset-After"] = resetAfter.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture),
                    ["X-RateLimit-Bucket"] = hash,
                };
                if (!allowed)
                {
                    headers["X-RateLimit-Scope"] = "user";
                }

                return (allowed, headers);
            }
        }
    }
}

/// <summary>One accepted gateway socket on the fake's side.</summary>
public sealed class FakeGatewayConnection(FakeDiscord server, HttpContext context, WebSocket socket, string path, string query, int index, string userAgent)
{
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly List<(DateTimeOffset At, int? D)> _heartbeats = [];

    public string Path { get; } = path;

    public string Query { get; } = query;

    public int Index { get; } = index;

    public string UserAgent { get; } = userAgent;

    public bool QueryOk => Query.Contains("v=10", StringComparison.Ordinal) && Query.Contains("encoding=json", StringComparison.Ordinal);

    public bool SkipHello { get; set; }

    public volatile bool Ready;

    public DateTimeOffset? HelloSentAt { get; private set; }

    public int? ClientCloseCode { get; private set; }

    public bool Ended { get; private set; }

    public bool Dropped { get; private set; }

    public IReadOnlyList<(DateTimeOffset At, int? D)> Heartbeats
    {
        get
        {
            lock (_heartbeats)
            {
                return [.. _heartbeats];
            }
        }
    }

    public List<int> OpsReceived { get; } = [];

    public async Task SendHelloAsync(int intervalMs)
    {
        HelloSentAt = DateTimeOffset.UtcNow;
        await TrySendAsync($$"""{"op":10,"d":{"heartbeat_interval":{{intervalMs}}},"s":null,"t":null}""");
    }

    public async Task TrySendAsync(string json, int? fragmentSize = null)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        await _sendLock.WaitAsync();
        try
        {
            if (socket.State != WebSocketState.Open)
            {
                return;
            }

            var size = fragmentSize ?? bytes.Length;
            for (var offset = 0; offset < bytes.Length; offset += size)
            {
                var count = Math.Min(size, bytes.Length - offset);
                await socket.SendAsync(bytes.AsMemory(offset, count), WebSocketMessageType.Text, offset + count >= bytes.Length, CancellationToken.None);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException or IOException)
        {
        }
        finally
        {
            _sendLock.Release();
        }
    }

    public async Task CloseAsync(int code)
    {
        Ready = false;
        await _sendLock.WaitAsync();
        try
        {
            if (socket.State == WebSocketState.Open)
            {
                await socket.CloseOutputAsync((WebSocketCloseStatus)code, "fake close", CancellationToken.None);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException or IOException)
        {
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Drops the TCP connection without a close frame.</summary>
    public void Abort()
    {
        Ready = false;
        if (Ended)
        {
            return;
        }

        try
        {
            context.Abort();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    internal async Task RunAsync()
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (socket.State is WebSocketState.Open or WebSocketState.CloseSent)
            {
                using var message = new MemoryStream();
                WebSocketReceiveResult result;
                do
                {
                    result = await socket.ReceiveAsync(buffer, CancellationToken.None);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        ClientCloseCode = (int?)result.CloseStatus;
                        if (socket.State == WebSocketState.CloseReceived)
                        {
                            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
                        }

                        return;
                    }

                    message.Write(buffer, 0, result.Count);
                }
                while (!result.EndOfMessage);

                using var doc = JsonDocument.Parse(message.ToArray());
                var op = doc.RootElement.GetProperty("op").GetInt32();
                lock (OpsReceived)
                {
                    OpsReceived.Add(op);
                }

                var d = doc.RootElement.GetProperty("d");
                switch (op)
                {
                    case 1:
                        lock (_heartbeats)
                        {
                            _heartbeats.Add((DateTimeOffset.UtcNow, d.ValueKind == JsonValueKind.Number ? d.GetInt32() : null));
                        }

                        if (server.AckHeartbeats)
                        {
                            await TrySendAsync("""{"op":11,"d":null,"s":null,"t":null}""");
                        }

                        break;
                    case 2:
                        await server.OnIdentifyAsync(this, d);
                        break;
                    case 6:
                        await server.OnResumeAsync(this, d);
                        break;
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or IOException or OperationCanceledException or ObjectDisposedException)
        {
            Dropped = true;
        }
        finally
        {
            Ready = false;
            Ended = true;
        }
    }
}
