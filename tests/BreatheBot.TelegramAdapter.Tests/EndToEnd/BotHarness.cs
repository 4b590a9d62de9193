using System.Text.Json.Nodes;
using BreatheBot.Core.Conversations;
using BreatheBot.Core.Episodes;
using BreatheBot.Core.Storage;
using BreatheBot.Host;
using BreatheBot.TelegramAdapter.Outbound;
using BreatheBot.TelegramAdapter.Tests.Fakes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace BreatheBot.TelegramAdapter.Tests.EndToEnd;

/// <summary>The real BreatheBot host (core, LiteDB, Telegram adapter) on a temp database, talking to the fake Bot API.</summary>
public sealed class BotHarness : IAsyncDisposable
{
    private readonly HashSet<string> _clicked = [];

    private BotHarness(FakeTelegramServer server, IHost host, FakeLogCollector logs, FakeTimeProvider? time)
    {
        Server = server;
        Host = host;
        Logs = logs;
        Time = time;
    }

    public FakeTelegramServer Server { get; }

    public IHost Host { get; }

    public FakeLogCollector Logs { get; }

    public FakeTimeProvider? Time { get; }

    /// <summary>A fresh diary file in the temp folder.</summary>
    public static string NewDatabasePath() => Path.Combine(Path.GetTempPath(), $"breathebot-e2e-{Guid.NewGuid():N}.db");

    /// <summary>Deletes the diary file and LiteDB's companions (log, backup).</summary>
    public static void DeleteDatabase(string path)
    {
        foreach (var file in Directory.GetFiles(Path.GetDirectoryName(path)!, Path.GetFileNameWithoutExtension(path) + "*"))
        {
            File.Delete(file);
        }
    }

    public static async Task<BotHarness> StartAsync(FakeTelegramServer server, string databasePath, FakeTimeProvider? time = null, FakeLogCollector? logs = null, Action<Dictionary<string, string?>>? configure = null)
    {
        var settings = TelegramTestHost.DefaultSettings(server);
        settings["Storage:Path"] = databasePath;
        // patient sends: on a fake clock a send timed out by a loaded machine would wait for its retry on a clock that
        // only moves once everything settled (seen once in CI with the fast tests' 1 s: SettleAsync timed out)
        settings["Telegram:RequestTimeout"] = "00:00:10";
        configure?.Invoke(settings);
        logs ??= new FakeLogCollector();
        var builder = BreatheBotHost.CreateBuilder([], c => c.AddInMemoryCollection(settings));
        builder.Logging.AddProvider(new FakeLoggerProvider(logs));
        if (time is not null)
        {
            builder.Services.Replace(ServiceDescriptor.Singleton<TimeProvider>(time));
        }

        var host = builder.Build();
        await host.StartAsync();
        return new BotHarness(server, host, logs, time);
    }

    public async ValueTask DisposeAsync()
    {
        await Host.StopAsync();
        Host.Dispose();
    }

    public async Task<IReadOnlyList<Episode>> EpisodesOfAsync(long userId) =>
        await Host.Services.GetRequiredService<IEpisodeStore>().ListByUserAsync($"telegram:{userId}", 0, 50, CancellationToken.None);

    /// <summary>The choice id in a button's callback_data (v1 or stamped v2), or the data itself when it is not ours.</summary>
    public static string ChoiceOf(string data) =>
        BreatheBot.TelegramAdapter.TelegramUpdateMapper.TryReadCallbackData(data, out var choiceId, out _) ? choiceId : data;

    /// <summary>The latest bot message in the chat that shows a button whose choice id matches, and that button's data.</summary>
    public (StoredMessage Message, string Data)? FindButton(long chatId, Func<string, bool> match)
    {
        foreach (var message in Server.MessagesIn(chatId).Reverse())
        {
            if (message.ReplyMarkup is null)
            {
                continue;
            }

            var data = JsonNode.Parse(message.ReplyMarkup)!["inline_keyboard"]!.AsArray()
                .SelectMany(r => r!.AsArray())
                .Select(b => b!["callback_data"]?.GetValue<string>())
                .OfType<string>()
                .FirstOrDefault(d => match(ChoiceOf(d)));
            if (data is not null)
            {
                return (message, data);
            }
        }

        return null;
    }

    /// <summary>Waits for a button matching <paramref name="choiceId"/> (without the version prefix) and presses it.</summary>
    public async Task<int> PressAsync(long chatId, long userId, string choiceId)
    {
        (StoredMessage Message, string Data)? found = null;
        await Eventually.TrueAsync(() => (found = FindButton(chatId, d => d == choiceId)) is not null, $"a button {choiceId} is shown");
        var id = Server.Click(chatId, userId, found!.Value.Message.MessageId, found.Value.Data);
        await Server.WaitForConfirmedAsync(id + 1);
        return id;
    }

    /// <summary>Waits for any button whose choice id starts with <paramref name="prefix"/> and presses the first such.</summary>
    public async Task<int> PressFirstAsync(long chatId, long userId, string prefix)
    {
        (StoredMessage Message, string Data)? found = null;
        await Eventually.TrueAsync(
            () => (found = FindButton(chatId, d => d.StartsWith(prefix, StringComparison.Ordinal) && !_clicked.Contains(d))) is not null,
            $"a button {prefix}* is shown");
        _clicked.Add(ChoiceOf(found!.Value.Data));
        var id = Server.Click(chatId, userId, found.Value.Message.MessageId, found.Value.Data);
        await Server.WaitForConfirmedAsync(id + 1);
        return id;
    }

    /// <summary>Waits until no turn (from an update or a wake-up) is in flight and every reply has reached the fake.</summary>
    public async Task SettleAsync()
    {
        var service = Host.Services.GetRequiredService<ConversationService>();
        var outbox = Host.Services.GetRequiredService<TelegramOutbox>();
        for (var round = 0; round < 2; round++)
        {
            await service.WhenIdleAsync().WaitAsync(TimeSpan.FromSeconds(10));
            await outbox.WhenIdleAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }
    }

    /// <summary>
    /// Moves the fake clock to <paramref name="until"/>, stopping exactly at every stored wake-up on the way (as a real
    /// clock would pass through it) and letting the bot finish what each one started.
    /// </summary>
    public async Task RunUntilAsync(DateTimeOffset until)
    {
        var time = Time ?? throw new InvalidOperationException("Start the harness with a FakeTimeProvider.");
        var store = Host.Services.GetRequiredService<IConversationStore>();
        await SettleAsync();
        while (time.GetUtcNow() < until)
        {
            var now = time.GetUtcNow();
            var next = (await store.LoadScheduledAsync(CancellationToken.None))
                .Select(c => c.WakeAt).OfType<DateTimeOffset>().Where(at => at > now).DefaultIfEmpty(until).Min();
            time.Advance((next < until ? next : until) - now);
            await SettleAsync();
        }
    }

    public async Task<int> SayAsync(long chatId, long userId, string text)
    {
        var id = Server.UserText(chatId, userId, text);
        await Server.WaitForConfirmedAsync(id + 1);
        return id;
    }
}
