using BreatheBot.Core.Content;
using BreatheBot.Core.Episodes;
using BreatheBot.Core.Insights;
using static BreatheBot.Core.Tests.Insights.DiaryFixtures;

namespace BreatheBot.Core.Tests.Insights;

public sealed class DiaryStatisticsTests
{
    private static readonly SelfCareStep[] Breathing = [SelfCareStep.Breathing];
    private static readonly SelfCareStep[] Both = [SelfCareStep.Breathing, SelfCareStep.TriggerPoints];

    /// <summary>A known synthetic diary with hand-computed figures.</summary>
    private static List<Episode> KnownDiary() =>
    [
        // Breathing drops: 2, 3, 1, 2 → mean 2.0 over 4. Points drops (from after-breathing): 1, 2 → 2 episodes.
        Episode(1, before: 6, afterBreathing: 4, afterPoints: 3, followUp: 2, steps: Both, triggers: [HeadacheTrigger.PoorSleep, HeadacheTrigger.StressDeskWork], muscles: [Muscle.Suboccipitals, Muscle.UpperTrapezius]),
        Episode(3, before: 7, afterBreathing: 4, afterPoints: 2, followUp: 3, steps: Both, triggers: [HeadacheTrigger.PoorSleep], muscles: [Muscle.Suboccipitals], medication: MedicationKind.SimplePainkiller),
        Episode(5, before: 5, afterBreathing: 4, followUp: 1, steps: Breathing, triggers: [HeadacheTrigger.PoorSleep, HeadacheTrigger.NotEnoughWater]),
        Episode(8, before: 8, afterBreathing: 6, followUp: 4, steps: Breathing, medication: MedicationKind.Triptan),
        // Medication alone, by follow-up: 8→5 (3), 6→4 (2) → 2 episodes: too few.
        Episode(12, before: 8, followUp: 5, medication: MedicationKind.Triptan, triggers: [HeadacheTrigger.Alcohol]),
        Episode(12, before: 6, followUp: 4, medication: MedicationKind.SimplePainkiller, hour: 5),
        // Outside 30 days: counts only for 90d/all.
        Episode(45, before: 9, afterBreathing: 3, followUp: 0, steps: Breathing),
    ];

    [Fact]
    public void Compute_over_30_days_gives_the_hand_computed_figures()
    {
        var stats = DiaryStatistics.Compute(KnownDiary(), StatsWindow.Last30Days, Now, TimeZoneInfo.Utc);

        Assert.Equal(6, stats.Episodes);
        Assert.Equal(new Average(2.0, 4), stats.DropAfterBreathing);
        Assert.Equal(new Average(1.5, 2), stats.DropAfterPoints);
        Assert.False(stats.DropAfterPoints.Enough);
        // Self-care only by follow-up: 6→2 (4), 5→1 (4) → 4.0 over 2.
        Assert.Equal(new Average(4.0, 2), stats.DropByFollowUpSelfCareOnly);
        Assert.Equal(new Average(2.5, 2), stats.DropByFollowUpMedicationAlone);
        // Medication with self-care: 7→3 (4), 8→4 (4).
        Assert.Equal(new Average(4.0, 2), stats.DropByFollowUpMedicationAndSelfCare);
        Assert.Equal([new Ranked<HeadacheTrigger>(HeadacheTrigger.PoorSleep, 3, null), new Ranked<HeadacheTrigger>(HeadacheTrigger.StressDeskWork, 1, null), new Ranked<HeadacheTrigger>(HeadacheTrigger.NotEnoughWater, 1, null)], stats.TopTriggers);
        // Suboccipitals: drops 1 and 2 (2 episodes); upper trapezius: 1 episode. Both under Average.MinimumEpisodes: no claim.
        Assert.Empty(stats.HelpfulMuscles);
        // Headache days: 5 distinct days in March (day 12 twice).
        Assert.Equal([new MonthCount(2026, 3, 5)], stats.HeadacheDaysPerMonth);
        Assert.Equal(new MedicationDays(AnyDays: 3, SimpleDays: 2, MostDaysOfOneOtherClass: 2, Classes: 2), stats.MedicationLast30Days);
    }

    [Fact]
    public void Compute_over_all_time_includes_older_episodes_and_months()
    {
        var stats = DiaryStatistics.Compute(KnownDiary(), StatsWindow.All, Now, TimeZoneInfo.Utc);
        Assert.Equal(7, stats.Episodes);
        Assert.Equal(new Average(2.8, 5), stats.DropAfterBreathing); // (2 + 3 + 1 + 2 + 6) / 5
        Assert.Equal([new MonthCount(2026, 2, 1), new MonthCount(2026, 3, 5)], stats.HeadacheDaysPerMonth);
    }

    [Fact]
    public void Stats_text_says_too_few_under_three_and_gives_counts_otherwise()
    {
        var text = BreatheBot.Core.Content.InsightsWording.Stats(DiaryStatistics.Compute(KnownDiary(), StatsWindow.Last30Days, Now, TimeZoneInfo.Utc));
        Assert.Contains("Right after breathing, pain dropped by 2.0 points on average (4 episodes).", text, StringComparison.Ordinal);
        Assert.Contains("Right after pressure points, pain: too few episodes to tell (2 so far).", text, StringComparison.Ordinal);
        Assert.Contains("• medication alone: too few episodes to tell (2 so far)", text, StringComparison.Ordinal);
        Assert.Contains("poor sleep (3)", text, StringComparison.Ordinal);
        Assert.Contains("not a diagnosis", text, StringComparison.Ordinal);
        Assert.DoesNotContain("you have", text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Muscles_are_named_only_when_rated_in_at_least_the_minimum_number_of_episodes()
    {
        List<Episode> diary =
        [
            Episode(1, before: 6, afterBreathing: 5, afterPoints: 3, steps: Both, muscles: [Muscle.Suboccipitals, Muscle.Temporalis]),
            Episode(2, before: 6, afterBreathing: 5, afterPoints: 4, steps: Both, muscles: [Muscle.Suboccipitals, Muscle.Temporalis]),
            Episode(3, before: 6, afterBreathing: 5, afterPoints: 5, steps: Both, muscles: [Muscle.Suboccipitals]),
        ];

        var three = DiaryStatistics.Compute(diary, StatsWindow.Last30Days, Now, TimeZoneInfo.Utc);
        var two = DiaryStatistics.Compute(diary[..2], StatsWindow.Last30Days, Now, TimeZoneInfo.Utc);

        Assert.Equal(3, Average.MinimumEpisodes);
        // Suboccipitals: drops 2, 1, 0 over 3 episodes; temporalis only 2 episodes, so it is left out.
        Assert.Equal([new Ranked<Muscle>(Muscle.Suboccipitals, 3, 1.0)], three.HelpfulMuscles);
        Assert.Contains("Muscles that helped you most: suboccipitals (1.0 point, 3 episodes).", InsightsWording.Stats(three), StringComparison.Ordinal);
        Assert.DoesNotContain("temporalis", InsightsWording.Stats(three), StringComparison.OrdinalIgnoreCase);
        Assert.Empty(two.HelpfulMuscles);
        var text = InsightsWording.Stats(two);
        Assert.DoesNotContain("Muscles", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("suboccipitals", text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Pain_after_self_care_leaves_out_a_follow_up_taken_after_a_painkiller()
    {
        var painkillerThenFollowUp = Episode(1, before: 7, afterBreathing: 6, followUp: 1, steps: Breathing, medication: MedicationKind.SimplePainkiller);
        var noMedication = Episode(2, before: 7, afterBreathing: 6, followUp: 3, steps: Breathing, medication: MedicationKind.None);
        var painkillerOnly = Episode(3, before: 7, followUp: 2, medication: MedicationKind.Triptan);
        var afterPoints = Episode(4, before: 7, afterBreathing: 6, afterPoints: 4, followUp: 0, steps: Both, medication: MedicationKind.Opioid);

        Assert.Equal(6, SelfCarePain.Lowest(painkillerThenFollowUp));
        Assert.Equal(3, SelfCarePain.Lowest(noMedication));
        Assert.Null(SelfCarePain.Lowest(painkillerOnly));
        Assert.Equal(4, SelfCarePain.Lowest(afterPoints));

        var points = SelfCarePain.ChartPoints([painkillerOnly, noMedication, painkillerThenFollowUp, afterPoints], Now - TimeSpan.FromDays(30), TimeZoneInfo.Utc);
        Assert.Equal([4, null, 3, 6], points.Select(p => p.After)); // oldest first
        Assert.All(points, p => Assert.Equal(7, p.Before));
        Assert.Contains("a follow-up rating counts only when no medication was taken", InsightsWording.ChartCaption, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_doses_on_one_day_count_as_one_day_and_older_than_30_days_do_not_count()
    {
        var diary = new List<Episode>
        {
            Episode(2, medication: MedicationKind.Triptan),
            Episode(2, medication: MedicationKind.Triptan, hour: 3),
            Episode(31, medication: MedicationKind.Triptan),
        };
        Assert.Equal(new MedicationDays(AnyDays: 1, SimpleDays: 0, MostDaysOfOneOtherClass: 1, Classes: 1), MedicationDays.Count(diary, Now, TimeZoneInfo.Utc));
    }

    [Fact]
    public void Days_are_counted_in_the_persons_time_zone_across_a_dst_change()
    {
        var london = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");
        // 29 March 2026: clocks go forward at 01:00 UTC. 23:30 UTC on the 28th is still the 28th in London (GMT);
        // 23:30 UTC on the 29th is 00:30 on the 30th in London (BST).
        var diary = new List<Episode>
        {
            Episode(0) with { Id = "a", StartedAt = new DateTimeOffset(2026, 3, 28, 23, 30, 0, TimeSpan.Zero), Medication = MedicationKind.Triptan },
            Episode(0) with { Id = "b", StartedAt = new DateTimeOffset(2026, 3, 29, 23, 30, 0, TimeSpan.Zero), Medication = MedicationKind.Triptan },
            Episode(0) with { Id = "c", StartedAt = new DateTimeOffset(2026, 3, 30, 0, 15, 0, TimeSpan.Zero), Medication = MedicationKind.Triptan },
        };

        Assert.Equal(3, MedicationDays.Count(diary, Now, TimeZoneInfo.Utc).AnyDays);
        Assert.Equal(2, MedicationDays.Count(diary, Now, london).AnyDays);
        Assert.Contains("Mon 30 Mar 2026 00:30", BreatheBot.Core.Content.InsightsWording.HistoryLine(diary[1], london), StringComparison.Ordinal);
        Assert.Contains("Sat 28 Mar 2026 23:30", BreatheBot.Core.Content.InsightsWording.HistoryLine(diary[0], london), StringComparison.Ordinal);
    }
}
