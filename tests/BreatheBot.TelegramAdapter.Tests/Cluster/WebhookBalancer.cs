using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using BreatheBot.TelegramAdapter.Tests.Fakes;

namespace BreatheBot.TelegramAdapter.Tests.Cluster;

/// <summary>One POST of an update to one node: when it started and ended, and how (200, another status, or an error).</summary>
public sealed record WebhookAttempt(int Node, DateTimeOffset Started, DateTimeOffset Ended, int Status, string? Error)
{
    public bool Ok => Status == 200;
}

/// <summary>An update on its way: every attempt, and the node that answered 200 (its turn is durable from then on).</summary>
public sealed class WebhookDelivery(int updateId, long chat, DateTimeOffset queuedAt)
{
    private readonly List<WebhookAttempt> _attempts = [];

    public int UpdateId { get; } = updateId;

    public long Chat { get; } = chat;

    public DateTimeOffset QueuedAt { get; } = queuedAt;

    public int? AckedBy { get; private set; }

    public DateTimeOffset? AckedAt { get; private set; }

    public IReadOnlyList<WebhookAttempt> Attempts
    {
        get
        {
            lock (_attempts)
            {
                return [.. _attempts];
            }
        }
    }

    internal void Add(WebhookAttempt attempt)
    {
        lock (_attempts)
        {
            _attempts.Add(attempt);
            if (attempt.Ok)
            {
                AckedBy = attempt.Node;
                AckedAt = attempt.Ended;
            }
        }
    }
}

/// <summary>
/// Telegram's side of a webhook with a load balancer in front of several nodes: the fake's updates
/// (<see cref="FakeTelegramServer.PushUpdate"/>) are POSTed, with the secret header, to a random node; a POST that fails
/// (refused, reset, timed out, or answered with anything but 200) is sent again at once to another node, as a load
/// balancer would, until one answers 200 or <see cref="GiveUpAfter"/> passes. Per chat one update at a time and in order
/// (the next waits for the previous one's 200), as Telegram delivers a chat's updates; chats go in parallel.
/// </summary>
public sealed class WebhookBalancer : IDisposable
{
    // a proxy's read timeout (README: proxy_read_timeout 30s); a turn may wait up to 30 s for its conversation's lock
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly IReadOnlyList<Uri> _nodes;
    private readonly string _secret;
    private readonly Random _random;
    private readonly Lock _gate = new();
    private readonly Dictionary<long, Task> _chains = [];
    private readonly Dictionary<int, WebhookDelivery> _deliveries = [];
    private readonly CancellationTokenSource _stopping = new();
    private readonly int[] _inFlight;

    public WebhookBalancer(IReadOnlyList<Uri> nodes, string secret, int seed)
    {
        _nodes = nodes;
        _secret = secret;
        _random = new Random(seed);
        _inFlight = new int[nodes.Count];
    }

    /// <summary>POSTs to <paramref name="node"/> sent and not yet answered.</summary>
    public int InFlightOn(int node) => Volatile.Read(ref _inFlight[node]);

    public TimeSpan GiveUpAfter { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Every update pushed so far, by update id.</summary>
    public IReadOnlyDictionary<int, WebhookDelivery> Deliveries
    {
        get
        {
            lock (_gate)
            {
                return new Dictionary<int, WebhookDelivery>(_deliveries);
            }
        }
    }

    /// <summary>Updates not yet answered 200 by any node.</summary>
    public int Pending
    {
        get
        {
            lock (_gate)
            {
                return _deliveries.Values.Count(d => d.AckedBy is null);
            }
        }
    }

    /// <summary>For <see cref="FakeTelegramServer.PushUpdate"/>: queues the update behind its chat's earlier ones.</summary>
    public void Push(JsonObject update)
    {
        ArgumentNullException.ThrowIfNull(update);
        var id = update["update_id"]!.GetValue<int>();
        var chat = ChatOf(update);
        var body = update.ToJsonString();
        var delivery = new WebhookDelivery(id, chat, DateTimeOffset.UtcNow);
        lock (_gate)
        {
            _deliveries[id] = delivery;
            var previous = _chains.GetValueOrDefault(chat, Task.CompletedTask);
            _chains[chat] = previous.ContinueWith(_ => DeliverAsync(delivery, body), CancellationToken.None,
                TaskContinuationOptions.None, TaskScheduler.Default).Unwrap();
        }
    }

    /// <summary>Waits until every update pushed so far was answered 200 (or given up).</summary>
    public async Task DrainAsync(TimeSpan limit)
    {
        Task[] chains;
        lock (_gate)
        {
            chains = [.. _chains.Values];
        }

        await Task.WhenAll(chains).WaitAsync(limit).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    /// <summary>POSTs <paramref name="update"/> to one node until it answers 200 (warm-up: the first turn of a process is slow).</summary>
    public async Task<bool> PostToAsync(int node, JsonObject update, TimeSpan limit)
    {
        ArgumentNullException.ThrowIfNull(update);
        var until = Stopwatch.StartNew();
        while (until.Elapsed < limit)
        {
            try
            {
                using var content = new StringContent(update.ToJsonString(), Encoding.UTF8);
                content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                using var request = new HttpRequestMessage(HttpMethod.Post, _nodes[node]) { Content = content };
                request.Headers.Add("X-Telegram-Bot-Api-Secret-Token", _secret);
                using var response = await _http.SendAsync(request).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    return true;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
            {
            }

            await Task.Delay(200).ConfigureAwait(false);
        }

        return false;
    }

    public void Dispose()
    {
        _stopping.Cancel();
        _http.Dispose();
        _stopping.Dispose();
    }

    private async Task DeliverAsync(WebhookDelivery delivery, string body)
    {
        var until = Stopwatch.StartNew();
        var node = Pick(exclude: null);
        var failuresInARow = 0;
        while (!_stopping.IsCancellationRequested && until.Elapsed < GiveUpAfter)
        {
            var started = DateTimeOffset.UtcNow;
            int status;
            string? error = null;
            Interlocked.Increment(ref _inFlight[node]);
            try
            {
                using var content = new StringContent(body, Encoding.UTF8);
                content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                using var request = new HttpRequestMessage(HttpMethod.Post, _nodes[node]) { Content = content };
                request.Headers.Add("X-Telegram-Bot-Api-Secret-Token", _secret);
                using var response = await _http.SendAsync(request, _stopping.Token).ConfigureAwait(false);
                status = (int)response.StatusCode;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
            {
                status = 0;
                error = ex.GetType().Name + ": " + ex.Message;
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight[node]);
            }

            delivery.Add(new WebhookAttempt(node, started, DateTimeOffset.UtcNow, status, error));
            if (status == 200)
            {
                return;
            }

            // another node at once; after every node failed in a row, a short pause (all down, or all restarting)
            if (++failuresInARow % _nodes.Count == 0)
            {
                await Task.Delay(100).ConfigureAwait(false);
            }

            node = Pick(exclude: node);
        }
    }

    private int Pick(int? exclude)
    {
        lock (_gate)
        {
            if (exclude is not { } excluded || _nodes.Count == 1)
            {
                return _random.Next(_nodes.Count);
            }

            var other = _random.Next(_nodes.Count - 1);
            return other >= excluded ? other + 1 : other;
        }
    }

    private static long ChatOf(JsonObject update)
    {
        var message = update["message"] ?? update["callback_query"]?["message"] ?? update["edited_message"];
        return message?["chat"]?["id"]?.GetValue<long>() ?? 0;
    }
}
