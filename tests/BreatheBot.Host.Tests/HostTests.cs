using System.IO.Pipelines;
using System.Text;
using BreatheBot.Core.Conversations;
using BreatheBot.Core.Episodes;
using BreatheBot.Core.Storage;
using BreatheBot.TerminalAdapter;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace BreatheBot.Host.Tests;

/// <summary>The real host, built the way Program.cs builds it, with a test configuration and a scripted terminal.</summary>
public sealed partial class HostTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("breathebot-host-").FullName;

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

    private string DbPath => Path.Combine(_folder, "diary.db");

    private HostApplicationBuilder Builder(ScriptedTerminal terminal, TimeProvider time, Dictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Storage:Path"] = DbPath,
            ["Terminal:FilesDirectory"] = Path.Combine(_folder, "files"),
            ["Telegram:BotToken"] = string.Empty,
            ["Discord:BotToken"] = string.Empty,
        };
        foreach (var (key, value) in extra ?? [])
        {
            settings[key] = value;
        }

        var builder = BreatheBotHost.CreateBuilder([], config => config.AddInMemoryCollection(settings));
        builder.Services.Replace(ServiceDescriptor.Singleton<ITerminal>(terminal));
        builder.Services.Replace(ServiceDescriptor.Singleton(time));
        return builder;
    }

    [Fact]
    public async Task A_scripted_terminal_session_runs_the_whole_flow_and_leaves_the_episode_in_the_database()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 5, 1, 8, 0, 0, TimeSpan.Zero));
        var terminal = new ScriptedTerminal();
        var host = Builder(terminal, time).Build();
        await host.StartAsync();
        var conversations = host.Services.GetRequiredService<ConversationService>();

        foreach (var line in new[] { "/headache", "no", "none", "6", "2", "pressing", "done", "1", "nothing", "resonance", "1" })
        {
            await terminal.TypeAsync(line);
        }

        // Breathe for the whole minute on the fake clock.
        for (var i = 0; i < 60; i++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await conversations.WhenIdleAsync();
        }

        foreach (var line in new[] { "4", "none", "skip this muscle", "skip this muscle", "skip this muscle", "3" })
        {
            await terminal.TypeAsync(line);
        }

        terminal.EndOfInput();
        await host.WaitForShutdownAsync().WaitAsync(TimeSpan.FromSeconds(30));
        host.Dispose();

        var output = terminal.Output.ToString()!;
        Assert.Contains("First, a quick safety check", output, StringComparison.Ordinal);
        Assert.Contains("Breathe out… 6", output, StringComparison.Ordinal);
        Assert.Contains("This episode is saved in your diary", output, StringComparison.Ordinal);
        // The pain scale is listed without list numbers: the typed "6" above can only mean pain 6 (asserted below).
        Assert.Contains("Type a number from 0 to 10 or tap one.", output, StringComparison.Ordinal);
        Assert.Contains("[5]  [6]  [7]", output, StringComparison.Ordinal);
        Assert.DoesNotContain("7) 6", output, StringComparison.Ordinal);
        Assert.Contains("[Stop breathing]  [I feel dizzy]", output, StringComparison.Ordinal);

        // A fresh host over the same file sees the episode.
        using var reader = Builder(new ScriptedTerminal(), time).Build();
        var episodes = await reader.Services.GetRequiredService<IEpisodeStore>().ListByUserAsync("terminal:local", 0, 10, default);
        var episode = Assert.Single(episodes);
        Assert.Equal(6, episode.PainBefore);
        Assert.Equal(4, episode.PainAfterBreathing);
        Assert.Equal(3, episode.PainAfterTriggerPoints);
        Assert.Equal(EpisodeStatus.Completed, episode.Status);
        Assert.Equal([SelfCareStep.Breathing], episode.StepsDone);
    }

    [Fact]
    public async Task In_the_terminal_history_stats_export_and_forget_work_and_files_land_on_disk()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 5, 1, 8, 0, 0, TimeSpan.Zero));
        var terminal = new ScriptedTerminal();
        var host = Builder(terminal, time).Build();
        await host.StartAsync();
        foreach (var line in new[] { "/breathe", "headache", "no", "no", "6", "skip breathing", "/breathe", "headache", "no", "no", "3", "skip breathing", "/history", "/stats all", "/export" })
        {
            await terminal.TypeAsync(line);
        }

        var files = Path.Combine(_folder, "files", "local");
        // the export's files are written as its replies go out, after the first line of output (a turn with files also
        // writes them into the outbox first, which takes longer on a busy machine)
        for (var waited = 0; waited < 200 && !(File.Exists(Path.Combine(files, "breathebot-diary.json")) && File.Exists(Path.Combine(files, "breathebot-diary.csv"))); waited++)
        {
            await Task.Delay(50);
        }

        var output = terminal.Output.ToString()!;
        Assert.Contains("Your episodes (2 in all)", output, StringComparison.Ordinal);
        Assert.Contains("Your diary, all time: 2 episodes.", output, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(files, "breathebot-stats.png"), output, StringComparison.Ordinal);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], (await File.ReadAllBytesAsync(Path.Combine(files, "breathebot-stats.png")))[..4]);
        var csv = await File.ReadAllLinesAsync(Path.Combine(files, "breathebot-diary.csv"));
        Assert.Equal(3, csv.Length);
        Assert.True(File.Exists(Path.Combine(files, "breathebot-diary.json")));

        await terminal.TypeAsync("/forget");
        await terminal.TypeAsync("yes");
        Assert.Contains("Everything I stored about you is deleted", terminal.Output.ToString(), StringComparison.Ordinal);
        Assert.False(Directory.Exists(files), "/forget also deletes the charts and exports saved for the person");
        terminal.EndOfInput();
        await host.WaitForShutdownAsync().WaitAsync(TimeSpan.FromSeconds(30));
        host.Dispose();

        using var reader = Builder(new ScriptedTerminal(), time).Build();
        Assert.Empty(await reader.Services.GetRequiredService<IEpisodeStore>().ListByUserAsync("terminal:local", 0, 10, default));
    }

    [Fact]
    public async Task A_conversation_interrupted_by_a_restart_continues_at_the_same_step()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 5, 1, 8, 0, 0, TimeSpan.Zero));

        var first = new ScriptedTerminal();
        using (var host = Builder(first, time).Build())
        {
            await host.StartAsync();
            foreach (var line in new[] { "/headache", "no", "no" })
            {
                await first.TypeAsync(line);
            }

            // No clean stop: dispose as a crash would leave it (everything typed so far was committed).
        }

        var second = new ScriptedTerminal();
        using (var host = Builder(second, time).Build())
        {
            await host.StartAsync();
            await second.TypeAsync("7");
            second.EndOfInput();
            await host.WaitForShutdownAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }

        Assert.Contains("Where does it hurt?", second.Output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_configuration_fails_at_start_with_a_message_that_says_what_to_set()
    {
        var time = new FakeTimeProvider();
        using var host = Builder(new ScriptedTerminal(), time, new() { ["Conversation:HoldSeconds"] = "5", ["Conversation:DefaultBreathingMinutes"] = "9" }).Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        var problem = BreatheBotHost.StartupProblem(error);
        Assert.NotNull(problem);
        Assert.Contains("HoldSeconds", problem, StringComparison.Ordinal);
        Assert.Contains("DefaultBreathingMinutes", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_database_file_that_is_not_ours_stops_start_up_with_its_name()
    {
        await File.WriteAllTextAsync(DbPath, "this is a shopping list, not a database");
        using var host = Builder(new ScriptedTerminal(), new FakeTimeProvider()).Build();

        var error = await Record.ExceptionAsync(() => host.StartAsync());

        var problem = BreatheBotHost.StartupProblem(error!);
        Assert.NotNull(problem);
        Assert.Contains(DbPath, problem, StringComparison.Ordinal);
        Assert.Equal("this is a shopping list, not a database", await File.ReadAllTextAsync(DbPath));
    }

    [Fact]
    public async Task When_the_database_engine_stops_itself_the_application_stops_and_says_why()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 5, 1, 8, 0, 0, TimeSpan.Zero));
        var terminal = new ScriptedTerminal();
        using var host = Builder(terminal, time).Build();
        await host.StartAsync();
        await terminal.TypeAsync("/headache");
        Assert.Null(host.Services.GetRequiredService<ExitStatus>().Problem);

        // what LiteDB does after an I/O error or a failed consistency check: its engine closes for good
        host.Services.GetRequiredService<Storage.LiteDb.DiaryDatabase>().Database.Dispose();
        await terminal.TypeAsync("1");

        await host.WaitForShutdownAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var problem = host.Services.GetRequiredService<ExitStatus>().Problem;
        Assert.NotNull(problem);
        Assert.Contains("diary database failed", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rejected_telegram_token_is_a_one_line_start_up_problem_that_says_what_to_set()
    {
        var problem = BreatheBotHost.StartupProblem(new AggregateException(new BreatheBot.TelegramAdapter.TelegramUnauthorizedException(new HttpRequestException("401"))));
        Assert.NotNull(problem);
        Assert.Contains("Telegram:BotToken", problem, StringComparison.Ordinal);
        Assert.Null(BreatheBotHost.StartupProblem(new InvalidOperationException("a bug, not a configuration problem")));
    }

    [Fact]
    public void Without_platform_tokens_the_terminal_chat_is_the_adapter_and_every_service_resolves()
    {
        var builder = Builder(new ScriptedTerminal(), new FakeTimeProvider());
        using var provider = builder.Services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });

        var hosted = provider.GetServices<IHostedService>().Select(s => s.GetType().Name).ToList();
        Assert.Equal(["BackupService", "ConversationLifecycleService", "DiaryFailureWatcher", "TerminalChatService"], hosted);
        Assert.Equal([Platform.Terminal], provider.GetServices<Core.Messaging.IReplySender>().Select(s => s.Platform));
    }

    /// <summary>A terminal whose input the test types line by line, waiting for each turn to be answered.</summary>
    [Fact]
    public async Task In_the_terminal_the_warning_sign_screens_take_words_never_a_bare_number()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 5, 1, 8, 0, 0, TimeSpan.Zero));
        var terminal = new ScriptedTerminal();
        var host = Builder(terminal, time, new() { ["Conversation:EmergencyNumbers"] = "999" }).Build();
        await host.StartAsync();

        async Task<string> TypeAsync(string line)
        {
            var before = terminal.Output.ToString()!.Length;
            await terminal.TypeAsync(line);
            return terminal.Output.ToString()![before..];
        }

        // The emergency screen: bullets, the answers in brackets (never numbered); "1" and "3" never clear it.
        var screen = await TypeAsync("/headache");
        Assert.Contains("• Did it start suddenly", screen, StringComparison.Ordinal);
        Assert.Contains("[None of these]  [Yes, one or more]  [Not sure]  [It's for my child]", screen, StringComparison.Ordinal);
        Assert.DoesNotContain("1) None of these", screen, StringComparison.Ordinal);
        foreach (var number in new[] { "1", "3" })
        {
            var reask = await TypeAsync(number);
            Assert.Contains("please tap a button, or type yes, no or not sure", reask, StringComparison.Ordinal);
            Assert.Contains("First, a quick safety check", reask, StringComparison.Ordinal);
        }

        // "none" clears it; on the same-day screen "1" is re-asked and "not sure" gives the same-day and pregnancy advice.
        Assert.Contains("And do any of these apply?", await TypeAsync("none"), StringComparison.Ordinal);
        Assert.Contains("please tap a button, or type yes, no or not sure", await TypeAsync("1"), StringComparison.Ordinal);
        var sameDay = await TypeAsync("not sure");
        Assert.Contains("Please speak to a doctor today", sameDay, StringComparison.Ordinal);
        Assert.Contains("midwife, maternity unit or GP now", sameDay, StringComparison.Ordinal);

        // /breathe asks why; practice asks the breath-hold question; "yes" there keeps to resonance breathing.
        Assert.Contains("Is this for a headache now, or to practise?", await TypeAsync("/breathe"), StringComparison.Ordinal);
        Assert.Contains("type headache or practise", await TypeAsync("1"), StringComparison.Ordinal);
        Assert.Contains("heart or lung condition or panic attacks", await TypeAsync("practise"), StringComparison.Ordinal);
        Assert.Contains("please tap a button, or type yes or no", await TypeAsync("1"), StringComparison.Ordinal);
        var presets = await TypeAsync("yes");
        Assert.Contains("no breath-holds", presets, StringComparison.Ordinal);
        Assert.DoesNotContain("Box", presets, StringComparison.Ordinal);

        // An emergency "yes", then any new flow asks "Have you got help?"; "Not yet" repeats the advice only.
        await TypeAsync("/headache");
        Assert.Contains("Call 999 now, or go to the nearest emergency department. Don't drive yourself.", await TypeAsync("yes"), StringComparison.Ordinal);
        var check = await TypeAsync("/breathe");
        Assert.Contains("Have you got help?", check, StringComparison.Ordinal);
        Assert.Contains("please tap a button, or type yes or no", await TypeAsync("1"), StringComparison.Ordinal);
        var notYet = await TypeAsync("not yet");
        Assert.Contains("Call 999 now", notYet, StringComparison.Ordinal);
        Assert.DoesNotContain(")", notYet, StringComparison.Ordinal);

        // A child's headache typed: the child message, nothing else.
        Assert.Contains("For a child's headache, please speak to a doctor", await TypeAsync("my daughter has a headache"), StringComparison.Ordinal);

        terminal.EndOfInput();
        await host.WaitForShutdownAsync().WaitAsync(TimeSpan.FromSeconds(30));
        host.Dispose();
    }

    private sealed class ScriptedTerminal : ITerminal
    {
        private readonly Pipe _pipe = new();
        private readonly SynchronizedWriter _output = new();
        private readonly StreamWriter _typist;

        public ScriptedTerminal()
        {
            _typist = new StreamWriter(_pipe.Writer.AsStream(), new UTF8Encoding(false)) { AutoFlush = true };
            Input = new StreamReader(_pipe.Reader.AsStream(), Encoding.UTF8);
        }

        public TextReader Input { get; }

        public TextWriter Output => _output;

        public bool IsInteractive => false;

        /// <summary>Types a line and waits until the bot has answered it (its output stops growing).</summary>
        public async Task TypeAsync(string line)
        {
            var before = _output.Length;
            await _typist.WriteLineAsync(line);
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
            while (_output.Length == before && DateTime.UtcNow < deadline)
            {
                await Task.Delay(5);
            }

            await Task.Delay(20);
        }

        public void EndOfInput() => _pipe.Writer.Complete();

        private sealed class SynchronizedWriter : StringWriter
        {
            private readonly Lock _gate = new();

            public int Length
            {
                get
                {
                    lock (_gate)
                    {
                        return GetStringBuilder().Length;
                    }
                }
            }

            public override void Write(char value)
            {
                lock (_gate)
                {
                    base.Write(value);
                }
            }

            public override void Write(string? value)
            {
                lock (_gate)
                {
                    base.Write(value);
                }
            }

            public override string ToString()
            {
                lock (_gate)
                {
                    return base.ToString();
                }
            }
        }
    }
}
