using BreatheBot.Core.Storage;
using BreatheBot.DiscordAdapter.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;

namespace BreatheBot.DiscordAdapter.Tests.EndToEnd;

/// <summary>Issue 14 item 7 on Discord: /report sends the doctor's report as a PDF attachment in a DM, and nothing in a server channel.</summary>
[Collection(TimingCollection.Name)]
public sealed class ReportEndToEndTests
{
    private const string DmChannel = "320";
    private const string User = "53";

    private static async Task QuickEpisode(RealHost host, string pain)
    {
        await host.CommandAsync("breathe", DmChannel, User);
        foreach (var answer in new[] { "A headache now", "None of these", "None of these", pain, "skip breathing" })
        {
            await host.AnswerAsync(answer, DmChannel, User);
        }

        Assert.NotEmpty(await host.Host.Services.GetRequiredService<IEpisodeStore>().ListByUserAsync("discord:" + User, 0, 50, default));
    }

    [Fact(Timeout = 60_000)]
    public async Task Report_sends_a_pdf_in_a_dm_and_its_period_option_is_passed_on()
    {
        await using var host = await RealHost.StartAsync();

        await host.CommandAsync("report", DmChannel, User);
        Assert.Contains("Your diary is empty so far", host.Transcript(), StringComparison.Ordinal);
        Assert.DoesNotContain(host.Fake.Requests, r => r.Body.Contains("breathebot-report.pdf", StringComparison.Ordinal));

        await QuickEpisode(host, "6");
        await host.CommandAsync("report", DmChannel, User, option: "7d");
        Assert.Contains("/report 30d, /report 90d or /report all", host.Transcript(), StringComparison.Ordinal);
        Assert.DoesNotContain(host.Fake.Requests, r => r.Body.Contains("breathebot-report.pdf", StringComparison.Ordinal));

        await host.CommandAsync("report", DmChannel, User, option: "all");
        var pdf = Assert.Single(host.Fake.Requests, r => r.Body.Contains("breathebot-report.pdf", StringComparison.Ordinal));
        Assert.Contains("application/pdf", pdf.Body, StringComparison.Ordinal);
        Assert.Contains("%PDF-", pdf.Body, StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task Report_in_a_server_channel_shows_no_data_there()
    {
        await using var host = await RealHost.StartAsync();
        await QuickEpisode(host, "5");
        var before = host.Fake.Requests.Count;

        await host.CommandAsync("report", "620", User, guildId: "720");

        var after = host.Fake.Requests.Skip(before).ToList();
        Assert.DoesNotContain(after, r => r.Path.StartsWith("/channels/620/messages", StringComparison.Ordinal) && r.Method == "POST");
        Assert.DoesNotContain(after, r => r.Body.Contains("breathebot-report.pdf", StringComparison.Ordinal) && !r.Path.Contains(DmChannel, StringComparison.Ordinal));
        var callback = Assert.Single(after, r => r.Method == "POST" && r.Path.StartsWith("/interactions/", StringComparison.Ordinal));
        Assert.Equal(64, callback.Json!["data"]!["flags"]!.GetValue<int>() & 64);
    }
}
