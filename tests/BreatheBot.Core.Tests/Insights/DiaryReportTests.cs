using BreatheBot.Core.Episodes;
using BreatheBot.Core.Insights;
using static BreatheBot.Core.Tests.Insights.DiaryFixtures;

namespace BreatheBot.Core.Tests.Insights;

/// <summary>The /report model: built from the diary, the profile and now alone, in the person's time zone.</summary>
public sealed class DiaryReportTests
{
    private static readonly UserProfile Tokyo = new() { UserKey = "telegram:1", FirstSeenAt = Now, TimeZoneId = "Asia/Tokyo" };

    [Theory]
    [InlineData(null, StatsWindow.Last90Days)]
    [InlineData("", StatsWindow.Last90Days)]
    [InlineData("90d", StatsWindow.Last90Days)]
    [InlineData("30D", StatsWindow.Last30Days)]
    [InlineData(" 30 ", StatsWindow.Last30Days)]
    [InlineData("All", StatsWindow.All)]
    public void The_window_defaults_to_90_days_and_takes_30d_90d_or_all(string? argument, StatsWindow expected)
    {
        Assert.True(DiaryReport.TryParseWindow(argument, out var window));
        Assert.Equal(expected, window);
    }

    [Theory]
    [InlineData("7d")]
    [InlineData("last year")]
    [InlineData("-30d")]
    public void Any_other_window_is_refused(string argument) => Assert.False(DiaryReport.TryParseWindow(argument, out _));

    [Fact]
    public void The_window_takes_only_episodes_inside_it()
    {
        var diary = new[] { Episode(10, before: 5), Episode(45, before: 5), Episode(100, before: 5), Episode(-1, before: 5) };

        Assert.Equal(1, DiaryReport.Build(diary, null, StatsWindow.Last30Days, Now).HeadacheEpisodes);
        Assert.Equal(2, DiaryReport.Build(diary, null, StatsWindow.Last90Days, Now).HeadacheEpisodes);
        Assert.Equal(3, DiaryReport.Build(diary, null, StatsWindow.All, Now).HeadacheEpisodes); // never the future
    }

    [Fact]
    public void Every_month_of_the_window_is_listed_with_its_headache_days_zeros_included()
    {
        // Now is 31 Mar 2026; 90 days back is 31 Dec 2025.
        var diary = new[] { Episode(40, before: 5), Episode(40, before: 3, hour: 2), Episode(5, before: 5) };

        var report = DiaryReport.Build(diary, null, StatsWindow.Last90Days, Now);

        Assert.Equal(
            [new MonthCount(2025, 12, 0), new MonthCount(2026, 1, 0), new MonthCount(2026, 2, 1), new MonthCount(2026, 3, 1)],
            report.HeadacheDaysPerMonth);
        Assert.Equal(2, report.HeadacheDays);
        Assert.Equal(3, report.HeadacheEpisodes);
    }

    [Fact]
    public void Days_times_and_months_are_the_persons_own()
    {
        // 31 Jan 20:00 UTC is already 1 Feb 05:00 in Tokyo.
        var late = Episode(59, before: 6, hour: 8) with { StartedAt = new DateTimeOffset(2026, 1, 31, 20, 0, 0, TimeSpan.Zero) };

        var report = DiaryReport.Build([late], Tokyo, StatsWindow.Last90Days, Now);

        Assert.Equal("Asia/Tokyo", report.TimeZoneId);
        Assert.Equal(new DateTimeOffset(2026, 2, 1, 5, 0, 0, TimeSpan.FromHours(9)), report.Episodes[0].At);
        Assert.Equal(1, report.HeadacheDaysPerMonth.Single(m => m.Month == 2).Days);
        Assert.Equal(0, report.HeadacheDaysPerMonth.Single(m => m.Month == 1).Days);
        Assert.Equal(TimeSpan.FromHours(9), report.To.Offset);
    }

    [Fact]
    public void Medication_days_are_counted_per_month_and_class_against_the_overuse_thresholds()
    {
        var diary = Enumerable.Range(35, 10).Select(d => Episode(d, before: 5, medication: MedicationKind.Triptan)) // late Feb: 10 triptan days
            .Concat(Enumerable.Range(1, 14).Select(d => Episode(d, before: 4, medication: MedicationKind.SimplePainkiller))) // March: 14 simple days
            .Append(Episode(2, before: 4, medication: MedicationKind.Other, hour: 3)) // never counted
            .ToList();

        var report = DiaryReport.Build(diary, null, StatsWindow.Last90Days, Now);

        Assert.Equal([MedicationClass.Simple, MedicationClass.Triptan], report.MedicationClasses);
        var february = report.MedicationDaysPerMonth.Single(m => m.Month == 2);
        Assert.Equal(10, february.DaysOf(MedicationClass.Triptan));
        Assert.True(february.AtThreshold(MedicationClass.Triptan));
        var march = report.MedicationDaysPerMonth.Single(m => m.Month == 3);
        Assert.Equal(14, march.DaysOf(MedicationClass.Simple));
        Assert.False(march.AtThreshold(MedicationClass.Simple)); // simple painkillers: 15 days
        Assert.Equal(14, march.Summary.AnyDays);
        Assert.False(march.Summary.WorthTalkingToADoctor);
        Assert.Equal(MedicationDays.Count(diary, Now, TimeZoneInfo.Utc), report.MedicationLast30Days);
    }

    [Fact]
    public void Each_episode_keeps_pain_before_after_the_exercises_and_later_with_a_duration_only_where_an_end_is_logged()
    {
        var report = DiaryReport.Build([Episode(3, before: 7, afterBreathing: 5, afterPoints: 4, followUp: 2, medication: MedicationKind.Triptan)], null, StatsWindow.Last30Days, Now);

        var row = Assert.Single(report.Episodes);
        Assert.Equal((7, 4, 2), (row.PainBefore, row.AfterSelfCare, row.AtFollowUp));
        Assert.Null(row.Duration);
        Assert.Equal(MedicationKind.Triptan, row.Medication);

        var started = Episode(3, before: 7);
        var ended = started with { EndedAt = started.StartedAt.AddMinutes(150) };
        Assert.Equal(TimeSpan.FromMinutes(150), Assert.Single(DiaryReport.Build([ended], null, StatsWindow.Last30Days, Now).Episodes).Duration);
    }

    [Fact]
    public void Warning_signs_are_given_by_their_readable_names_with_the_not_sure_answers()
    {
        var flagged = Episode(2, before: 8) with { RedFlagTier = RedFlagTier.SameDay, RedFlags = ["S1", "S4"], EmergencyScreenNotSure = true, SpokeToDoctor = DoctorContact.Yes };

        var answer = Assert.Single(DiaryReport.Build([flagged, Episode(3, before: 4)], null, StatsWindow.Last30Days, Now).WarningSigns);

        Assert.Equal(["New headache, over 50", "Cough/strain/exercise, posture or wakes you"], answer.Signs);
        Assert.Equal([RedFlagTier.Emergency], answer.NotSure);
        Assert.Equal(DoctorContact.Yes, answer.SpokeToDoctor);
        Assert.Equal("Sun 29 Mar 2026 12:00: a doctor the same day advised: New headache, over 50; Cough/strain/exercise, posture or wakes you. not sure about the urgent signs. spoke to a doctor: yes.",
            BreatheBot.Core.Content.ReportWording.WarningSigns(answer));
    }

    [Fact]
    public void What_helped_and_triggers_are_counted_with_how_many_episodes_answered()
    {
        var diary = new[]
        {
            Episode(1, before: 5, triggers: [HeadacheTrigger.PoorSleep, HeadacheTrigger.Caffeine]) with { HelpedMost = HelpedMost.Breathing },
            Episode(2, before: 5, triggers: [HeadacheTrigger.PoorSleep]) with { HelpedMost = HelpedMost.Breathing },
            Episode(3, before: 5, triggers: [HeadacheTrigger.NotSure]) with { HelpedMost = HelpedMost.Rest },
            Episode(4, before: 5),
        };

        var report = DiaryReport.Build(diary, null, StatsWindow.Last30Days, Now);

        Assert.Equal([new ReportCount("Breathing", 2), new ReportCount("Rest", 1)], report.WhatHelped);
        Assert.Equal(3, report.HelpedAnswers);
        Assert.Equal([new ReportCount("Poor sleep", 2), new ReportCount("Caffeine (too much or missed)", 1)], report.Triggers);
        Assert.Equal(2, report.TriggerAnswers); // "not sure" is not a trigger
    }

    [Fact]
    public void What_helped_counts_every_answer_of_an_episode_with_several()
    {
        var diary = new[]
        {
            Episode(1, before: 5) with { HelpedMost = HelpedMost.Breathing, WhatHelped = [HelpedMost.Breathing, HelpedMost.Rest] },
            Episode(2, before: 5) with { HelpedMost = HelpedMost.Rest },
        };

        var report = DiaryReport.Build(diary, null, StatsWindow.Last30Days, Now);

        Assert.Equal([new ReportCount("Rest", 2), new ReportCount("Breathing", 1)], report.WhatHelped);
        Assert.Equal(2, report.HelpedAnswers);
    }

    [Fact]
    public void The_chart_spans_the_window_in_the_persons_time()
    {
        var report = DiaryReport.Build([Episode(3, before: 7, afterBreathing: 4)], Tokyo, StatsWindow.Last30Days, Now);

        Assert.Equal(Now - TimeSpan.FromDays(30), report.Chart.From);
        Assert.Equal(Now, report.Chart.To);
        Assert.Equal(TimeSpan.FromHours(9), report.Chart.To!.Value.Offset);
        Assert.Equal(4, Assert.Single(report.Chart.Episodes).After);
    }
}
