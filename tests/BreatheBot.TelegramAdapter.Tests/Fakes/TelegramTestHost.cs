using BreatheBot.Core.Conversations;
using BreatheBot.TelegramAdapter.Outbound;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace BreatheBot.TelegramAdapter.Tests.Fakes;

/// <summary>A real generic host with the Telegram adapter pointed at the fake server and a fake core.</summary>
public sealed class TelegramTestHost : IAsyncDisposable
{
    private TelegramTestHost(IHost host, FakeLogCollector logs)
    {
        Host = host;
        Logs = logs;
    }

    public IHost Host { get; }

    public FakeLogCollector Logs { get; }

    internal TelegramOutbox Outbox => Host.Services.GetRequiredService<TelegramOutbox>();

    /// <summary>Fast settings for tests: short polls, short backoffs, no rate limits unless a test sets them.</summary>
    public static Dictionary<string, string?> DefaultSettings(FakeTelegramServer server) => new()
    {
        ["Telegram:BotToken"] = FakeTelegramServer.Token,
        ["Telegram:ApiBaseUrl"] = server.BaseUrl,
        ["Telegram:LongPollTimeoutSeconds"] = "1",
        ["Telegram:RequestTimeout"] = "00:00:01",
        ["Telegram:PollingBackoffBase"] = "00:00:00.050",
        ["Telegram:PollingBackoffMax"] = "00:00:00.200",
        ["Telegram:ConflictBackoff"] = "00:00:00.100",
        ["Telegram:RetryBaseDelay"] = "00:00:00.050",
        ["Telegram:RetryMaxDelay"] = "00:00:00.200",
        ["Telegram:PerChatInterval"] = "00:00:00",
        ["Telegram:GroupMessagesPerMinute"] = "1000",
        ["Telegram:GlobalMessagesPerSecond"] = "1000",
        ["Health:Urls"] = "http://127.0.0.1:0", // the real host serves health on a free port: tests run in parallel
    };

    /// <param name="services">Extra registrations (a node's shared <c>IClusterLeases</c>, say), made before the adapter's.</param>
    public static IHost Build(IDictionary<string, string?> settings, FakeConversationHandler.DurableState durable, FakeLogCollector logs, Action<IServiceCollection>? services = null)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.SetMinimumLevel(LogLevel.Trace);
        builder.Logging.AddProvider(new FakeLoggerProvider(logs));
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));
        builder.Services.AddSingleton(durable);
        builder.Services.AddSingleton<IConversationHandler, FakeConversationHandler>();
        services?.Invoke(builder.Services);
        builder.AddTelegramAdapter();
        return builder.Build();
    }

    public static async Task<TelegramTestHost> StartAsync(
        FakeTelegramServer server,
        FakeConversationHandler.DurableState durable,
        Action<Dictionary<string, string?>>? configure = null,
        FakeLogCollector? logs = null,
        Action<IServiceCollection>? services = null)
    {
        var settings = DefaultSettings(server);
        configure?.Invoke(settings);
        logs ??= new FakeLogCollector();
        var host = Build(settings, durable, logs, services);
        await host.StartAsync();
        return new TelegramTestHost(host, logs);
    }

    public async ValueTask DisposeAsync()
    {
        await Host.StopAsync();
        Host.Dispose();
    }

    /// <summary>Every formatted log line with its exception text, for "never logs X" assertions.</summary>
    public static string AllText(FakeLogCollector logs) =>
        string.Join('\n', logs.GetSnapshot().Select(r => $"{r.Level} {r.Id} {r.Message} {r.Exception} {string.Join(',', r.StructuredState?.Select(kv => kv.Value) ?? [])}"));
}
