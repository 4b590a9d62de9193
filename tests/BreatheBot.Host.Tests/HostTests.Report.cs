using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace BreatheBot.Host.Tests;

/// <summary>/report end to end in the terminal: the PDF is saved beside the charts and exports, and /forget deletes it.</summary>
public sealed partial class HostTests
{
    [Fact]
    public async Task In_the_terminal_report_saves_a_pdf_and_forget_deletes_it()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 5, 1, 8, 0, 0, TimeSpan.Zero));
        var terminal = new ScriptedTerminal();
        var host = Builder(terminal, time).Build();
        await host.StartAsync();

        await terminal.TypeAsync("/report");
        await WhenPrintedAsync(terminal, "Your diary is empty so far"); // the start banner may be what TypeAsync saw first

        foreach (var line in new[] { "/breathe", "headache", "no", "no", "6", "skip breathing", "/report 30d" })
        {
            await terminal.TypeAsync(line);
        }

        var files = Path.Combine(_folder, "files", "local");
        var report = Path.Combine(files, "breathebot-report.pdf");
        await WhenPrintedAsync(terminal, report);
        var pdf = await File.ReadAllBytesAsync(report);
        Assert.Equal("%PDF-"u8.ToArray(), pdf[..5]);
        Assert.True(pdf.Length > 10_000, $"a report with its chart and embedded font, got {pdf.Length} bytes");

        await terminal.TypeAsync("/forget");
        await terminal.TypeAsync("yes");
        Assert.False(File.Exists(report), "/forget also deletes the report saved for the person");
        terminal.EndOfInput();
        await host.WaitForShutdownAsync().WaitAsync(TimeSpan.FromSeconds(30));
        host.Dispose();
    }

    private static async Task WhenPrintedAsync(ScriptedTerminal terminal, string text)
    {
        for (var i = 0; i < 400 && !terminal.Output.ToString()!.Contains(text, StringComparison.Ordinal); i++)
        {
            await Task.Delay(25);
        }

        Assert.Contains(text, terminal.Output.ToString(), StringComparison.Ordinal);
    }
}
