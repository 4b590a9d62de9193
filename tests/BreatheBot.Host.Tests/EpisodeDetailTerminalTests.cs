using BreatheBot.Core.Content;
using BreatheBot.Core.Episodes;
using BreatheBot.Core.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace BreatheBot.Host.Tests;

/// <summary>
/// Issue 14 items 3-5 end to end through the real host and the terminal adapter, typed only: the medicine's name and
/// dose in triage, "it's gone" at the follow-up, several answers to "What helped?" typed as a list, and the diary after.
/// </summary>
public sealed class EpisodeDetailTerminalTests : IDisposable
{
    private readonly TerminalTestHost _host = new("breathebot-episodes-");

    public void Dispose() => _host.Dispose();

    private IHost Build(LineTerminal terminal, TimeProvider time) => _host.Build(terminal, time);

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
        await terminal.TypeAsync("it's gone", "Did the medicine you took (Ibuprofen) help?");
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
}
