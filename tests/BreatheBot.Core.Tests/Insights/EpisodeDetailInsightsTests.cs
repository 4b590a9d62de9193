using System.Text;
using System.Text.Json;
using BreatheBot.Core.Content;
using BreatheBot.Core.Episodes;
using BreatheBot.Core.Insights;
using static BreatheBot.Core.Tests.Insights.DiaryFixtures;

namespace BreatheBot.Core.Tests.Insights;

/// <summary>
/// Duration, medicine detail and several "what helped" answers in the export (CSV columns at the end, JSON fields),
/// /stats (median duration with n) and /history. An episode without an end shows nothing, never a wrong number.
/// </summary>
public sealed class EpisodeDetailInsightsTests
{
    private static Episode Ended(int daysAgo, double minutes) =>
        Episode(daysAgo, before: 6) with { EndedAt = Now - TimeSpan.FromDays(daysAgo) + TimeSpan.FromMinutes(minutes) };

    private static Episode Detailed() => Ended(1, 160) with
    {
        Id = "new",
        Medication = MedicationKind.SimplePainkiller,
        MedicationName = "Ibuprofen",
        MedicationDose = "400 mg",
        MedicationHelped = MedicationHelped.ALittle,
        HelpedMost = HelpedMost.Breathing,
        WhatHelped = [HelpedMost.Breathing, HelpedMost.Rest],
    };

    private static readonly string[] NewColumns = ["ended_at_utc", "duration_minutes", "medication_name", "medication_dose", "medication_helped", "what_helped"];

    [Fact]
    public void The_new_csv_columns_follow_the_red_flag_codes()
    {
        var columns = DiaryExport.CsvColumns.ToList();
        Assert.Equal(NewColumns, columns.Skip(columns.IndexOf("red_flag_codes") + 1).Take(NewColumns.Length));
    }

    [Fact]
    public void Csv_writes_end_duration_medicine_detail_and_every_answer_and_leaves_them_blank_for_an_old_episode()
    {
        var old = Episode(2, before: 5, medication: MedicationKind.Triptan) with { Id = "old", HelpedMost = HelpedMost.PressurePoints };
        var rows = DiaryExportTests.ParseCsv(Encoding.UTF8.GetString(DiaryExport.Csv([Detailed(), old], TimeZoneInfo.Utc)[3..]));
        var columns = DiaryExport.CsvColumns.ToList();
        IEnumerable<string> Cells(string id) => NewColumns.Select(c => rows.Single(r => r[0] == id)[columns.IndexOf(c)]);

        Assert.Equal(["2026-03-30T14:40:00Z", "160", "Ibuprofen", "400 mg", "A little", "Breathing;Rest"], Cells("new"));
        Assert.Equal([string.Empty, string.Empty, string.Empty, string.Empty, string.Empty, "Pressure points"], Cells("old"));
    }

    [Fact]
    public void A_typed_medicine_name_cannot_become_a_spreadsheet_formula()
    {
        var episode = Detailed() with { MedicationName = "=cmd|' /C calc'!A0" };
        var row = DiaryExportTests.ParseCsv(Encoding.UTF8.GetString(DiaryExport.Csv([episode], TimeZoneInfo.Utc)[3..]))[1];
        Assert.StartsWith("'=", row[DiaryExport.CsvColumns.ToList().IndexOf("medication_name")], StringComparison.Ordinal);
    }

    [Fact]
    public void Json_carries_the_end_the_duration_the_medicine_detail_and_what_helped()
    {
        var json = JsonDocument.Parse(DiaryExport.Json(null, [Detailed()], Now));
        var episode = Assert.Single(json.RootElement.GetProperty("episodes").EnumerateArray());

        Assert.Equal("Ibuprofen", episode.GetProperty("medicationName").GetString());
        Assert.Equal("400 mg", episode.GetProperty("medicationDose").GetString());
        Assert.Equal("ALittle", episode.GetProperty("medicationHelped").GetString());
        Assert.Equal(["Breathing", "Rest"], episode.GetProperty("whatHelped").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(new DateTimeOffset(2026, 3, 30, 14, 40, 0, TimeSpan.Zero), episode.GetProperty("endedAt").GetDateTimeOffset());
        Assert.Equal("02:40:00", episode.GetProperty("duration").GetString());
    }

    [Fact]
    public void Stats_give_the_median_duration_with_the_number_of_episodes_that_have_an_end()
    {
        // 30, 60, 90 and 200 minutes: median 75; the episode without an end is left out, not counted as zero.
        var diary = new[] { Ended(1, 30), Ended(2, 60), Ended(3, 90), Ended(4, 200), Episode(5, before: 7) };

        var stats = DiaryStatistics.Compute(diary, StatsWindow.Last30Days, Now, TimeZoneInfo.Utc);

        Assert.Equal(new DurationSummary(TimeSpan.FromMinutes(75), 4), stats.Durations);
        Assert.Contains("How long a headache lasted: 1 h 15 min (median of 4 episodes with an end time).", InsightsWording.Stats(stats), StringComparison.Ordinal);
    }

    [Fact]
    public void Stats_say_too_few_to_tell_under_three_episodes_with_an_end()
    {
        var stats = DiaryStatistics.Compute([Ended(1, 30), Ended(2, 60), Episode(3, before: 5)], StatsWindow.Last30Days, Now, TimeZoneInfo.Utc);

        Assert.Contains("How long a headache lasted: too few episodes with an end time to tell (2 so far).", InsightsWording.Stats(stats), StringComparison.Ordinal);
    }

    [Fact]
    public void History_shows_how_long_it_lasted_the_medicine_and_everything_that_helped()
    {
        var line = InsightsWording.HistoryLine(Detailed(), TimeZoneInfo.Utc);

        Assert.Contains("lasted 2 h 40 min", line, StringComparison.Ordinal);
        Assert.Contains("simple painkiller (Ibuprofen 400 mg, helped a little)", line, StringComparison.Ordinal);
        Assert.Contains("helped: breathing, rest", line, StringComparison.Ordinal);
    }

    [Fact]
    public void History_of_an_old_episode_shows_no_duration_and_its_one_answer()
    {
        var line = InsightsWording.HistoryLine(Episode(2, before: 5, medication: MedicationKind.Triptan) with { HelpedMost = HelpedMost.PressurePoints }, TimeZoneInfo.Utc);

        Assert.DoesNotContain("lasted", line, StringComparison.Ordinal);
        Assert.Contains(" · triptan", line, StringComparison.Ordinal);
        Assert.DoesNotContain("triptan (", line, StringComparison.Ordinal);
        Assert.Contains("helped: pressure points", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.4, "under a minute")]
    [InlineData(25, "25 min")]
    [InlineData(60, "1 h")]
    [InlineData(160, "2 h 40 min")]
    [InlineData(1680, "1 day 4 h")]
    [InlineData(2880, "2 days")]
    public void Durations_read_naturally(double minutes, string text) =>
        Assert.Equal(text, EpisodeDetailWording.Duration(TimeSpan.FromMinutes(minutes)));

    [Fact]
    public void An_end_before_the_start_gives_no_duration()
    {
        Assert.Null((Episode(1) with { EndedAt = Now - TimeSpan.FromDays(2) }).Duration);
    }
}
