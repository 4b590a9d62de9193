using BreatheBot.Core.Conversations;
using BreatheBot.Core.Episodes;
using BreatheBot.Core.Messaging;
using BreatheBot.Core.Tests.Support;

namespace BreatheBot.Core.Tests.CheckIn;

/// <summary>
/// A headache answer to the daily check-in offers "Log details": /log for that day, the day filled in, the person types
/// the time. The clock: Tuesday 10 March 2026, 10:00 in Berlin; the check-in at 20:00.
/// </summary>
public sealed class CheckInLogDetailsTests
{
    private static EngineDriver AskedAtEight()
    {
        var driver = new EngineDriver
        {
            WithDiary = true,
            Profile = new UserProfile { UserKey = "telegram:100", FirstSeenAt = EngineDriver.Start, DisclaimerShownAt = EngineDriver.Start, TimeZoneId = "Europe/Berlin" },
        };
        driver.Send("/settings checkin 20:00");
        driver.Tick();
        return driver;
    }

    [Fact]
    public void A_headache_answer_offers_log_details_which_starts_log_on_that_day()
    {
        var driver = AskedAtEight();

        var thanks = Assert.Single(driver.Press("ci:moderate"));
        Assert.Equal(["Log details"], EngineDriver.ChoicesOf(thanks).Select(c => c.Label));

        Assert.Equal(["log.intro", "log.what-time"], driver.Press("ci:log").Select(r => r.Key));
        Assert.StartsWith("What time on Tuesday 10 March", EngineDriver.TextOf(driver.LastReplies[1]), StringComparison.Ordinal);
        Assert.Equal("Tuesday 10 March, 14:00 — right?", EngineDriver.TextOf(driver.Send("14:00")[0]));
        driver.Press("lgc:yes");
        driver.Press("lgd:120");
        driver.Press("lgp:5");
        driver.Press("lgl:done");
        driver.Press("lgt:done");
        driver.Press("lgm:0");
        driver.Press("lgn:skip");

        var episode = Assert.Single(driver.Episodes.Values);
        Assert.True(episode.LoggedAfterwards);
        Assert.Equal(new DateTimeOffset(2026, 3, 10, 13, 0, 0, TimeSpan.Zero), episode.StartedAt);
        Assert.Equal(TimeSpan.FromHours(2), episode.Duration);
        Assert.Equal(DayHeadache.Moderate, Assert.Single(driver.Days.Values).Headache);
    }

    [Fact]
    public void A_headache_free_answer_offers_nothing_to_log()
    {
        var driver = AskedAtEight();

        Assert.Empty(EngineDriver.ChoicesOf(Assert.Single(driver.Press("ci:none"))));
    }

    [Fact]
    public void Log_details_can_be_typed_where_buttons_cannot_be_pressed()
    {
        var driver = AskedAtEight();
        driver.Send("mild");

        Assert.Equal(["log.intro", "log.what-time"], driver.Send("log details").Select(r => r.Key));
    }
}
