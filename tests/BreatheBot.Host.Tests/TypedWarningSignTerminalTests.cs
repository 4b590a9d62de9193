using BreatheBot.Core.Episodes;
using BreatheBot.Core.Safety;
using BreatheBot.Core.Storage;
using Microsoft.Extensions.DependencyInjection;
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
    private readonly TerminalTestHost _host = new("breathebot-signs-");

    public void Dispose() => _host.Dispose();

    private IHost Build(LineTerminal terminal, TimeProvider time) => _host.Build(terminal, time);

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
}
