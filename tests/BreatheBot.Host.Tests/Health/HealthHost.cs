using System.IO.Pipelines;
using System.Text.Json.Nodes;
using BreatheBot.Core.Conversations;
using BreatheBot.Core.Messaging;
using BreatheBot.Host.Health;
using BreatheBot.TerminalAdapter;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace BreatheBot.Host.Tests.Health;

/// <summary>The real host in terminal mode with the health endpoints on a free loopback port; turns are run through the core.</summary>
internal sealed class HealthHost : IAsyncDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("breathebot-health-").FullName;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(20) };
    private int _delivery;

    private HealthHost(Dictionary<string, string?> extra)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Storage:Path"] = Path.Combine(_folder, "diary.db"),
            ["Terminal:FilesDirectory"] = Path.Combine(_folder, "files"),
            ["Telegram:BotToken"] = string.Empty,
            ["Discord:BotToken"] = string.Empty,
            ["Health:Enabled"] = "true",
            ["Health:Urls"] = "http://127.0.0.1:0",
        };
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        var builder = BreatheBotHost.CreateBuilder([], config => config.AddInMemoryCollection(settings));
        builder.Services.Replace(ServiceDescriptor.Singleton<ITerminal>(new IdleTerminal()));
        Host = builder.Build();
    }

    public IHost Host { get; }

    public static ConversationKey Me { get; } = ConversationKey.Private(Platform.Terminal, "local", "local");

    public Uri BaseAddress => new(Host.Services.GetRequiredService<HealthServer>().ListenAddresses[0]);

    public static async Task<HealthHost> StartAsync(Dictionary<string, string?>? extra = null)
    {
        var host = new HealthHost(extra ?? []);
        await host.Host.StartAsync();
        return host;
    }

    public async Task<(int Status, JsonObject Body)> GetJsonAsync(string path)
    {
        using var response = await _http.GetAsync(new Uri(BaseAddress, path));
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, JsonNode.Parse(text)!.AsObject());
    }

    public async Task<string> ScrapeAsync()
    {
        using var response = await _http.GetAsync(new Uri(BaseAddress, "/metrics"));
        Assert.Equal(200, (int)response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>Runs one turn as the terminal's person typed it (a leading '/' makes it a command).</summary>
    public async Task TypeAsync(string text)
    {
        var conversations = Host.Services.GetRequiredService<ConversationService>();
        var id = (++_delivery).ToString(System.Globalization.CultureInfo.InvariantCulture);
        InboundEvent inbound = text.StartsWith('/')
            ? new CommandReceived(Me, ChatKind.Private, "local", DateTimeOffset.UtcNow, id, text[1..], null)
            : new TextReceived(Me, ChatKind.Private, "local", DateTimeOffset.UtcNow, id, text);
        var receipt = await conversations.HandleAsync(inbound);
        await receipt.Delivered;
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        try
        {
            await Host.StopAsync();
        }
        finally
        {
            Host.Dispose();
            try
            {
                Directory.Delete(_folder, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>A terminal nobody types into (input never ends, so the host keeps running); output is kept.</summary>
    private sealed class IdleTerminal : ITerminal
    {
        private readonly Pipe _pipe = new();

        public IdleTerminal() => Input = new StreamReader(_pipe.Reader.AsStream());

        public TextReader Input { get; }

        public TextWriter Output { get; } = TextWriter.Synchronized(new StringWriter());

        public bool IsInteractive => false;
    }
}
