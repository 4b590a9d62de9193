using BreatheBot.Core.Episodes;
using BreatheBot.Core.Storage;
using BreatheBot.DiscordAdapter.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;

namespace BreatheBot.DiscordAdapter.Tests.EndToEnd;

/// <summary>
/// Issue 14 items 3 and 5 in a Discord DM, end to end against the fake Discord: "What helped?" takes several answers
/// (each press updates the same message with its button ticked; Done records them all), and "it's gone" typed while
/// the follow-up waits ends the episode.
/// </summary>
[Collection(TimingCollection.Name)]
public sealed class WhatHelpedEndToEndTests
{
    private const string DmChannel = "300";
    private const string User = "42";

    [Fact(Timeout = 60_000)]
    public async Task Its_gone_then_several_answers_to_what_helped_with_ticks_and_done()
    {
        await using var host = await RealHost.StartAsync();
        await host.CommandAsync("breathe", DmChannel, User);
        await host.SettleAsync();
        foreach (var answer in new[] { "A headache now", "None of these", "None of these", "6", "skip breathing" })
        {
            await host.AnswerAsync(answer, DmChannel, User);
            await host.SettleAsync();
        }

        host.Time.Advance(TimeSpan.FromMinutes(10));
        await host.TypeAsync("it's gone", DmChannel, User);
        await host.SettleAsync();
        Assert.Contains("Glad it's gone", host.Transcript(), StringComparison.Ordinal);

        var (buttons, question) = host.LatestButtons();
        Assert.Contains("Done", buttons.Select(b => b.Label));
        Assert.All(buttons, b => Assert.Matches(@":\d+:wh:", b.CustomId)); // the stamped PromptId travels with each button
        await host.PressLabelAsync("Breathing", DmChannel, User);
        await host.SettleAsync();
        await host.PressLabelAsync("Rest", DmChannel, User);
        await host.SettleAsync();

        var (ticked, message) = host.LatestButtons();
        Assert.Equal(question, message);
        Assert.Contains("✓ Breathing", ticked.Select(b => b.Label));
        Assert.Contains("✓ Rest", ticked.Select(b => b.Label));

        await host.PressLabelAsync("Done", DmChannel, User);
        await host.SettleAsync();

        var episode = Assert.Single(await host.Host.Services.GetRequiredService<IEpisodeStore>().ListByUserAsync("discord:" + User, 0, 10, default));
        Assert.Equal([HelpedMost.Breathing, HelpedMost.Rest], episode.WhatHelped);
        Assert.NotNull(episode.EndedAt);
        Assert.InRange((episode.EndedAt - episode.StartedAt)!.Value, TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(11));
    }
}
