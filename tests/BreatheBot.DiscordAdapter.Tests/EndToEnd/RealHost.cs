using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using BreatheBot.Core.Conversations;
using BreatheBot.DiscordAdapter.Gateway;
using BreatheBot.DiscordAdapter.Tests.Fakes;
using BreatheBot.Host;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace BreatheBot.DiscordAdapter.Tests.EndToEnd;

/// <summary>
/// The real BreatheBot host (core, LiteDB, the Discord adapter) against a <see cref="FakeDiscord"/>, on a fake clock.
/// Presses buttons the way a person would: by label, by number, or by a unique start of the label; anything that is
/// not a button is typed as a DM message.
/// </summary>
internal sealed class RealHost : IAsyncDisposable
{
    private readonly string _folder;
    private int _nextId = 20_000;
    private string? _lastPressedMessage;

    private RealHost(FakeDiscord fake, IHost host, FakeTimeProvider time, string folder)
    {
        Fake = fake;
        Host = host;
        Time = time;
        _folder = folder;
    }

    public FakeDiscord Fake { get; }

    public IHost Host { get; }

    public FakeTimeProvider Time { get; }

    public ConversationService Conversations => Host.Services.GetRequiredService<ConversationService>();

    public static async Task<RealHost> StartAsync()
    {
        var fake = await FakeDiscord.StartAsync();
        fake.HeartbeatIntervalMs = 60_000;
        var folder = Directory.CreateTempSubdirectory("breathebot-discord-e2e-").FullName;
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 5, 1, 8, 0, 0, TimeSpan.Zero));
        var settings = new Dictionary<string, string?>
        {
            ["Storage:Path"] = Path.Combine(folder, "diary.db"),
            ["Terminal:FilesDirectory"] = Path.Combine(folder, "files"),
            ["Telegram:BotToken"] = string.Empty,
            ["Discord:BotToken"] = FakeDiscord.Token,
            ["Discord:ApplicationId"] = FakeDiscord.ApplicationId,
            ["Discord:ApiBaseUrl"] = fake.ApiBase,
            ["Discord:StateFile"] = Path.Combine(folder, "discord-state.json"),
            ["Discord:ReconnectJitterMax"] = "00:00:00.010",
            ["Discord:InvalidSessionDelayMin"] = "00:00:00.010",
            ["Discord:InvalidSessionDelayMax"] = "00:00:00.020",
        };
        var builder = BreatheBotHost.CreateBuilder([], config => config.AddInMemoryCollection(settings));
        builder.Services.Replace(ServiceDescriptor.Singleton<TimeProvider>(time));
        builder.Services.Replace(ServiceDescriptor.Singleton<IRandomSource>(new FixedRandom(0.5)));
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Debug);
        builder.Logging.AddFakeLogging();
        builder.Logging.AddFilter<FakeLoggerProvider>(null, LogLevel.Debug); // above appsettings' levels
        var host = builder.Build();
        await host.StartAsync();
        var realHost = new RealHost(fake, host, time, folder);
        await FakeDiscord.WaitForAsync(() => fake.Current is { Ready: true } && host.Services.GetRequiredService<DiscordGatewayClient>().State == GatewayState.Ready, "gateway ready");
        return realHost;
    }

    public string NextId() => Interlocked.Increment(ref _nextId).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Sends a slash command and waits until the bot has answered it.</summary>
    public async Task CommandAsync(string name, string channelId, string userId, string? guildId = null)
    {
        var id = NextId();
        await RunAsync(() => Fake.DispatchAsync("INTERACTION_CREATE", Payloads.Command(id, "itok-" + id, name, channelId, userId, guildId)));
    }

    /// <summary>Answers the latest question in a DM: presses the matching button, or types the answer.</summary>
    public async Task AnswerAsync(string answer, string channelId, string userId)
    {
        var (buttons, messageId) = LatestButtons();
        var button = Match(answer, buttons);
        if (button is null)
        {
            await RunAsync(() => Fake.DispatchAsync("MESSAGE_CREATE",
                $$"""{"id":"{{NextId()}}","channel_id":"{{channelId}}","author":{"id":"{{userId}}","username":"someone"},"content":"{{answer}}","type":0}"""));
            return;
        }

        await PressAsync(button.Value.CustomId, messageId!, channelId, userId);
    }

    public async Task PressAsync(string customId, string messageId, string channelId, string userId, string? guildId = null)
    {
        var id = NextId();
        _lastPressedMessage = messageId;
        await RunAsync(() => Fake.DispatchAsync("INTERACTION_CREATE", Payloads.Button(id, "itok-" + id, customId, channelId, userId, messageId, guildId)));
    }

    /// <summary>Advances the fake clock second by second, letting every due turn finish.</summary>
    public async Task AdvanceAsync(int seconds)
    {
        for (var i = 0; i < seconds; i++)
        {
            var before = Fake.Requests.Count;
            Time.Advance(TimeSpan.FromSeconds(1));
            await Conversations.WhenIdleAsync();
            await Settle(before);
        }
    }

    public (List<(string Label, string CustomId)> Buttons, string? MessageId) LatestButtons()
    {
        foreach (var r in Fake.Requests.Reverse())
        {
            JsonNode? components = null;
            string? messageId = null;
            if (r.Method == "POST" && Regex.IsMatch(r.Path, @"^/interactions/\d+/[^/]+/callback$") && r.Json?["type"]?.GetValue<int>() is 4 or 7)
            {
                components = r.Json["data"]?["components"];
                messageId = r.Json["type"]!.GetValue<int>() == 4 ? r.ResponseJson?["resource"]?["message"]?["id"]?.GetValue<string>() : _lastPressedMessage;
            }
            else if (r.Method == "POST" && Regex.IsMatch(r.Path, @"^/channels/\d+/messages$") && r.Json is not null)
            {
                components = r.Json["components"];
                messageId = r.ResponseJson?["id"]?.GetValue<string>();
            }
            else if (r.Method == "PATCH" && (Regex.Match(r.Path, @"^/channels/\d+/messages/(\d+)$") is { Success: true } m))
            {
                components = r.Json?["components"];
                messageId = m.Groups[1].Value;
            }
            else if (r.Method == "PATCH" && r.Path.StartsWith("/webhooks/", StringComparison.Ordinal))
            {
                components = r.Json?["components"];
                messageId = r.ResponseJson?["id"]?.GetValue<string>();
            }

            if (components is JsonArray { Count: > 0 } rows)
            {
                var buttons = rows.SelectMany(row => row!["components"]!.AsArray())
                    .Select(b => (b!["label"]!.GetValue<string>(), b["custom_id"]!.GetValue<string>()))
                    .ToList();
                return (buttons, messageId);
            }
        }

        return ([], null);
    }

    /// <summary>Every text the bot showed (message contents, callbacks, edits), in order.</summary>
    public string Transcript() => string.Join("\n", Fake.Requests.Select(r => r.Json as JsonObject).Select(j =>
        j?["content"]?.GetValue<string>() ?? (j?["data"] as JsonObject)?["content"]?.GetValue<string>()).Where(t => t is not null));

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Host.StopAsync(TimeSpan.FromSeconds(10));
        }
        finally
        {
            var leaks = Host.Services.GetFakeLogCollector().GetSnapshot()
                .Where(r => (r.Message + r.Exception).Contains(FakeDiscord.Token, StringComparison.Ordinal)
                            || (r.Message + r.Exception).Contains("itok-", StringComparison.Ordinal))
                .ToList();
            Host.Dispose();
            await Fake.DisposeAsync();
            try
            {
                Directory.Delete(_folder, recursive: true);
            }
            catch (IOException)
            {
            }

            Assert.Empty(leaks);
        }
    }

    private static (string Label, string CustomId)? Match(string answer, List<(string Label, string CustomId)> buttons)
    {
        static string Norm(string s) => s.Replace("✓ ", "", StringComparison.Ordinal).Trim().ToLowerInvariant();
        var a = Norm(answer);
        foreach (var b in buttons)
        {
            if (Norm(b.Label) == a)
            {
                return b;
            }
        }

        if (int.TryParse(a, out var n) && n >= 1 && n <= buttons.Count)
        {
            return buttons[n - 1];
        }

        if (a.Length >= 3)
        {
            var starts = buttons.Where(b => Norm(b.Label).StartsWith(a, StringComparison.Ordinal)).ToList();
            if (starts.Count == 1)
            {
                return starts[0];
            }
        }

        return null;
    }

    private async Task RunAsync(Func<Task> action)
    {
        var before = Fake.Requests.Count;
        await action();
        await FakeDiscord.WaitForAsync(() => Fake.Requests.Count > before, "the bot's answer");
        await Conversations.WhenIdleAsync();
        await Settle(before);
    }

    /// <summary>Waits until the bot stops sending (requests stop arriving for a moment).</summary>
    private async Task Settle(int before)
    {
        var count = Fake.Requests.Count;
        while (true)
        {
            await Task.Delay(count > before ? 40 : 5);
            await Conversations.WhenIdleAsync();
            var now = Fake.Requests.Count;
            if (now == count)
            {
                return;
            }

            count = now;
        }
    }
}
