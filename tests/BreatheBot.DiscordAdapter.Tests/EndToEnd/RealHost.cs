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
    private readonly bool _ownsFolder;
    private readonly List<(DateTimeOffset At, RecordedRequest Request)> _timeline = [];
    private int _nextId = 20_000;
    private string? _lastPressedMessage;

    private RealHost(FakeDiscord fake, IHost host, FakeTimeProvider time, string folder, bool ownsFolder)
    {
        Fake = fake;
        Host = host;
        Time = time;
        _folder = folder;
        _ownsFolder = ownsFolder;
    }

    /// <summary>Every request the bot made, with the fake clock's time when it was seen (in order).</summary>
    public IReadOnlyList<(DateTimeOffset At, RecordedRequest Request)> Timeline
    {
        get
        {
            Stamp();
            return [.. _timeline];
        }
    }

    public FakeDiscord Fake { get; }

    public IHost Host { get; }

    public FakeTimeProvider Time { get; }

    public ConversationService Conversations => Host.Services.GetRequiredService<ConversationService>();

    /// <summary>
    /// Starts the host. With <paramref name="folder"/> it uses (and keeps) that folder's diary database and Discord state
    /// file, as a restarted process would; <paramref name="now"/> sets the fake clock; <paramref name="services"/> may replace
    /// registrations (the fuzz wraps the conversation handler).
    /// </summary>
    public static async Task<RealHost> StartAsync(string? folder = null, DateTimeOffset? now = null, Action<IServiceCollection>? services = null)
    {
        var fake = await FakeDiscord.StartAsync();
        fake.HeartbeatIntervalMs = 60_000;
        var ownsFolder = folder is null;
        folder ??= Directory.CreateTempSubdirectory("breathebot-discord-e2e-").FullName;
        var time = new FakeTimeProvider(now ?? new DateTimeOffset(2026, 5, 1, 8, 0, 0, TimeSpan.Zero));
        var settings = new Dictionary<string, string?>
        {
            ["Storage:Path"] = Path.Combine(folder, "diary.db"),
            ["Health:Urls"] = "http://127.0.0.1:0", // a free port: several hosts may run at once
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
        services?.Invoke(builder.Services);
        var host = builder.Build();
        await host.StartAsync();
        var realHost = new RealHost(fake, host, time, folder, ownsFolder);
        await FakeDiscord.WaitForAsync(() => fake.Current is { Ready: true } && host.Services.GetRequiredService<DiscordGatewayClient>().State == GatewayState.Ready, "gateway ready");
        await realHost.Conversations.WhenIdleAsync();
        await realHost.Settle(0);
        return realHost;
    }

    public string NextId() => Interlocked.Increment(ref _nextId).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// Sends a slash command and waits until the bot has answered it. <paramref name="permissions"/> is the member's
    /// permission bit set in a guild; <paramref name="option"/> fills the command's one text option.
    /// </summary>
    public async Task CommandAsync(string name, string channelId, string userId, string? guildId = null, string permissions = "0", string? option = null)
    {
        var id = NextId();
        var options = option is null ? null : "[{\"name\":\"change\",\"type\":3,\"value\":\"" + option + "\"}]";
        await RunAsync(() => Fake.DispatchAsync("INTERACTION_CREATE", Payloads.Command(id, "itok-" + id, name, channelId, userId, guildId, permissions, options)));
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

    /// <summary>Types a message in a DM (never a button press, even when it matches one).</summary>
    public Task TypeAsync(string text, string channelId, string userId) =>
        RunAsync(() => Fake.DispatchAsync("MESSAGE_CREATE",
            $$"""{"id":"{{NextId()}}","channel_id":"{{channelId}}","author":{"id":"{{userId}}","username":"someone"},"content":"{{text}}","type":0}"""));

    public async Task PressAsync(string customId, string messageId, string channelId, string userId, string? guildId = null, string permissions = "0")
    {
        var id = NextId();
        _lastPressedMessage = messageId;
        await RunAsync(() => Fake.DispatchAsync("INTERACTION_CREATE", Payloads.Button(id, "itok-" + id, customId, channelId, userId, messageId, guildId, permissions)));
    }

    /// <summary>Presses the button labelled <paramref name="label"/> on the latest message that has buttons.</summary>
    public async Task PressLabelAsync(string label, string channelId, string userId, string? guildId = null, string permissions = "0")
    {
        var (buttons, messageId) = LatestButtons();
        var button = Match(label, buttons) ?? throw new InvalidOperationException($"No button '{label}' among: {string.Join(", ", buttons.Select(b => b.Label))}");
        await PressAsync(button.CustomId, messageId!, channelId, userId, guildId, permissions);
    }

    /// <summary>
    /// Moves the fake clock to <paramref name="until"/>, stopping at every stored wake-up on the way (at its exact due
    /// time) and letting its turn finish, as a process running through that time would.
    /// </summary>
    public async Task AdvanceToAsync(DateTimeOffset until)
    {
        var store = Host.Services.GetRequiredService<BreatheBot.Core.Storage.IConversationStore>();
        while (Time.GetUtcNow() < until)
        {
            var now = Time.GetUtcNow();
            var next = (await store.LoadScheduledAsync(default))
                .Where(c => c.WakeAt > now)
                .Select(c => c.WakeAt!.Value)
                .DefaultIfEmpty(until)
                .Min();
            var target = next < until ? next : until;
            var before = Fake.Requests.Count;
            Time.Advance(target - now);
            await Conversations.WhenIdleAsync();
            await Settle(before);
        }
    }

    /// <summary>Waits until the bot has finished what it is doing (turns and sends).</summary>
    public async Task SettleAsync()
    {
        await Conversations.WhenIdleAsync();
        await Settle(Fake.Requests.Count);
    }

    /// <summary>Stops the host and checks it (no secrets in the logs, no health question in a channel); keeps a shared folder.</summary>
    public ValueTask StopAsync() => DisposeAsync();

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
            var healthInChannels = GroupPrivacy.Violations(Fake);
            Host.Dispose();
            await Fake.DisposeAsync();
            if (_ownsFolder)
            {
                try
                {
                    Directory.Delete(_folder, recursive: true);
                }
                catch (IOException)
                {
                }
            }

            Assert.Empty(leaks);
            Assert.Empty(healthInChannels); // issue 6: no health question is ever sent to a server channel
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

    /// <summary>Notes the fake clock's time for the requests that arrived since the last call.</summary>
    private void Stamp()
    {
        lock (_timeline)
        {
            var requests = Fake.Requests;
            var now = Time.GetUtcNow();
            for (var i = _timeline.Count; i < requests.Count; i++)
            {
                _timeline.Add((now, requests[i]));
            }
        }
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
                Stamp();
                return;
            }

            count = now;
        }
    }
}
