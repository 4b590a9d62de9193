using BreatheBot.Core.Storage;
using BreatheBot.DiscordAdapter.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;

namespace BreatheBot.DiscordAdapter.Tests.EndToEnd;

/// <summary>Issue 14 items 1-2 on Discord: /log a past headache in a DM, then edit and delete it from /history.</summary>
[Collection(TimingCollection.Name)]
public sealed class DiaryEntriesEndToEndTests
{
    private const string DmChannel = "410";
    private const string User = "62";

    private static async Task<IReadOnlyList<BreatheBot.Core.Episodes.Episode>> Episodes(RealHost host) =>
        await host.Host.Services.GetRequiredService<IEpisodeStore>().ListByUserAsync("discord:" + User, 0, 50, default);

    [Fact(Timeout = 60_000)]
    public async Task Log_a_past_headache_then_edit_and_delete_it_from_history_in_a_dm()
    {
        await using var host = await RealHost.StartAsync();

        await host.CommandAsync("log", DmChannel, User);
        Assert.Contains("When did it start?", host.Transcript(), StringComparison.Ordinal);
        await host.AnswerAsync("yesterday 15:00", DmChannel, User);
        Assert.Contains(", 15:00 — right?", host.Transcript(), StringComparison.Ordinal);
        foreach (var answer in new[] { "Yes", "2 h", "7", "Done", "Done", "Nothing", "DISCORDNOTE" })
        {
            await host.AnswerAsync(answer, DmChannel, User);
        }

        var logged = Assert.Single(await Episodes(host));
        Assert.True(logged.LoggedAfterwards);
        Assert.Equal(7, logged.PainBefore);
        Assert.Equal(TimeSpan.FromHours(2), logged.Duration);
        Assert.Equal("DISCORDNOTE", logged.Note);
        Assert.DoesNotContain("quick safety check", host.Transcript(), StringComparison.Ordinal);

        await host.CommandAsync("history", DmChannel, User);
        await host.PressLabelAsync("Edit 1", DmChannel, User);
        await host.PressLabelAsync("Note", DmChannel, User);
        await host.TypeAsync("changed note", DmChannel, User);
        Assert.Equal("changed note", Assert.Single(await Episodes(host)).Note);
        await host.PressLabelAsync("Done", DmChannel, User);

        await host.CommandAsync("history", DmChannel, User);
        await host.PressLabelAsync("Delete 1", DmChannel, User);
        await host.PressLabelAsync("Delete", DmChannel, User);
        Assert.Empty(await Episodes(host));
        Assert.Contains("Deleted.", host.Transcript(), StringComparison.Ordinal);
    }
}
