using BreatheBot.Core.Episodes;
using BreatheBot.Core.Storage;
using BreatheBot.DiscordAdapter.Interactions;
using BreatheBot.DiscordAdapter.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;

namespace BreatheBot.DiscordAdapter.Tests.EndToEnd;

/// <summary>Issue 14 item 6 on Discord: the daily check-in arrives as a DM with buttons carrying the question's number; a tap stores the day.</summary>
[Collection(TimingCollection.Name)]
public sealed class DailyCheckInEndToEndTests
{
    private const string DmChannel = "320";
    private const string User = "53";

    [Fact(Timeout = 60_000)]
    public async Task The_check_in_arrives_in_the_dm_at_the_chosen_time_and_a_tap_stores_the_day()
    {
        var start = new DateTimeOffset(2026, 5, 1, 8, 0, 0, TimeSpan.Zero);
        await using var host = await RealHost.StartAsync(now: start);
        await host.CommandAsync("settings", DmChannel, User, option: "checkin 21:00");
        Assert.Contains("each day at 21:00", host.Transcript(), StringComparison.Ordinal);

        Assert.DoesNotContain(host.LatestButtons().Buttons, b => b.Label == "Moderate");

        await host.AdvanceToAsync(start.AddHours(13).AddMinutes(1));

        Assert.EndsWith("Any headache today?", host.Transcript(), StringComparison.Ordinal);
        var (buttons, messageId) = host.LatestButtons();
        Assert.Equal(["None", "Mild", "Moderate", "Severe"], buttons.Select(b => b.Label));
        Assert.All(buttons, b => Assert.True(CustomIds.TryDecode(b.CustomId, out var id) && id.PromptId > 0, "each button carries the question's number"));

        await host.PressAsync(buttons.Single(b => b.Label == "None").CustomId, messageId!, DmChannel, User);
        await host.SettleAsync();

        var days = await host.Host.Services.GetRequiredService<IEpisodeStore>().ListDaysAsync("discord:" + User, default);
        Assert.Equal(new DayRecord("discord:" + User, new DateOnly(2026, 5, 1), DayHeadache.None, days.Single().AnsweredAt), days.Single());
    }
}
