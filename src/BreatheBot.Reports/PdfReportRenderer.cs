using BreatheBot.Core.Content;
using BreatheBot.Core.Insights;
using PdfSharp.Pdf;

namespace BreatheBot.Reports;

/// <summary>
/// Renders the doctor's report (/report) as an A4 PDF with PDFsharp: headache days and medication days per month
/// (against the overuse thresholds), the /stats chart as an image, each episode's pain and medication, warning-sign
/// answers, what helped and the triggers logged. All words come from the core (<see cref="ReportWording"/>).
/// Thread-safe: every call builds its own document.
/// </summary>
public sealed class PdfReportRenderer(IChartRenderer charts) : IReportRenderer
{
    private static readonly double[] EpisodeWidths = [0.24, 0.09, 0.11, 0.07, 0.1, 0.23, 0.16];

    public byte[] RenderPdf(DiaryReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        ReportFontResolver.EnsureInstalled();
        using var document = new PdfDocument();
        document.Info.Title = ReportWording.Title;
        document.Info.Creator = "BreatheBot";
        using (var page = new PdfPageWriter(document))
        {
            page.Title(ReportWording.Title);
            page.Paragraph(ReportWording.Period(report), bold: true);
            page.Paragraph(ReportWording.MadeAt(report));
            page.Paragraph(ReportWording.Intro, small: true, muted: true);
            page.Paragraph(ReportWording.Summary(report), bold: true);

            HeadacheDays(page, report);
            Medication(page, report);
            page.Image(charts.RenderPng(report.Chart), page.Width);
            Episodes(page, report);
            WarningSigns(page, report);
            Counts(page, ReportWording.HelpedHeading, report.WhatHelped, report.HelpedAnswers, ReportWording.HelpedBase(report.HelpedAnswers));
            Counts(page, ReportWording.TriggersHeading, report.Triggers, report.TriggerAnswers, ReportWording.TriggersBase(report.TriggerAnswers));
            page.Finish(ReportWording.Page);
        }

        using var output = new MemoryStream();
        document.Save(output, closeStream: false);
        return output.ToArray();
    }

    private static void HeadacheDays(PdfPageWriter page, DiaryReport report)
    {
        page.Heading(ReportWording.HeadacheDaysHeading);
        page.Table(
            ["Month", "Headache days"],
            report.HeadacheDaysPerMonth.Select(m => (IReadOnlyList<string>)[ReportWording.Month(m.Year, m.Month), ReportWording.Pain(m.Days)]),
            [0.2, 0.2]);
    }

    private static void Medication(PdfPageWriter page, DiaryReport report)
    {
        page.Heading(ReportWording.MedicationHeading);
        var classes = report.MedicationClasses;
        var share = 0.8 / (classes.Count + 1);
        page.Table(
            ["Month", .. classes.Select(ReportWording.ClassName), ReportWording.AnyMedication],
            report.MedicationDaysPerMonth.Select(m => (IReadOnlyList<string>)
            [
                ReportWording.Month(m.Year, m.Month),
                .. classes.Select(c => ReportWording.Days(m.DaysOf(c), m.AtThreshold(c))),
                ReportWording.Days(m.Summary.AnyDays, m.Summary.MixedAtThreshold),
            ]),
            [0.2, .. classes.Select(_ => Math.Min(share, 0.16)), Math.Min(share, 0.16)]);
        page.Paragraph(ReportWording.Thresholds, small: true, muted: true);
        page.Paragraph(ReportWording.Last30Days(report.MedicationLast30Days));
    }

    private static void Episodes(PdfPageWriter page, DiaryReport report)
    {
        page.Heading(ReportWording.EpisodesHeading);
        page.Paragraph(ReportWording.PainScale, small: true, muted: true);
        if (report.Episodes.Count == 0)
        {
            page.Paragraph(ReportWording.NothingLogged);
            return;
        }

        page.Table(
            ReportWording.EpisodeColumns,
            report.Episodes.Select(e => (IReadOnlyList<string>)
            [
                ReportWording.When(e.At),
                ReportWording.Pain(e.PainBefore),
                ReportWording.Pain(e.AfterSelfCare),
                ReportWording.Pain(e.AtFollowUp),
                ReportWording.Duration(e.Duration),
                ReportWording.Medicine(e.Medication),
                ReportWording.Helped(e.HelpedMost),
            ]),
            EpisodeWidths);
    }

    private static void WarningSigns(PdfPageWriter page, DiaryReport report)
    {
        page.Heading(ReportWording.WarningSignsHeading);
        if (report.WarningSigns.Count == 0)
        {
            page.Paragraph(ReportWording.NoWarningSigns);
            return;
        }

        foreach (var answer in report.WarningSigns)
        {
            page.Paragraph("• " + ReportWording.WarningSigns(answer));
        }
    }

    private static void Counts(PdfPageWriter page, string heading, IReadOnlyList<ReportCount> counts, int of, string basis)
    {
        page.Heading(heading);
        if (counts.Count == 0)
        {
            page.Paragraph(ReportWording.NothingLogged);
            return;
        }

        foreach (var count in counts)
        {
            page.Paragraph("• " + ReportWording.Count(count, of));
        }

        page.Paragraph(basis, small: true, muted: true);
    }
}
