using System.Text;
using BreatheBot.Core.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace BreatheBot.Host.Tests;

/// <summary>
/// Issue 14 items 1-2 end to end in the terminal (typed answers only): /log a past headache, edit it and delete it by
/// its number from /history; the deleted entry's note leaves no trace in the diary file or its -log.
/// </summary>
public sealed class DiaryEntriesTerminalTests : IDisposable
{
    private readonly TerminalTestHost _host = new("breathebot-entries-");

    public void Dispose() => _host.Dispose();

    private IHost Build(LineTerminal terminal, TimeProvider time) => _host.Build(terminal, time);

    [Fact]
    public async Task Log_two_past_headaches_edit_one_and_delete_the_other_leaving_no_trace_of_it()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 3, 9, 0, 0, TimeSpan.Zero)); // Thursday, 09:00 UTC
        var terminal = new LineTerminal();
        var host = Build(terminal, time);
        await host.StartAsync();

        foreach (var (line, until) in new[]
        {
            ("/log", "When did it start?"), ("yesterday 15:00", "Wednesday 2 December, 15:00 — right?"), ("yes", "How long did it last?"),
            ("2 hours 30", "0–10"), ("6", "Where"),
            ("back of the head", "set it off"), ("poor sleep", "take anything"), ("nothing", "note"), ("KEEPMARKER quiet day", "Logged"),
            ("/log", "When did it start?"), ("monday", "What time on Monday 30 November"), ("9am", "Monday 30 November, 09:00 — right?"),
            ("yes", "How long did it last?"), ("not sure", "0–10"), ("4", "Where"), ("done", "set it off"), ("done", "take anything"), ("nothing", "note"), ("GONEMARKER bad day", "Logged"),
        })
        {
            await terminal.TypeAsync(line, until);
        }

        Assert.DoesNotContain("safety check", terminal.Text, StringComparison.Ordinal);
        await terminal.TypeAsync("/history", "2. Mon 30 Nov 2026 09:00");
        await terminal.TypeAsync("edit 1", "Editing: Wed 2 Dec 2026 15:00");
        await terminal.TypeAsync("pain", "Which pain score?");
        await terminal.TypeAsync("1", "Pain at the start, 0–10?");
        await terminal.TypeAsync("3", "Saved.");
        await terminal.TypeAsync("end time", "When did it end?");
        await terminal.TypeAsync("yesterday 19:00", "lasted 4 h");
        await terminal.TypeAsync("done", "Your diary is updated.");
        await terminal.TypeAsync("delete 2", "Delete this entry?");
        await terminal.TypeAsync("delete", "Deleted.");

        var episodes = await host.Services.GetRequiredService<IEpisodeStore>().ListByUserAsync("terminal:local", 0, 10, default);
        var kept = Assert.Single(episodes);
        Assert.Equal(3, kept.PainBefore);
        Assert.Equal(TimeSpan.FromHours(4), kept.Duration); // logged as 2 hours 30, then its end edited
        Assert.True(kept.LoggedAfterwards);
        // Straight after the delete, while the bot still runs:
        Assert.DoesNotContain("GONEMARKER", DiaryBytes(), StringComparison.Ordinal);

        terminal.EndOfInput();
        await host.WaitForShutdownAsync().WaitAsync(TimeSpan.FromSeconds(30));
        host.Dispose();

        var bytes = DiaryBytes();
        Assert.DoesNotContain("GONEMARKER", bytes, StringComparison.Ordinal);
        Assert.Contains("KEEPMARKER", bytes, StringComparison.Ordinal);
    }

    /// <summary>The diary file and its -log, as text (both encodings a string could be stored in).</summary>
    private string DiaryBytes()
    {
        var all = new List<byte>();
        foreach (var path in Directory.GetFiles(_host.Folder, "diary*"))
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var memory = new MemoryStream();
            stream.CopyTo(memory);
            all.AddRange(memory.ToArray());
        }

        Assert.NotEmpty(all);
        return Encoding.Latin1.GetString([.. all]) + Encoding.UTF8.GetString([.. all]);
    }
}
