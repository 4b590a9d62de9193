using BreatheBot.Core.Content;
using BreatheBot.Core.Episodes;
using BreatheBot.Core.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace BreatheBot.Host.Tests;

/// <summary>content.md §5 and §4 end to end in the terminal: the new pre-massage screens, the stop-unwell choice, the holds setting.</summary>
public sealed partial class HostTests
{
    [Fact]
    public async Task In_the_terminal_the_pre_massage_screens_and_stop_unwell_work_and_the_dizziness_is_remembered()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 5, 1, 8, 0, 0, TimeSpan.Zero));
        var terminal = new ScriptedTerminal();
        var host = Builder(terminal, time, new() { ["Conversation:EmergencyNumbers"] = "999" }).Build();
        await host.StartAsync();

        foreach (var line in new[] { "/points", "no", "no", "5", "behind the eyes", "pressing", "done" })
        {
            await terminal.TypeAsync(line);
        }

        Assert.Contains("a drooping eyelid, or one pupil smaller than the other", terminal.Output.ToString(), StringComparison.Ordinal);

        // A bare number never answers the list of conditions.
        var before = terminal.Output.ToString()!.Length;
        await terminal.TypeAsync("1");
        Assert.Contains(Wording.YesOrNo, terminal.Output.ToString()![before..], StringComparison.Ordinal);

        await terminal.TypeAsync("no");
        Assert.Contains(Wording.Over65Question, terminal.Output.ToString(), StringComparison.Ordinal);
        await terminal.TypeAsync("yes");
        Assert.Contains(Wording.StopRules, terminal.Output.ToString(), StringComparison.Ordinal);

        // The hold timer lists "1) Skip  2) Stop: I feel dizzy, numb or worse": typing 2 stops the massage.
        await terminal.TypeAsync("start");
        Assert.Contains("2) " + Wording.StopUnwellLabel, terminal.Output.ToString(), StringComparison.Ordinal);
        before = terminal.Output.ToString()!.Length;
        await terminal.TypeAsync("2");
        var stopped = terminal.Output.ToString()![before..];
        Assert.Contains(Wording.DizzyAdvice("999"), stopped, StringComparison.Ordinal);
        Assert.Contains("This episode is saved in your diary", stopped, StringComparison.Ordinal);

        await terminal.TypeAsync("/settings");
        Assert.Contains("Breath-holds (box, 4-7-8): off", terminal.Output.ToString(), StringComparison.Ordinal);

        terminal.EndOfInput();
        await host.WaitForShutdownAsync().WaitAsync(TimeSpan.FromSeconds(30));
        host.Dispose();

        using var reader = Builder(new ScriptedTerminal(), time).Build();
        var episode = Assert.Single(await reader.Services.GetRequiredService<IEpisodeStore>().ListByUserAsync("terminal:local", 0, 10, default));
        Assert.True(episode.MassageStoppedUnwell);
        Assert.True(episode.Over65);
        Assert.DoesNotContain(Muscle.Sternocleidomastoid, episode.MusclesDone);
        Assert.True((await reader.Services.GetRequiredService<IConversationStore>().LoadProfileAsync("terminal:local", default))!.BreathHoldsOff);
    }
}
