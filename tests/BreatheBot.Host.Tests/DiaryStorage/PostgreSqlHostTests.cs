using BreatheBot.Core.Conversations;
using BreatheBot.Core.Outbox;
using BreatheBot.Core.Storage;
using BreatheBot.Storage.LiteDb;
using BreatheBot.Storage.PostgreSql;
using BreatheBot.TerminalAdapter;
using BreatheBot.TestSupport.Postgres;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace BreatheBot.Host.Tests.DiaryStorage;

/// <summary>
/// Issue 15: <c>Storage:Provider=PostgreSql</c> composes the PostgreSQL diary instead of the LiteDB file — the schema is
/// migrated at start, turns are saved there, and no diary file, lock or backup appears in the data directory.
/// </summary>
public sealed class PostgreSqlHostTests(TestDatabase database) : IClassFixture<TestDatabase>, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("breathebot-pg-host-").FullName;

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

    [Fact]
    public async Task The_host_on_PostgreSql_migrates_at_start_saves_the_turn_there_and_writes_no_diary_file()
    {
        using var error = new StringWriter();
        string[] args =
        [
            $"--Data:Directory={_folder}", "--Telegram:BotToken=", "--Discord:BotToken=",
            "--Storage:Provider=PostgreSql", $"--Storage:ConnectionString={database.ConnectionString}",
        ];

        var code = await BreatheBotHost.RunAsync(args, error, b => b.Services.Replace(ServiceDescriptor.Singleton<ITerminal>(new TypedTerminal("/history"))), CancellationToken.None)
            .WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(string.Empty, error.ToString());
        Assert.Equal(0, code);
        Assert.DoesNotContain(Directory.GetFiles(_folder, "*", SearchOption.AllDirectories), f => f.EndsWith(".db", StringComparison.Ordinal) || f.Contains("backups", StringComparison.Ordinal));
        await using var diary = database.Diary();
        var stored = await new PostgreSqlConversationStore(diary, Microsoft.Extensions.Logging.Abstractions.NullLogger<PostgreSqlConversationStore>.Instance)
            .LoadAsync(ConversationKey.Private(Platform.Terminal, "local", "local"), default);
        Assert.NotNull(stored);
    }

    [Fact]
    public void The_provider_decides_which_stores_and_services_are_composed()
    {
        using var postgres = BreatheBotHost.CreateBuilder(["--Storage:Provider=postgresql", "--Storage:ConnectionString=Host=127.0.0.1", "--Telegram:BotToken=", "--Discord:BotToken="]).Build();
        using var lite = BreatheBotHost.CreateBuilder(["--Telegram:BotToken=", "--Discord:BotToken="]).Build();

        Assert.IsType<PostgreSqlConversationStore>(postgres.Services.GetRequiredService<IConversationStore>());
        Assert.IsType<PostgreSqlEpisodeStore>(postgres.Services.GetRequiredService<IEpisodeStore>());
        Assert.IsAssignableFrom<IOutboxStore>(postgres.Services.GetRequiredService<IConversationStore>()); // the durable outbox in both modes
        Assert.IsAssignableFrom<IOutboxStore>(lite.Services.GetRequiredService<IConversationStore>());
        Assert.Null(postgres.Services.GetService<DiaryDatabase>());
        Assert.DoesNotContain(postgres.Services.GetServices<IHostedService>(), s => s.GetType().Name is "BackupService" or "DiaryFailureWatcher");
        Assert.Contains(lite.Services.GetServices<IHostedService>(), s => s.GetType().Name is "BackupService");
        Assert.Null(lite.Services.GetService<PostgreSqlDiary>());
    }

    /// <summary>A terminal that types the given lines, then reaches end of input (the chat ends and the host stops).</summary>
    private sealed class TypedTerminal(params string[] lines) : ITerminal
    {
        public TextReader Input { get; } = new StringReader(string.Join('\n', lines) + "\n");

        public TextWriter Output { get; } = new StringWriter();

        public bool IsInteractive => false;
    }
}
