using System.Globalization;
using BreatheBot.Core.Episodes;
using BreatheBot.Core.Insights;

namespace BreatheBot.Core.Content;

/// <summary>What the /report PDF and its replies say: for a doctor to read, descriptive, never diagnostic (content.md §7, §8).</summary>
public static class ReportWording
{
    public const string FileName = "breathebot-report.pdf";

    public const string Title = "Headache diary report";

    public const string Intro =
        "Kept by the patient with BreatheBot, a self-care chat bot for headaches (warning-sign check, slow breathing, " +
        "trigger-point self-massage). It describes what was logged; it is not a diagnosis.";

    public const string HeadacheDaysHeading = "Headache days per month";

    public const string MedicationHeading = "Medication days per month, by class";

    public const string Thresholds =
        "Thresholds for medication-overuse headache (ICHD-3 8.2): simple painkillers on 15 or more days a month; triptans, " +
        "ergots, opioids or combination painkillers on 10 or more days a month; or 10 or more days a month in all when two " +
        "or more classes are used; each for more than 3 months. * marks a month at or over a threshold. " +
        "The first and last months may be partial.";

    public const string EpisodesHeading = "Pain and medication per episode";

    public const string PainScale =
        "Pain on a 0-10 scale. After exercises: right after breathing or pressure points. Later: at the follow-up check-in. " +
        "Duration only where the end was logged.";

    public const string WarningSignsHeading = "Warning-sign answers";

    public const string NoWarningSigns = "No warning sign was ticked in this period.";

    public const string HelpedHeading = "What helped most (the patient's answer at follow-up)";

    public const string TriggersHeading = "Triggers logged";

    public const string NothingLogged = "Nothing logged in this period.";

    public const string Missing = "—";

    public const string Caption = "Your headache diary report as a PDF, to show your doctor.";

    public const string BadWindow =
        "I can make the report for the last 30 days, the last 90 days or all time: send /report 30d, /report 90d or /report all. " +
        "/report on its own gives the last 90 days.";

    public const string Unavailable = "I can't make the PDF report right now. /stats and /export show the same diary.";

    public static readonly string[] EpisodeColumns = ["When", "Pain before", "After exercises", "Later", "Duration", "Medicine", "Helped most"];

    public static string EmptyWindow(StatsWindow window) =>
        $"There are no episodes in {InsightsWording.WindowName(window)} of your diary, so there's no report to make. " +
        "Send /report all for your whole diary.";

    public static string ChartTitle(StatsWindow window) => "Headache diary, " + InsightsWording.WindowName(window);

    public static string Period(DiaryReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return report.From is { } from
            ? $"Period: {Date(from)} to {Date(report.To)} ({InsightsWording.WindowName(report.Window)})"
            : $"Period: all entries up to {Date(report.To)}";
    }

    public static string MadeAt(DiaryReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return $"Made on {Date(report.To)} at {report.To.ToString("HH:mm", CultureInfo.InvariantCulture)}. Times are in {report.TimeZoneId}.";
    }

    public static string Summary(DiaryReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return string.Create(CultureInfo.InvariantCulture,
            $"{report.HeadacheEpisodes} headache episode{Plural(report.HeadacheEpisodes)} on {report.HeadacheDays} day{Plural(report.HeadacheDays)}.");
    }

    public static string Last30Days(MedicationDays days)
    {
        ArgumentNullException.ThrowIfNull(days);
        return string.Create(CultureInfo.InvariantCulture,
            $"Last 30 days: medication on {days.AnyDays} day{Plural(days.AnyDays)} ({days.Classes} class{(days.Classes == 1 ? string.Empty : "es")}); ") +
            (days.WorthTalkingToADoctor ? "at or over a threshold." : "under the thresholds.");
    }

    public static string Month(int year, int month) =>
        new DateTime(year, month, 1).ToString("MMM yyyy", CultureInfo.InvariantCulture);

    public static string Date(DateTimeOffset at) => at.ToString("d MMM yyyy", CultureInfo.InvariantCulture);

    public static string When(DateTimeOffset at) => at.ToString("ddd d MMM yyyy HH:mm", CultureInfo.InvariantCulture);

    public static string Pain(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? Missing;

    public static string Duration(TimeSpan? duration) => duration switch
    {
        null => Missing,
        { TotalHours: >= 1 } d => string.Create(CultureInfo.InvariantCulture, $"{(int)d.TotalHours} h {d.Minutes} min"),
        { } d => string.Create(CultureInfo.InvariantCulture, $"{Math.Max(0, (int)d.TotalMinutes)} min"),
    };

    public static string Medicine(MedicationKind? kind) => kind is null or MedicationKind.None ? Missing : InsightsWording.MedicationShort(kind.Value);

    public static string Helped(HelpedMost? helped) => helped is { } h ? Wording.Label(h) : Missing;

    public static string ClassName(MedicationClass medicationClass) => medicationClass switch
    {
        MedicationClass.Simple => "Simple painkillers",
        MedicationClass.Triptan => "Triptans",
        MedicationClass.Ergot => "Ergots",
        MedicationClass.Combination => "Combination painkillers",
        MedicationClass.Opioid => "Opioids",
        _ => "Combination or opioid (older entries)",
    };

    public const string AnyMedication = "Any";

    /// <summary>"12*" for a figure at or over its threshold, "3" otherwise.</summary>
    public static string Days(int days, bool atThreshold) =>
        days.ToString(CultureInfo.InvariantCulture) + (atThreshold ? "*" : string.Empty);

    public static string WarningSigns(ReportWarningSigns answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var parts = new List<string>();
        if (answer.Tier is { } tier)
        {
            var advice = tier == RedFlagTier.Emergency ? "urgent help advised" : "a doctor the same day advised";
            parts.Add(answer.Signs.Count == 0 ? $"{advice} (signs not itemised)" : $"{advice}: {string.Join("; ", answer.Signs)}");
        }
        else if (answer.Signs.Count > 0)
        {
            parts.Add(string.Join("; ", answer.Signs));
        }

        parts.AddRange(answer.NotSure.Select(t => t == RedFlagTier.Emergency ? "not sure about the urgent signs" : "not sure about the same-day signs"));
        if (answer.SpokeToDoctor is { } doctor)
        {
            parts.Add("spoke to a doctor: " + Wording.Label(doctor).ToLowerInvariant());
        }

        return $"{When(answer.At)}: {string.Join(". ", parts)}.";
    }

    public static string Count(ReportCount count, int of)
    {
        ArgumentNullException.ThrowIfNull(count);
        return string.Create(CultureInfo.InvariantCulture, $"{count.Label}: {count.Count} of {of}");
    }

    public static string HelpedBase(int answers) =>
        string.Create(CultureInfo.InvariantCulture, $"n = {answers} episode{Plural(answers)} with an answer.");

    public static string TriggersBase(int episodes) =>
        string.Create(CultureInfo.InvariantCulture,
            $"n = {episodes} headache episode{Plural(episodes)} with a trigger logged. Counts only: this says nothing about cause.");

    public static string Page(int page, int pages) =>
        string.Create(CultureInfo.InvariantCulture, $"BreatheBot headache diary report · page {page} of {pages}");

    private static string Plural(int n) => n == 1 ? string.Empty : "s";
}
