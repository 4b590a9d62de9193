using BreatheBot.Core.Conversations;
using BreatheBot.Core.Episodes;
using BreatheBot.Core.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace BreatheBot.Host.Tests;

/// <summary>Issue 14 item 6 end to end on the terminal, through the real host: opt in, the check-in prints at its time, a typed answer stores the day.</summary>
public sealed class DailyCheckInTerminalTests : IDisposable
{
    private readonly TerminalTestHost _host = new("breathebot-checkin-");

    public void Dispose() => _host.Dispose();

    private IHost Build(LineTerminal terminal, TimeProvider time) => _host.Build(terminal, time);

    [Fact]
    public async Task Opting_in_prints_the_check_in_at_its_time_and_a_typed_number_stores_the_day()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 5, 1, 8, 0, 0, TimeSpan.Zero));
        var terminal = new LineTerminal();
        var host = Build(terminal, time);
        await host.StartAsync();

        await terminal.TypeAsync("/settings checkin 09:00", "each day at 09:00");
        Assert.DoesNotContain("BreatheBot: Any headache today?", terminal.Text, StringComparison.Ordinal);

        time.Advance(TimeSpan.FromHours(1));
        await host.Services.GetRequiredService<ConversationService>().WhenIdleAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Contains("BreatheBot: Any headache today?", terminal.Text, StringComparison.Ordinal);
        Assert.Contains("3) Moderate", terminal.Text, StringComparison.Ordinal);

        await terminal.TypeAsync("3", "Thanks, noted");

        terminal.EndOfInput();
        await host.WaitForShutdownAsync().WaitAsync(TimeSpan.FromSeconds(30));
        host.Dispose();

        using var reader = Build(new LineTerminal(), time);
        var day = Assert.Single(await reader.Services.GetRequiredService<IEpisodeStore>().ListDaysAsync("terminal:local", default));
        Assert.Equal(new DateOnly(2026, 5, 1), day.Day);
        Assert.Equal(DayHeadache.Moderate, day.Headache);
    }
}
