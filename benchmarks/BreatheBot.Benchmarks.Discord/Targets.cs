using System.Text.Json;
using System.Threading.Channels;
using BreatheBot.DiscordAdapter;
using BreatheBot.DiscordAdapter.Gateway;
using BreatheBot.DiscordAdapter.Model;
using BreatheBot.DiscordAdapter.Rest;
using BreatheBot.DiscordAdapter.Tests.Fakes;
using BreatheBot.Host;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace BreatheBot.Benchmarks.Discord;

/// <summary>What answers the fake's events: the real bot, or the echo baseline.</summary>
internal interface IBenchTarget : IAsyncDisposable
{
    string Name { get; }
}

/// <summary>
/// The real BreatheBot host (BreatheBotHost.CreateBuilder: core, LiteDB diary in a file on the real disk, Discord adapter),
/// configured with in-memory settings pointing at the fake. Logs: warnings and above, to the console.
/// </summary>
internal sealed class BotTarget : IBenchTarget
{
    private readonly IHost _host;
    private readonly string _folder;

    private BotTarget(IHost host, string folder)
    {
        _host = host;
        _folder = folder;
    }

    public string Name => "bot";

    public static async Task<BotTarget> StartAsync(FakeDiscord fake, string directory)
    {
        var folder = System.IO.Directory.CreateDirectory(Path.Combine(directory, "b9-" + Guid.NewGuid().ToString("N"))).FullName;
        var builder = BreatheBotHost.CreateBuilder([], c => c.AddInMemoryCollection(B9Benchmark.DiscordSettings(fake, folder, new Dictionary<string, string?>
        {
            ["Storage:Path"] = Path.Combine(folder, "diary.db"),
            ["Health:Urls"] = "http://127.0.0.1:0", // a free port: several hosts may run at once
            ["Terminal:FilesDirectory"] = Path.Combine(folder, "files"),
            ["Telegram:BotToken"] = string.Empty,
        })));
        Quiet(builder.Logging);
        var host = builder.Build();
        await host.StartAsync();
        return new BotTarget(host, folder);
    }

    internal static void Quiet(ILoggingBuilder logging)
    {
        logging.ClearProviders();
        logging.AddConsole();
        logging.AddFilter<ConsoleLoggerProvider>(null, LogLevel.Warning);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
        try
        {
            System.IO.Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>
/// The baseline: a minimal echo bot on the adapter's own gateway client (<see cref="DiscordGatewayClient"/>) and REST
/// client (<see cref="IDiscordRestClient"/>), wired by the same AddDiscordAdapter registration and options, that answers
/// each event with one REST call and nothing else: an interaction with a type 4 callback, a DM with a create message.
/// As many workers as the bot has handler threads (<see cref="DiscordOptions.HandlerConcurrency"/>); no core, no storage.
/// </summary>
internal sealed class EchoTarget : IBenchTarget
{
    private readonly IHost _host;
    private readonly CancellationTokenSource _stop = new();
    private readonly string _folder;
    private Task _gateway = Task.CompletedTask;
    private Task[] _workers = [];

    private EchoTarget(IHost host, string folder)
    {
        _host = host;
        _folder = folder;
    }

    public string Name => "echo";

    public int Errors;

    public static Task<EchoTarget> StartAsync(FakeDiscord fake, string directory)
    {
        var folder = System.IO.Directory.CreateDirectory(Path.Combine(directory, "b9-echo-" + Guid.NewGuid().ToString("N"))).FullName;
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.AddInMemoryCollection(B9Benchmark.DiscordSettings(fake, folder, []));
        BotTarget.Quiet(builder.Logging);
        builder.AddDiscordAdapter(); // the host is never started: only the gateway and REST clients are used
        var host = builder.Build();
        var echo = new EchoTarget(host, folder);
        var options = host.Services.GetRequiredService<IOptions<DiscordOptions>>().Value;
        var gateway = host.Services.GetRequiredService<DiscordGatewayClient>();
        var rest = host.Services.GetRequiredService<IDiscordRestClient>();
        var dispatches = Channel.CreateBounded<GatewayDispatch>(new BoundedChannelOptions(options.DispatchQueueCapacity)
        {
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        echo._gateway = Task.Run(async () =>
        {
            try
            {
                await gateway.RunAsync(dispatches.Writer, echo._stop.Token);
            }
            finally
            {
                dispatches.Writer.TryComplete();
            }
        });
        echo._workers = [.. Enumerable.Range(0, Math.Max(1, options.HandlerConcurrency)).Select(_ => Task.Run(() => echo.WorkAsync(dispatches.Reader, rest)))];
        return Task.FromResult(echo);
    }

    private async Task WorkAsync(ChannelReader<GatewayDispatch> reader, IDiscordRestClient rest)
    {
        var ct = _stop.Token;
        try
        {
            await foreach (var dispatch in reader.ReadAllAsync(ct))
            {
                try
                {
                    switch (dispatch.Type)
                    {
                        case "INTERACTION_CREATE":
                            var interaction = dispatch.Data.Deserialize(DiscordJsonContext.Default.Interaction);
                            if (interaction is not null)
                            {
                                await rest.CreateInteractionResponseAsync(interaction.Id, interaction.Token,
                                    new InteractionResponse { Type = 4, Data = DiscordText.Payload("Echo.", null) }, ct);
                            }

                            break;
                        case "MESSAGE_CREATE":
                            var message = dispatch.Data.Deserialize(DiscordJsonContext.Default.DiscordMessage);
                            if (message?.Author is { Bot: not true })
                            {
                                await rest.CreateMessageAsync(message.ChannelId, DiscordText.Payload("Echo.", null), ct);
                            }

                            break;
                    }
                }
                catch (DiscordApiException)
                {
                    Interlocked.Increment(ref Errors);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await Task.WhenAll([_gateway, .. _workers]).WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception ex) when (ex is OperationCanceledException or TimeoutException)
        {
        }

        _host.Dispose();
        _stop.Dispose();
        try
        {
            System.IO.Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
