using System.IO.Pipelines;
using System.Text;
using BreatheBot.Core.Content;
using BreatheBot.Core.Episodes;
using BreatheBot.Core.Storage;
using BreatheBot.TerminalAdapter;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace BreatheBot.Host.Tests;

/// <summary>
/// Issue 14 items 3-5 end to end through the real host and the terminal adapter, typed only: the medicine's name and
/// dose in triage, "it's gone" at the follow-up, several answers to "What helped?" typed as a list, and the diary after.
/// </summary>
public sealed class EpisodeDetailTerminalTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("breathebot-episodes-").FullName;

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
    public async Task Medicine_name_and_dose_then_its_gone_and_what_helped_typed_as_a_list_reach_the_diary()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 5, 1, 8, 0, 0, TimeSpan.Zero));
        var terminal = new LineTerminal();
        var host = Build(terminal, time);
        await host.StartAsync();

        foreach (var line in new[] { "/headache", "no", "no", "6", "2", "pressing", "done", "1" })
        {
            await terminal.TypeAsync(line);
        }

        await terminal.TypeAsync("2", EpisodeDetailWording.AskMedicineName);
        Assert.Contains("Ibuprofen", terminal.Text, StringComparison.Ordinal);
        await terminal.TypeAsync("ibuprofen", EpisodeDetailWording.AskDose);
        await terminal.TypeAsync("400 mg", Wording.MedicationWhen);
        await terminal.TypeAsync("1");
        await terminal.TypeAsync("skip breathing", Wording.Contraindications);
        await terminal.TypeAsync("yes"); // a contraindication: no massage, and the episode is saved
        await terminal.WaitForAsync(Wording.Saved(TimeSpan.FromMinutes(30)));

        time.Advance(TimeSpan.FromMinutes(31));
        await terminal.WaitForAsync(Wording.PainFollowUp);
        await terminal.TypeAsync("it's gone", EpisodeDetailWording.AskMedicationHelped);
        await terminal.TypeAsync("a little", EpisodeDetailWording.AskWhatHelped);
        await terminal.TypeAsync("breathing, rest", Wording.FollowUpThanks);

        terminal.EndOfInput();
        await host.WaitForShutdownAsync().WaitAsync(TimeSpan.FromSeconds(30));
        host.Dispose();

        using var reader = Build(new LineTerminal(), time);
        var episode = Assert.Single(await reader.Services.GetRequiredService<IEpisodeStore>().ListByUserAsync("terminal:local", 0, 10, default));
        Assert.Equal(MedicationKind.SimplePainkiller, episode.Medication);
        Assert.Equal("Ibuprofen", episode.MedicationName);
        Assert.Equal("400 mg", episode.MedicationDose);
        Assert.Equal(MedicationHelped.ALittle, episode.MedicationHelped);
        Assert.Equal([HelpedMost.Breathing, HelpedMost.Rest], episode.WhatHelped);
        Assert.NotNull(episode.Duration);
        Assert.InRange(episode.Duration.Value, TimeSpan.FromMinutes(31), TimeSpan.FromMinutes(33));
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

        /// <summary>Waits (up to 30 s) until <paramref name="text"/> has been written, e.g. after a wake-up.</summary>
        public async Task WaitForAsync(string text)
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while (DateTime.UtcNow < deadline && !Text.Contains(text, StringComparison.Ordinal))
            {
                await Task.Delay(10);
            }

            Assert.Contains(text, Text, StringComparison.Ordinal);
        }

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
