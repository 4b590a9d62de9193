using System.Diagnostics;
using System.Net.Http.Headers;

namespace BreatheBot.Benchmarks.Telegram;

/// <summary>
/// B8 webhook mode: Telegram's side of a webhook. Each chat's updates are POSTed one at a time (the next only after
/// the bot answered the previous one with 200), many chats at once, at most <c>connections</c> POSTs in flight (Telegram's
/// max_connections, 1-100). The secret goes in X-Telegram-Bot-Api-Secret-Token. A non-200 answer or a failed request is
/// retried up to 3 times in all, as Telegram resends, and counted.
/// </summary>
internal sealed class WebhookDelivery : IAsyncDisposable
{
    public const string SecretHeader = "X-Telegram-Bot-Api-Secret-Token";
    private const int Attempts = 3;
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    private readonly HttpClient _http;
    private readonly Uri _endpoint;
    private readonly string _secret;
    private readonly SemaphoreSlim _connections;
    private readonly Action<int, long> _posting;
    private readonly CancellationTokenSource _stop = new();
    private readonly object _gate = new();
    private readonly Dictionary<long, Queue<(int Id, byte[] Body)>> _busyChats = []; // chat -> updates waiting behind the one in flight
    private int _pumps;
    private int _errors;

    /// <param name="posting">Called with the update id and a <see cref="Stopwatch"/> timestamp just before its first POST (t0).</param>
    public WebhookDelivery(string endpoint, string secret, int connections, Action<int, long> posting)
    {
        _endpoint = new Uri(endpoint);
        _secret = secret;
        _connections = new SemaphoreSlim(connections, connections);
        _posting = posting;
        _http = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            UseProxy = false,
        })
        {
            Timeout = TimeSpan.FromSeconds(60),
        };
    }

    /// <summary>POSTs and non-200 answers that were retried or given up (0 in a clean run).</summary>
    public int Errors => Volatile.Read(ref _errors);

    /// <summary>Queues an update of a chat: POSTed now if the chat has nothing in flight, else after its earlier ones.</summary>
    public void Enqueue(long chat, int id, byte[] body)
    {
        lock (_gate)
        {
            if (_busyChats.TryGetValue(chat, out var waiting))
            {
                waiting.Enqueue((id, body));
                return;
            }

            _busyChats[chat] = new Queue<(int, byte[])>();
            _pumps++;
        }

        _ = Task.Run(() => PumpAsync(chat, id, body));
    }

    private async Task PumpAsync(long chat, int id, byte[] body)
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                await DeliverAsync(id, body);
                lock (_gate)
                {
                    if (!_busyChats[chat].TryDequeue(out var next))
                    {
                        _busyChats.Remove(chat);
                        return;
                    }

                    (id, body) = next;
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        finally
        {
            lock (_gate)
            {
                _pumps--;
            }
        }
    }

    private async Task DeliverAsync(int id, byte[] body)
    {
        await _connections.WaitAsync(_stop.Token);
        try
        {
            for (var attempt = 1; attempt <= Attempts && !_stop.IsCancellationRequested; attempt++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, _endpoint) { Content = new ByteArrayContent(body) };
                request.Content.Headers.ContentType = Json;
                request.Headers.Add(SecretHeader, _secret);
                if (attempt == 1)
                {
                    _posting(id, Stopwatch.GetTimestamp());
                }

                try
                {
                    using var response = await _http.SendAsync(request, _stop.Token);
                    if (response.IsSuccessStatusCode)
                    {
                        return;
                    }
                }
                catch (HttpRequestException)
                {
                    // counted below, like a non-200: Telegram would resend
                }

                Interlocked.Increment(ref _errors);
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        finally
        {
            _connections.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        var drain = Stopwatch.StartNew();
        while (drain.Elapsed < TimeSpan.FromSeconds(10))
        {
            lock (_gate)
            {
                if (_pumps == 0)
                {
                    break;
                }
            }

            await Task.Delay(20);
        }

        await _stop.CancelAsync();
        await Task.Delay(100);
        _http.Dispose();
        _stop.Dispose();
    }
}
