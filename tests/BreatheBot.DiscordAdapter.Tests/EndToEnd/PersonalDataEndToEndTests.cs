using BreatheBot.Core.Storage;
using BreatheBot.DiscordAdapter.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;

namespace BreatheBot.DiscordAdapter.Tests.EndToEnd;

/// <summary>Issue 5 on Discord: /history, /stats with its chart, /export, /forget in a DM, and nothing personal in a server channel.</summary>
[Collection(TimingCollection.Name)]
public sealed class PersonalDataEndToEndTests
{
    private const string DmChannel = "310";
    private const string User = "52";

    private static async Task<int> EpisodeCount(RealHost host) =>
        (await host.Host.Services.GetRequiredService<IEpisodeStore>().ListByUserAsync("discord:" + User, 0, 50, default)).Count;

    private static async Task QuickEpisode(RealHost host, string pain)
    {
        await host.CommandAsync("breathe", DmChannel, User);
        foreach (var answer in new[] { "A headache now", "None of these", "None of these", pain, "skip breathing" })
        {
            await host.AnswerAsync(answer, DmChannel, User);
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task History_stats_with_a_png_chart_export_files_and_forget_work_in_a_dm()
    {
        await using var host = await RealHost.StartAsync();
        await QuickEpisode(host, "6");
        await QuickEpisode(host, "4");
        Assert.Equal(2, await EpisodeCount(host));

        await host.CommandAsync("history", DmChannel, User);
        Assert.Contains("Your episodes (2 in all)", host.Transcript(), StringComparison.Ordinal);

        await host.CommandAsync("stats", DmChannel, User);
        Assert.Contains("Your diary, the last 30 days: 2 episodes.", host.Transcript(), StringComparison.Ordinal);
        var chart = Assert.Single(host.Fake.Requests, r => r.Body.Contains("breathebot-stats.png", StringComparison.Ordinal));
        Assert.Contains("IHDR", chart.Body, StringComparison.Ordinal);
        Assert.Contains("image/png", chart.Body, StringComparison.Ordinal);

        await host.CommandAsync("export", DmChannel, User);
        Assert.Contains(host.Fake.Requests, r => r.Body.Contains("breathebot-diary.csv", StringComparison.Ordinal)
            && r.Body.Contains("episode_id,started_at_utc,started_at_local,kind,status", StringComparison.Ordinal));
        Assert.Contains(host.Fake.Requests, r => r.Body.Contains("breathebot-diary.json", StringComparison.Ordinal));

        await host.CommandAsync("forget", DmChannel, User);
        await host.AnswerAsync("Yes, delete everything", DmChannel, User);
        Assert.Contains("Everything I stored about you is deleted", host.Transcript(), StringComparison.Ordinal);
        Assert.Equal(0, await EpisodeCount(host));
    }

    [Theory(Timeout = 60_000)]
    [InlineData("history")]
    [InlineData("stats")]
    [InlineData("export")]
    public async Task A_data_command_in_a_server_channel_shows_no_data_there(string command)
    {
        await using var host = await RealHost.StartAsync();
        await QuickEpisode(host, "5");
        var before = host.Fake.Requests.Count;

        await host.CommandAsync(command, "610", User, guildId: "710");

        var after = host.Fake.Requests.Skip(before).ToList();
        Assert.DoesNotContain(after, r => r.Path.StartsWith("/channels/610/messages", StringComparison.Ordinal) && r.Method == "POST");
        Assert.DoesNotContain(after, r => r.Body.Contains("breathebot-", StringComparison.Ordinal) && !r.Path.Contains(DmChannel, StringComparison.Ordinal) && !r.Path.Contains("/users/@me/channels", StringComparison.Ordinal) && r.Path.Contains("/610/", StringComparison.Ordinal));
        var callback = Assert.Single(after, r => r.Method == "POST" && r.Path.StartsWith("/interactions/", StringComparison.Ordinal));
        Assert.Equal(64, callback.Json!["data"]!["flags"]!.GetValue<int>() & 64);
        Assert.DoesNotContain("episode", callback.Body, StringComparison.OrdinalIgnoreCase);
    }
}
