using System.Globalization;
using System.IO.Pipelines;
using System.Text;
using BreatheBot.Core.Conversations;
using BreatheBot.Core.Messaging;
using BreatheBot.Core.Storage;
using BreatheBot.Storage.LiteDb.Backups;
using BreatheBot.TerminalAdapter;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace BreatheBot.Host.Tests;

/// <summary>
/// Online backups: taken between commits while turns keep arriving, restorable by copying one file into a fresh data
/// directory, after which every turn acknowledged before the backup began is there and every conversation goes on.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class BackupTests : IDisposable
{
    private static readonly string[] Cycle = ["/headache", "none", "none", "5", "/stop"];

    private readonly string _folder = Directory.CreateTempSubdirectory("breathebot-backup-").FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static IHost Host(string dataDirectory, string backups, TimeProvider? time = null, string interval = "00:00:00")
    {
        var builder = BreatheBotHost.CreateBuilder([], config => config.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Data:Directory"] = dataDirectory,
            ["Storage:BackupDirectory"] = backups,
            ["Storage:BackupInterval"] = interval,
            ["Storage:BackupKeep"] = "2",
            ["Telegram:BotToken"] = string.Empty,
            ["Discord:BotToken"] = string.Empty,
        }));
        builder.Services.Replace(ServiceDescriptor.Singleton<ITerminal>(new SilentTerminal()));
        if (time is not null)
        {
            builder.Services.Replace(ServiceDescriptor.Singleton(time));
        }

        return builder.Build();
    }

    private static InboundEvent Event(int user, int n, DateTimeOffset at)
    {
        var key = ConversationKey.Private(Platform.Terminal, "u" + user.ToString(CultureInfo.InvariantCulture), "u" + user.ToString(CultureInfo.InvariantCulture));
        var id = string.Create(CultureInfo.InvariantCulture, $"u{user}-{n}");
        var line = Cycle[(n - 1) % Cycle.Length];
        return line.StartsWith('/')
            ? new CommandReceived(key, ChatKind.Private, key.UserId, at, id, line[1..], null)
            : new TextReceived(key, ChatKind.Private, key.UserId, at, id, line);
    }

    private static int LastTurn(StoredConversation? stored) =>
        stored is null ? 0 : stored.RecentDeliveryIds.Select(id => int.Parse(id[(id.IndexOf('-', StringComparison.Ordinal) + 1)..], CultureInfo.InvariantCulture)).DefaultIfEmpty(0).Max();

    [Fact]
    public async Task A_backup_under_load_restored_into_a_fresh_directory_has_every_acknowledged_turn_and_every_conversation_goes_on()
    {
        const int users = 12;
        var original = Path.Combine(_folder, "original");
        var backups = Path.Combine(_folder, "backups");
        var acknowledged = new int[users];
        string backupFile;

        using (var host = Host(original, backups))
        {
            await host.StartAsync();
            var conversations = host.Services.GetRequiredService<IConversationHandler>();
            using var stop = new CancellationTokenSource();
            var load = Enumerable.Range(0, users).Select(user => Task.Run(async () =>
            {
                for (var n = 1; !stop.IsCancellationRequested; n++)
                {
                    var receipt = await conversations.HandleAsync(Event(user, n, DateTimeOffset.UtcNow));
                    Volatile.Write(ref acknowledged[user], n); // durable once HandleAsync returns
                    await receipt.Delivered;
                }
            })).ToArray();

            await WaitUntil(() => Enumerable.Range(0, users).All(u => Volatile.Read(ref acknowledged[u]) > 3));
            var before = new int[users];
            for (var user = 0; user < users; user++)
            {
                before[user] = Volatile.Read(ref acknowledged[user]);
            }

            backupFile = await host.Services.GetRequiredService<DiaryBackup>().RunAsync(default);
            await WaitUntil(() => Enumerable.Range(0, users).All(u => Volatile.Read(ref acknowledged[u]) > before[u] + 2)); // the load goes on after the copy
            await stop.CancelAsync();
            await Task.WhenAll(load);
            Assert.All(before, n => Assert.True(n > 3, "the load was running when the backup began"));
            await host.StopAsync();

            // Restore: one file copied into a fresh data directory.
            var restored = Path.Combine(_folder, "restored");
            Directory.CreateDirectory(restored);
            File.Copy(backupFile, Path.Combine(restored, "breathebot.db"));

            using var again = Host(restored, Path.Combine(_folder, "backups-2"));
            await again.StartAsync();
            var store = again.Services.GetRequiredService<IConversationStore>();
            var resumed = again.Services.GetRequiredService<IConversationHandler>();
            for (var user = 0; user < users; user++)
            {
                var key = Event(user, 1, DateTimeOffset.UtcNow).Key;
                var last = LastTurn(await store.LoadAsync(key, default));
                Assert.True(last >= before[user], $"user {user}: turn {before[user]} was acknowledged before the backup, the copy ends at {last}");
                Assert.True(last <= acknowledged[user], $"user {user}: the copy holds turn {last}, never acknowledged");

                var next = await resumed.HandleAsync(Event(user, last + 1, DateTimeOffset.UtcNow));
                Assert.False(next.Duplicate);
                await next.Delivered;
                Assert.Equal(last + 1, LastTurn(await store.LoadAsync(key, default)));
            }

            await again.StopAsync();
        }
    }

    [Fact]
    public async Task Backups_run_on_their_interval_and_only_the_newest_are_kept()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 3, 8, 0, 0, TimeSpan.Zero));
        var backups = Path.Combine(_folder, "backups");
        using var host = Host(Path.Combine(_folder, "data"), backups, time, interval: "01:00:00");
        await host.StartAsync();
        for (var hour = 1; hour <= 3; hour++)
        {
            time.Advance(TimeSpan.FromHours(1));
            await WaitUntil(() => Directory.Exists(backups) && Directory.GetFiles(backups, "*.db").Any(f => f.Contains(time.GetUtcNow().ToString("HHmmss", CultureInfo.InvariantCulture), StringComparison.Ordinal)));
        }

        Assert.Equal(["breathebot-20261203-100000.db", "breathebot-20261203-110000.db"], Directory.GetFiles(backups).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(backups, "breathebot-20261203-110000.db")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(backups));
        await host.StopAsync();
    }

    [Fact]
    public async Task A_backup_asked_for_between_intervals_is_taken_at_once()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 3, 8, 0, 0, TimeSpan.Zero));
        var backups = Path.Combine(_folder, "backups");
        using var host = Host(Path.Combine(_folder, "data"), backups, time, interval: "1.00:00:00");
        await host.StartAsync();
        host.Services.GetRequiredService<BackupService>().Request(); // what SIGUSR1 does
        await WaitUntil(() => Directory.Exists(backups) && Directory.GetFiles(backups, "*.db").Length == 1);
        Assert.Equal("breathebot-20261203-080000.db", Path.GetFileName(Directory.GetFiles(backups, "*.db").Single()));
        await host.StopAsync();
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out");
            await Task.Delay(20);
        }
    }

    /// <summary>A terminal nobody types into (the chat waits; the test drives conversations directly).</summary>
    private sealed class SilentTerminal : ITerminal
    {
        private readonly Pipe _never = new();

        public TextReader Input => new StreamReader(_never.Reader.AsStream(), Encoding.UTF8);

        public TextWriter Output { get; } = TextWriter.Synchronized(new StringWriter());

        public bool IsInteractive => false;
    }
}
