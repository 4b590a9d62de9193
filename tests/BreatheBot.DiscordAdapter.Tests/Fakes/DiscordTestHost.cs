using System.Collections.Concurrent;
using System.Threading.Channels;
using BreatheBot.Core.Conversations;
using BreatheBot.Core.Messaging;
using BreatheBot.DiscordAdapter.Gateway;
using BreatheBot.DiscordAdapter.State;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace BreatheBot.DiscordAdapter.Tests.Fakes;

/// <summary>Pins jitter so delays are predictable.</summary>
public sealed class FixedRandom(double value) : IRandomSource
{
    public double Value { get; set; } = value;

    public double NextDouble() => Value;
}

/// <summary>
/// The real adapter registration (AddDiscordAdapter) pointed at a <see cref="FakeDiscord"/>, with millisecond delays,
/// an in-memory state store, a recording conversation handler and captured logs. On dispose it checks that no log line
/// carries the bot token or an interaction token.
/// </summary>
internal sealed class DiscordTestHost : IAsyncDisposable
{
    private readonly List<Task> _runs = [];
    private readonly CancellationTokenSource _stop = new();

    private DiscordTestHost(FakeDiscord fake, IHost host)
    {
        Fake = fake;
        Host = host;
    }

    public FakeDiscord Fake { get; }

    public IHost Host { get; }

    public RecordingConversationHandler Handler => (RecordingConversationHandler)Host.Services.GetRequiredService<IConversationHandler>();

    public FakeLogCollector Logs => Host.Services.GetFakeLogCollector();

    public FixedRandom Random => (FixedRandom)Host.Services.GetRequiredService<IRandomSource>();

    public CancellationToken Stopping => _stop.Token;

    public static async Task<DiscordTestHost> StartAsync(
        Action<Dictionary<string, string?>>? configure = null,
        Action<IServiceCollection>? services = null,
        FakeDiscord? fake = null)
    {
        fake ??= await FakeDiscord.StartAsync();
        var settings = new Dictionary<string, string?>
        {
            ["Discord:BotToken"] = FakeDiscord.Token,
            ["Discord:ApplicationId"] = FakeDiscord.ApplicationId,
            ["Discord:ApiBaseUrl"] = fake.ApiBase,
            ["Discord:StateFile"] = Path.Combine(Path.GetTempPath(), "breathebot-discord-tests", Guid.NewGuid().ToString("N") + ".json"),
            ["Discord:ConnectTimeout"] = "00:00:03",
            ["Discord:HelloTimeout"] = "00:00:03",
            ["Discord:ReadyTimeout"] = "00:00:03",
            ["Discord:CloseTimeout"] = "00:00:01",
            ["Discord:ReconnectBackoffBase"] = "00:00:00.020",
            ["Discord:ReconnectBackoffCap"] = "00:00:00.200",
            ["Discord:ReconnectJitterMax"] = "00:00:00.010",
            ["Discord:InvalidSessionDelayMin"] = "00:00:00.010",
            ["Discord:InvalidSessionDelayMax"] = "00:00:00.030",
            ["Discord:IdentifyInterval"] = "00:00:00.050",
            ["Discord:IdentifyExtraJitterMax"] = "00:00:00",
            ["Discord:RestServerErrorBaseDelay"] = "00:00:00.010",
            ["Discord:InteractionDeferAfter"] = "00:00:01.500",
        };
        configure?.Invoke(settings);

        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            EnvironmentName = "Test",
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Trace);
        builder.Logging.AddFakeLogging();
        builder.Services.AddSingleton<IRandomSource>(new FixedRandom(0.5));
        builder.Services.AddSingleton<IDiscordStateStore, InMemoryDiscordStateStore>();
        builder.Services.TryAddSingleton<IConversationHandler>(sp => new RecordingConversationHandler(sp));
        services?.Invoke(builder.Services);
        builder.AddDiscordAdapter();
        var host = builder.Build();
        return new DiscordTestHost(fake, host);
    }

    public T Get<T>()
        where T : notnull => Host.Services.GetRequiredService<T>();

    /// <summary>Runs the gateway client alone, collecting dispatches.</summary>
    public GatewayRun RunGateway()
    {
        var sink = Channel.CreateUnbounded<GatewayDispatch>();
        var client = Get<DiscordGatewayClient>();
        var run = new GatewayRun(client, sink, CancellationTokenSource.CreateLinkedTokenSource(_stop.Token));
        run.Task = Task.Run(() => client.RunAsync(sink.Writer, run.Cancellation.Token));
        _runs.Add(run.Task);
        return run;
    }

    /// <summary>Runs gateway + dispatcher (what the hosted service does) without the host lifetime.</summary>
    public Task<GatewayExit> RunAdapter()
    {
        var dispatches = Channel.CreateBounded<GatewayDispatch>(64);
        var dispatcher = Get<DiscordDispatcher>();
        var gateway = Get<DiscordGatewayClient>();
        var dispatching = Task.Run(() => dispatcher.RunAsync(dispatches.Reader, _stop.Token));
        _runs.Add(dispatching);
        var task = Task.Run(async () =>
        {
            try
            {
                return await gateway.RunAsync(dispatches.Writer, _stop.Token);
            }
            finally
            {
                dispatches.Writer.TryComplete();
            }
        });
        _runs.Add(task);
        return task;
    }

    public async Task WaitReadyAsync(int connections = 1) =>
        await FakeDiscord.WaitForAsync(() => Fake.ConnectionCount >= connections && Fake.Current is { Ready: true } && Get<DiscordGatewayClient>().State == GatewayState.Ready, "gateway ready");

    public void AssertNoSecretsLogged()
    {
        foreach (var record in Logs.GetSnapshot())
        {
            var text = record.Message + " " + record.Exception + " " + string.Join(" ", record.StructuredState?.Select(kv => kv.Value) ?? []);
            Assert.DoesNotContain(FakeDiscord.Token, text, StringComparison.Ordinal);
            Assert.DoesNotContain("itok-", text, StringComparison.Ordinal);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        foreach (var run in _runs)
        {
            try
            {
                await run.WaitAsync(TimeSpan.FromSeconds(5));
            }
            catch (Exception ex) when (ex is OperationCanceledException or TimeoutException)
            {
            }
        }

        try
        {
            AssertNoSecretsLogged();
        }
        finally
        {
            Host.Dispose();
            await Fake.DisposeAsync();
            _stop.Dispose();
        }
    }
}

internal sealed class GatewayRun(DiscordGatewayClient client, Channel<GatewayDispatch> sink, CancellationTokenSource cancellation)
{
    private readonly ConcurrentQueue<GatewayDispatch> _received = new();

    public DiscordGatewayClient Client { get; } = client;

    public CancellationTokenSource Cancellation { get; } = cancellation;

    public Task<GatewayExit> Task { get; internal set; } = null!;

    /// <summary>Drains the sink into <see cref="Received"/> and returns the event types seen so far.</summary>
    public IReadOnlyList<GatewayDispatch> Received
    {
        get
        {
            while (sink.Reader.TryRead(out var d))
            {
                _received.Enqueue(d);
            }

            return [.. _received];
        }
    }

    public IReadOnlyList<string> Types => Received.Select(d => d.Type).ToList();

    public async Task<GatewayExit> StopAsync()
    {
        await Cancellation.CancelAsync();
        return await Task.WaitAsync(TimeSpan.FromSeconds(5));
    }
}

/// <summary>A stand-in for the core: records events and answers with scripted replies through replyVia or the registered sender.</summary>
public sealed class RecordingConversationHandler(IServiceProvider services) : IConversationHandler
{
    private readonly ConcurrentQueue<InboundEvent> _received = new();

    public IReadOnlyList<InboundEvent> Received => [.. _received];

    public Func<InboundEvent, IReadOnlyList<Reply>>? Respond { get; set; }

    public Func<InboundEvent, CancellationToken, Task>? Before { get; set; }

    public Action<InboundEvent>? BlockingWork { get; set; }

    public async Task<TurnReceipt> HandleAsync(InboundEvent inbound, IReplySender? replyVia = null, CancellationToken cancellationToken = default)
    {
        _received.Enqueue(inbound);
        BlockingWork?.Invoke(inbound);
        if (Before is { } before)
        {
            await before(inbound, cancellationToken);
        }

        var replies = Respond?.Invoke(inbound) ?? [];
        if (replies.Count > 0)
        {
            var sender = replyVia ?? services.GetServices<IReplySender>().First(s => s.Platform == Platform.Discord);
            await sender.SendAsync(inbound.Key, inbound.Chat, replies, cancellationToken);
        }

        return new TurnReceipt(false, Task.CompletedTask);
    }

    public Task MigrateChatAsync(Platform platform, string fromChatId, string toChatId, CancellationToken cancellationToken = default) => Task.CompletedTask;
}
