using BreatheBot.Core.Content;
using BreatheBot.Core.Episodes;
using BreatheBot.Core.Insights;
using BreatheBot.Core.Tests.Insights;

namespace BreatheBot.Core.Tests.CheckIn;

/// <summary>/stats with the check-in's baseline: honest counts with their n, no trigger data made up for headache-free days.</summary>
public sealed class CheckInBaselineTests
{
    private static readonly DateTimeOffset Now = DiaryFixtures.Now; // 31 March 2026, 12:00 UTC

    private static DayRecord Day(int daysAgo, DayHeadache headache) =>
        new("telegram:1", DateOnly.FromDateTime(Now.UtcDateTime).AddDays(-daysAgo), headache, Now);

    /// <summary>10 headache days with an episode (stress on 6 of them), 12 headache-free check-in days.</summary>
    private static (List<Episode> Diary, List<DayRecord> Days) TenAndTwelve()
    {
        var diary = Enumerable.Range(1, 10)
            .Select(d => DiaryFixtures.Episode(d, before: 5, triggers: d <= 6 ? [HeadacheTrigger.StressDeskWork] : [HeadacheTrigger.PoorSleep]))
            .ToList();
        var days = Enumerable.Range(11, 12).Select(d => Day(d, DayHeadache.None)).ToList();
        return (diary, days);
    }

    [Fact]
    public void Headache_days_are_counted_against_the_days_told_about_and_triggers_as_a_share_of_headache_days()
    {
        var (diary, days) = TenAndTwelve();

        var baseline = CheckInBaseline.Compute(diary, days, StatsWindow.Last30Days, Now, TimeZoneInfo.Utc);

        Assert.Equal(10, baseline.HeadacheDays);
        Assert.Equal(12, baseline.HeadacheFreeDays);
        Assert.Equal(10, baseline.HeadacheDaysWithTriggers);
        Assert.Equal(new TriggerShare(HeadacheTrigger.StressDeskWork, 6, 10), baseline.Triggers[0]);
        Assert.Equal([new KnownDaysInMonth(2026, 3, 10, 12)], baseline.Months);

        var text = CheckInWording.Baseline(baseline);
        Assert.Contains("March 2026: headache on 10 of the 22 days you told me about", text, StringComparison.Ordinal);
        Assert.Contains("Stress or desk work was logged on 6 of 10 headache days with triggers recorded", text, StringComparison.Ordinal);
        Assert.Contains("On the 12 headache-free days you told me about, triggers aren't recorded", text, StringComparison.Ordinal);
        Assert.Contains("can't show whether a trigger comes more often before a headache, or that it causes one", text, StringComparison.Ordinal);
        Assert.DoesNotContain("causes your", text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_check_in_headache_counts_as_a_headache_day_and_an_episode_outweighs_a_none_answer()
    {
        var diary = new List<Episode> { DiaryFixtures.Episode(2, before: 4) };
        var days = new List<DayRecord> { Day(1, DayHeadache.Severe), Day(2, DayHeadache.None), Day(3, DayHeadache.None) };

        var baseline = CheckInBaseline.Compute(diary, days, StatsWindow.Last30Days, Now, TimeZoneInfo.Utc);

        Assert.Equal(2, baseline.HeadacheDays);
        Assert.Equal(1, baseline.HeadacheFreeDays);
        Assert.Equal(0, baseline.HeadacheDaysWithTriggers); // a check-in answer records no triggers, and none are made up
    }

    [Fact]
    public void Below_the_minimum_it_says_there_are_too_few_days_and_compares_nothing()
    {
        var days = Enumerable.Range(1, CheckInBaseline.MinimumKnownDays - 1).Select(d => Day(d, DayHeadache.None)).ToList();

        var text = CheckInWording.Baseline(CheckInBaseline.Compute([], days, StatsWindow.Last30Days, Now, TimeZoneInfo.Utc));

        Assert.Contains($"Too few days so far to compare: you've told me about {CheckInBaseline.MinimumKnownDays - 1} days", text, StringComparison.Ordinal);
        Assert.DoesNotContain("was logged on", text, StringComparison.Ordinal);
    }

    [Fact]
    public void With_too_few_headache_days_with_triggers_no_trigger_share_is_given()
    {
        var diary = Enumerable.Range(1, CheckInBaseline.MinimumHeadacheDaysForTriggers - 1)
            .Select(d => DiaryFixtures.Episode(d, before: 5, triggers: [HeadacheTrigger.Alcohol])).ToList();
        var days = Enumerable.Range(10, 15).Select(d => Day(d, DayHeadache.None)).ToList();

        var text = CheckInWording.Baseline(CheckInBaseline.Compute(diary, days, StatsWindow.Last30Days, Now, TimeZoneInfo.Utc));

        Assert.Contains("too few headache days with triggers recorded", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Alcohol was logged", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Days_outside_the_window_are_left_out()
    {
        var days = new List<DayRecord> { Day(40, DayHeadache.None), Day(5, DayHeadache.None) };

        Assert.Equal(1, CheckInBaseline.Compute([], days, StatsWindow.Last30Days, Now, TimeZoneInfo.Utc).HeadacheFreeDays);
        Assert.Equal(2, CheckInBaseline.Compute([], days, StatsWindow.All, Now, TimeZoneInfo.Utc).HeadacheFreeDays);
    }

    [Fact]
    public void Stats_shows_the_baseline_only_when_there_are_check_in_answers_and_the_export_has_the_days()
    {
        var driver = new Support.EngineDriver { Now = Now, WithDiary = true };
        driver.Send("/stats");
        Assert.DoesNotContain("stats.checkin", driver.LastKeys);

        var (diary, days) = TenAndTwelve();
        // The driver's person (telegram:100): the driver hands a turn only that person's episodes and days.
        foreach (var e in diary)
        {
            driver.Episodes[e.Id] = e with { UserKey = driver.Key.UserKey };
        }

        foreach (var d in days.Select(d => d with { UserKey = driver.Key.UserKey }))
        {
            driver.Days[d.Id] = d;
        }

        driver.Send("/stats");
        Assert.Contains("stats.checkin", driver.LastKeys);

        driver.Send("/export");
        var json = System.Text.Encoding.UTF8.GetString(driver.LastReplies.OfType<BreatheBot.Core.Messaging.FileReply>().Single(f => f.FileName.EndsWith(".json", StringComparison.Ordinal)).Content.Span);
        Assert.Contains("\"days\": [", json, StringComparison.Ordinal);
        Assert.Contains("\"headache\": \"None\"", json, StringComparison.Ordinal);
        var csv = System.Text.Encoding.UTF8.GetString(driver.LastReplies.OfType<BreatheBot.Core.Messaging.FileReply>().Single(f => f.FileName.EndsWith(".csv", StringComparison.Ordinal)).Content.Span);
        Assert.Equal(11, csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length); // the CSV stays one row per episode
    }
}
