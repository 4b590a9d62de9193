using BreatheBot.Charts;
using BreatheBot.Core.Episodes;
using BreatheBot.Core.Insights;
using static BreatheBot.Reports.Tests.Diaries;

namespace BreatheBot.Reports.Tests;

/// <summary>The report's content, read back from the PDF's own text with PdfPig: what a doctor reads.</summary>
public sealed class ReportTextTests
{
    private static readonly PdfReportRenderer Renderer = new(new ScottPlotChartRenderer());

    private static string Text(DiaryReport report) => PdfText.All(Renderer.RenderPdf(report));

    [Fact]
    public void It_names_the_period_the_time_zone_and_says_it_is_not_a_diagnosis()
    {
        var text = Text(Report());

        Assert.StartsWith("Headache diary report Period: 31 Dec 2025 to 31 Mar 2026 (the last 90 days)", text, StringComparison.Ordinal);
        Assert.Contains("Made on 31 Mar 2026 at 14:00. Times are in Europe/Berlin.", text, StringComparison.Ordinal);
        Assert.Contains("it is not a diagnosis", text, StringComparison.Ordinal);
        Assert.Contains("17 headache episodes on 17 days.", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Headache_days_are_listed_for_every_month_of_the_period_zeros_included()
    {
        var text = Text(Report());

        Assert.Contains("Headache days per month Month Headache days Dec 2025 0 Jan 2026 0 Feb 2026 12 Mar 2026 5", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Medication_days_per_month_are_shown_by_class_with_a_month_over_a_threshold_marked()
    {
        var text = Text(Report());

        // Header cells wrap ("Simple / painkillers"), so the words of one row follow the header's first line.
        Assert.Contains("Month Simple Triptans Any painkillers", text, StringComparison.Ordinal);
        Assert.Contains("Feb 2026 0 12* 12", text, StringComparison.Ordinal);
        Assert.Contains("Mar 2026 4 0 4", text, StringComparison.Ordinal);
        Assert.Contains("simple painkillers on 15 or more days a month; triptans, ergots, opioids or combination painkillers on 10 or more days a month", text, StringComparison.Ordinal);
        Assert.Contains("Last 30 days: medication on 4 days (1 class); under the thresholds.", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_classes_on_ten_days_in_a_month_mark_the_any_column()
    {
        var diary = Enumerable.Range(2, 6).Select(d => Episode(new DateTimeOffset(2026, 3, d, 9, 0, 0, TimeSpan.Zero), before: 5, medication: MedicationKind.Triptan))
            .Concat(Enumerable.Range(10, 5).Select(d => Episode(new DateTimeOffset(2026, 3, d, 9, 0, 0, TimeSpan.Zero), before: 5, medication: MedicationKind.SimplePainkiller)))
            .ToList();

        var text = Text(Report(diary, StatsWindow.Last30Days));

        Assert.Contains("Mar 2026 5 6 11*", text, StringComparison.Ordinal);
        Assert.Contains("Last 30 days: medication on 11 days (2 classes); at or over a threshold.", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Each_episode_shows_its_local_time_pain_before_and_after_and_a_dash_for_an_unknown_duration()
    {
        var text = Text(Report());

        Assert.Contains("When Pain After Later Duration Medicine Helped most before exercises", text, StringComparison.Ordinal);
        Assert.Contains("Sun 1 Feb 2026 09:00 7 5 3 — triptan Medication", text, StringComparison.Ordinal);
        Assert.Contains("Mon 2 Mar 2026 18:30 5 2 — — simple painkiller Breathing", text, StringComparison.Ordinal);
        Assert.Contains("Sat 21 Mar 2026 00:30 9 — — — — —", text, StringComparison.Ordinal); // 23:30 UTC is past midnight in Berlin
    }

    [Fact]
    public void Ticked_warning_signs_are_named_in_words_not_codes()
    {
        var text = Text(Report());

        Assert.Contains("Warning-sign answers • Sat 21 Mar 2026 00:30: urgent help advised: Fever, stiff neck or rash; Fit (seizure) or fainting.", text, StringComparison.Ordinal);
        Assert.DoesNotContain("E3", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_period_without_warning_signs_says_so()
    {
        var text = Text(Report(ThreeMonths().Where(e => e.RedFlagTier is null).ToList()));

        Assert.Contains("Warning-sign answers No warning sign was ticked in this period.", text, StringComparison.Ordinal);
    }

    [Fact]
    public void What_helped_and_the_triggers_are_counted_with_their_n()
    {
        var text = Text(Report());

        Assert.Contains("• Medication: 12 of 16 • Breathing: 4 of 16 n = 16 episodes with an answer.", text, StringComparison.Ordinal);
        Assert.Contains("• Poor sleep: 16 of 16 • Stress or desk work: 4 of 16 n = 16 headache episodes with a trigger logged.", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_long_diary_runs_over_several_pages_each_numbered()
    {
        var diary = Enumerable.Range(0, 150).Select(d => Episode(Now.AddDays(-d - 1), before: 6, afterBreathing: 4, medication: MedicationKind.SimplePainkiller)).ToList();

        var pages = PdfText.Pages(Renderer.RenderPdf(Report(diary, StatsWindow.All)));

        Assert.True(pages.Count >= 4, $"150 episodes should take several pages, got {pages.Count}.");
        for (var i = 0; i < pages.Count; i++)
        {
            Assert.EndsWith($"page {i + 1} of {pages.Count}", pages[i], StringComparison.Ordinal);
        }

        // The table's header repeats on the pages it continues on.
        Assert.True(pages.Count(p => p.Contains("When Pain After Later Duration", StringComparison.Ordinal)) >= 3);
    }

    [Fact]
    public void The_fonts_are_embedded_so_any_reader_shows_the_same_letters()
    {
        using var document = UglyToad.PdfPig.PdfDocument.Open(Renderer.RenderPdf(Report()));
        var fonts = document.GetPages().SelectMany(p => p.Letters).Select(l => l.FontName).Distinct().ToList();

        Assert.NotEmpty(fonts);
        Assert.All(fonts, f => Assert.Contains("+DejaVu Sans", f, StringComparison.Ordinal));
    }
}
