using System.Diagnostics;
using System.Globalization;
using BreatheBot.Core.Conversations;
using BreatheBot.Core.Episodes;
using BreatheBot.Core.Storage;
using BreatheBot.Host;
using BreatheBot.Storage.LiteDb;
using BreatheBot.TelegramAdapter;
using BreatheBot.TelegramAdapter.Tests.Fakes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BreatheBot.Benchmarks.Telegram;

/// <summary>The real BreatheBot host (core + LiteDB in a temp file + Telegram adapter) pointed at the fake.</summary>
internal sealed class BreatheBotUnderTest : IAsyncDisposable
{
    private readonly string _database;

    private BreatheBotUnderTest(IHost host, string database)
    {
        Host = host;
        _database = database;
    }

    public IHost Host { get; }

    /// <summary>Webhook mode: where the bot's Kestrel listens (port 0 resolved) plus the webhook path.</summary>
    public string WebhookEndpoint()
    {
        var service = Host.Services.GetServices<IHostedService>().OfType<TelegramWebhookService>().Single();
        return service.ListenAddresses[0] + Host.Services.GetRequiredService<IOptions<TelegramOptions>>().Value.WebhookPath;
    }

    /// <param name="durableOutbox">
    /// False measures "before the outbox" (issue 15) in the same run: the store is wrapped so the core does not see it as
    /// an outbox store, and replies go from memory only.
    /// </param>
    public static async Task<BreatheBotUnderTest> StartAsync(FakeTelegramServer server, IReadOnlyDictionary<string, string?> telegram, bool durableOutbox = true)
    {
        var database = Path.Combine(Options.Directory, $"breathebot-tg-{Guid.NewGuid():N}.db");
        var settings = new Dictionary<string, string?>
        {
            ["Telegram:BotToken"] = FakeTelegramServer.Token,
            ["Telegram:ApiBaseUrl"] = server.BaseUrl,
            ["Telegram:LongPollTimeoutSeconds"] = "1",
            ["Storage:Path"] = database,
            ["Health:Urls"] = "http://127.0.0.1:0", // a free port: several hosts may run at once
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Warning",
        };
        foreach (var (key, value) in telegram)
        {
            settings["Telegram:" + key] = value;
        }

        var builder = BreatheBotHost.CreateBuilder([], c => c.AddInMemoryCollection(settings));
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole().SetMinimumLevel(LogLevel.Warning);
        if (!durableOutbox)
        {
            builder.Services.AddSingleton<IConversationStore>(sp => new WithoutOutbox(sp.GetRequiredService<LiteDbConversationStore>()));
        }

        var host = builder.Build();
        await host.StartAsync();
        return new BreatheBotUnderTest(host, database);
    }

    public async ValueTask DisposeAsync()
    {
        await Host.StopAsync();
        Host.Dispose();
        foreach (var file in Directory.GetFiles(Path.GetDirectoryName(_database)!, Path.GetFileNameWithoutExtension(_database) + "*"))
        {
            File.Delete(file);
        }
    }
}

/// <summary>The LiteDB store without its outbox side: the core then delivers from memory, as before issue 15.</summary>
internal sealed class WithoutOutbox(IConversationStore inner) : IConversationStore
{
    public ValueTask<StoredConversation?> LoadAsync(ConversationKey key, CancellationToken cancellationToken) => inner.LoadAsync(key, cancellationToken);

    public ValueTask<IReadOnlyList<StoredConversation>> LoadScheduledAsync(CancellationToken cancellationToken) => inner.LoadScheduledAsync(cancellationToken);

    public ValueTask<UserProfile?> LoadProfileAsync(string userKey, CancellationToken cancellationToken) => inner.LoadProfileAsync(userKey, cancellationToken);

    public ValueTask CommitAsync(TurnCommit commit, CancellationToken cancellationToken) => inner.CommitAsync(commit, cancellationToken);

    public ValueTask<string> ResolvePersonAsync(string userKey, CancellationToken cancellationToken) => inner.ResolvePersonAsync(userKey, cancellationToken);

    public ValueTask<LinkCode?> FindLinkCodeAsync(string code, CancellationToken cancellationToken) => inner.FindLinkCodeAsync(code, cancellationToken);

    public ValueTask MoveChatAsync(ConversationKey from, ConversationKey to, CancellationToken cancellationToken) => inner.MoveChatAsync(from, to, cancellationToken);
}

internal static class Options
{
    /// <summary>Where the diary files go (a real disk, not tmpfs; the other benchmarks use the same default).</summary>
    public static string Directory { get; set; } = Path.Combine(Path.GetTempPath(), "breathebot-bench");

    public static Dictionary<string, string> Parse(string[] args)
    {
        var options = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var arg in args)
        {
            var trimmed = arg.TrimStart('-');
            var eq = trimmed.IndexOf('=', StringComparison.Ordinal);
            options[eq < 0 ? trimmed : trimmed[..eq]] = eq < 0 ? "true" : trimmed[(eq + 1)..];
        }

        if (options.TryGetValue("dir", out var dir))
        {
            Directory = dir;
        }

        System.IO.Directory.CreateDirectory(Directory);
        return options;
    }

    public static double[] Doubles(this Dictionary<string, string> options, string name, string fallback) =>
        [.. options.GetValueOrDefault(name, fallback).Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture))];

    public static int Int(this Dictionary<string, string> options, string name, int fallback) =>
        options.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
}

internal static class Stats
{
    public static double Ms(long stopwatchTicks) => stopwatchTicks * 1000.0 / Stopwatch.Frequency;

    /// <summary>Exact percentile (nearest rank) of already sorted values.</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double p)
    {
        if (sorted.Count == 0)
        {
            return double.NaN;
        }

        var rank = (int)Math.Ceiling(p / 100 * sorted.Count) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Count - 1)];
    }

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? double.NaN : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    public static string F(double value, int digits = 2) => value.ToString("F" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    /// <summary>The load average and what else is running, printed beside the figures (other engineers share the box).</summary>
    public static string MachineNote()
    {
        var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a";
        return $"{Environment.ProcessorCount} cores, load average {load}, GC {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")}{(System.Runtime.GCSettings.LatencyMode == System.Runtime.GCLatencyMode.Interactive ? " concurrent" : string.Empty)}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC";
    }
}
