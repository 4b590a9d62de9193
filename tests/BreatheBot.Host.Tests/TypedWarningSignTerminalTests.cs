using System.IO.Pipelines;
using System.Text;
using BreatheBot.Core.Episodes;
using BreatheBot.Core.Safety;
using BreatheBot.Core.Storage;
using BreatheBot.TerminalAdapter;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace BreatheBot.Host.Tests;

/// <summary>
/// content.md §2 "Typed at any step", end to end through the real host and the terminal adapter: a half sign typed
/// on the first screen asks one question; "yes" gives the emergency advice and the diary records the item; "no"
/// goes back to the screen.
/// </summary>
public sealed class TypedWarningSignTerminalTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("breathebot-signs-").FullName;

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

    private IHost Build(LineTerminal terminal, TimeProvider time)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Storage:Path"] = Path.Combine(_folder, "diary.db"),
            ["Terminal:FilesDirectory"] = Path.Combine(_folder, "files"),
            ["Telegram:BotToken"] = string.Empty,
            ["Discord:BotToken"] = string.Empty,
        };
        var builder = BreatheBotHost.CreateBuilder([], config => config.AddInMemoryCollection(settings));
        builder.Services.Replace(ServiceDescriptor.Singleton<ITerminal>(terminal));
        builder.Services.Replace(ServiceDescriptor.Singleton(time));
        return builder.Build();
    }

    [Fact]
    public async Task A_stiff_neck_typed_on_the_screen_asks_about_fever_and_yes_records_the_emergency()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 5, 1, 8, 0, 0, TimeSpan.Zero));
        var terminal = new LineTerminal();
        var host = Build(terminal, time);
        await host.StartAsync();

        await terminal.TypeAsync("/headache");
        await terminal.TypeAsync("my neck is really stiff", HalfSigns.Question(HalfSign.StiffNeck));
        Assert.Contains(HalfSigns.Question(HalfSign.StiffNeck), terminal.Text, StringComparison.Ordinal);
        await terminal.TypeAsync("yes", Core.Content.Wording.GettingHelp);

        terminal.EndOfInput();
        await host.WaitForShutdownAsync().WaitAsync(TimeSpan.FromSeconds(30));
        host.Dispose();

        using var reader = Build(new LineTerminal(), time);
        var episode = Assert.Single(await reader.Services.GetRequiredService<IEpisodeStore>().ListByUserAsync("terminal:local", 0, 10, default));
        Assert.Equal(RedFlagTier.Emergency, episode.RedFlagTier);
        Assert.Equal(["E3"], episode.RedFlags);
        Assert.Equal(EpisodeStatus.EmergencyAdvice, episode.Status);
    }

    [Fact]
    public async Task No_goes_back_to_the_screen_and_an_everyday_figure_of_speech_is_not_an_alarm()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 5, 1, 8, 0, 0, TimeSpan.Zero));
        var terminal = new LineTerminal();
        var host = Build(terminal, time);
        await host.StartAsync();

        await terminal.TypeAsync("/headache");
        var screen = terminal.Text;
        await terminal.TypeAsync("I think I have a fever", HalfSigns.Question(HalfSign.Fever));
        var mark = terminal.Text.Length;
        await terminal.TypeAsync("no", SignCheckWording.CarryOn);
        var afterNo = terminal.Text[mark..];
        await terminal.TypeAsync("I'm dying to get home");

        terminal.EndOfInput();
        await host.WaitForShutdownAsync().WaitAsync(TimeSpan.FromSeconds(30));
        host.Dispose();

        Assert.Contains(SignCheckWording.CarryOn, afterNo, StringComparison.Ordinal);
        var lastScreenLine = screen.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Last(l => l.StartsWith("BreatheBot:", StringComparison.Ordinal));
        Assert.Contains(lastScreenLine, afterNo, StringComparison.Ordinal);
        using var reader = Build(new LineTerminal(), time);
        var episodes = await reader.Services.GetRequiredService<IEpisodeStore>().ListByUserAsync("terminal:local", 0, 10, default);
        Assert.DoesNotContain(episodes, e => e.RedFlagTier == RedFlagTier.Emergency);
    }

    /// <summary>A terminal whose input the test types line by line, waiting for each turn to be answered.</summary>
    private sealed class LineTerminal : ITerminal
    {
        private readonly Pipe _pipe = new();
        private readonly LockedWriter _output = new();
        private readonly StreamWriter _typist;

        public LineTerminal()
        {
            _typist = new StreamWriter(_pipe.Writer.AsStream(), new UTF8Encoding(false)) { AutoFlush = true };
            Input = new StreamReader(_pipe.Reader.AsStream(), Encoding.UTF8);
        }

        public TextReader Input { get; }

        public TextWriter Output => _output;

        public string Text => _output.ToString();

        public bool IsInteractive => false;

        /// <summary>Types a line and waits until the bot has answered it: <paramref name="until"/> appears (when given)
        /// and the output has been quiet for a moment.</summary>
        public async Task TypeAsync(string line, string? until = null)
        {
            var before = _output.Length;
            await _typist.WriteLineAsync(line);
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while (DateTime.UtcNow < deadline && (_output.Length == before || until is not null && !Text[before..].Contains(until, StringComparison.Ordinal)))
            {
                await Task.Delay(10);
            }

            var quietSince = _output.Length;
            while (DateTime.UtcNow < deadline)
            {
                await Task.Delay(250);
                if (_output.Length == quietSince)
                {
                    return;
                }

                quietSince = _output.Length;
            }
        }

        public void EndOfInput() => _pipe.Writer.Complete();

        private sealed class LockedWriter : StringWriter
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
                    return GetStringBuilder().ToString();
                }
            }
        }
    }
}
