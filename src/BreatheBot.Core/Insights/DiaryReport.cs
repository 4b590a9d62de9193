using BreatheBot.Core.Content;
using BreatheBot.Core.Episodes;

namespace BreatheBot.Core.Insights;

/// <summary>One headache episode as the doctor's report lists it, at the person's local time.</summary>
/// <param name="AfterSelfCare">Pain right after the exercises (after pressure points, else after breathing).</param>
/// <param name="Duration">How long it lasted, only where the episode has an end; null shows as "—".</param>
public sealed record ReportEpisode(
    DateTimeOffset At,
    int? PainBefore,
    int? AfterSelfCare,
    int? AtFollowUp,
    TimeSpan? Duration,
    MedicationKind? Medication,
    HelpedMost? HelpedMost,
    bool WarningSign);

/// <summary>Medication days in one calendar month, by class, and whether the month reaches an overuse threshold (content.md §7).</summary>
public sealed record ReportMedicationMonth(int Year, int Month, IReadOnlyDictionary<MedicationClass, int> DaysByClass, MedicationDays Summary)
{
    public int DaysOf(MedicationClass medicationClass) => DaysByClass.GetValueOrDefault(medicationClass);

    /// <summary>True for the one class at or over its own threshold (15 days for simple painkillers, 10 for the others).</summary>
    public bool AtThreshold(MedicationClass medicationClass) => DaysOf(medicationClass) >= MedicationDays.ThresholdFor(medicationClass);
}

/// <summary>The warning signs answered in one episode, by their readable names.</summary>
/// <param name="Signs">Short names of the signs ticked (content.md §2); empty when a tier was flagged without itemising.</param>
/// <param name="NotSure">Which screens were answered "not sure" (emergency, same-day).</param>
public sealed record ReportWarningSigns(DateTimeOffset At, RedFlagTier? Tier, IReadOnlyList<string> Signs, IReadOnlyList<RedFlagTier> NotSure, DoctorContact? SpokeToDoctor);

/// <summary>A label and how many times it was logged.</summary>
public sealed record ReportCount(string Label, int Count);

/// <summary>
/// Everything the /report PDF shows, platform-neutral and computed once (pure: episodes, profile and now in, no clock).
/// Times are in the person's time zone. Descriptive only, never a diagnosis (content.md §8).
/// </summary>
/// <param name="From">Start of the window (local); null for all time.</param>
/// <param name="HeadacheDaysPerMonth">Every calendar month of the window, zeros included.</param>
/// <param name="MedicationClasses">The classes that appear in the window (columns of the medication table).</param>
/// <param name="HelpedAnswers">Episodes that answered "what helped most".</param>
/// <param name="TriggerAnswers">Headache episodes with at least one trigger logged.</param>
public sealed record DiaryReport(
    StatsWindow Window,
    DateTimeOffset? From,
    DateTimeOffset To,
    string TimeZoneId,
    int HeadacheEpisodes,
    int HeadacheDays,
    IReadOnlyList<MonthCount> HeadacheDaysPerMonth,
    IReadOnlyList<MedicationClass> MedicationClasses,
    IReadOnlyList<ReportMedicationMonth> MedicationDaysPerMonth,
    MedicationDays MedicationLast30Days,
    IReadOnlyList<ReportEpisode> Episodes,
    IReadOnlyList<ReportWarningSigns> WarningSigns,
    IReadOnlyList<ReportCount> WhatHelped,
    int HelpedAnswers,
    IReadOnlyList<ReportCount> Triggers,
    int TriggerAnswers,
    DiaryChart Chart)
{
    /// <summary>/report's argument: none means the last 90 days; "30d", "90d" or "all" (any case); anything else is refused.</summary>
    public static bool TryParseWindow(string? argument, out StatsWindow window)
    {
        window = StatsWindow.Last90Days;
        switch (argument?.Trim().ToLowerInvariant())
        {
            case null or "" or "90d" or "90" or "90 days":
                return true;
            case "30d" or "30" or "30 days":
                window = StatsWindow.Last30Days;
                return true;
            case "all" or "all time":
                window = StatsWindow.All;
                return true;
            default:
                return false;
        }
    }

    /// <summary>The episodes a window takes: started after its start and not after <paramref name="now"/>.</summary>
    public static IReadOnlyList<Episode> InWindow(IEnumerable<Episode> diary, StatsWindow window, DateTimeOffset now)
    {
        var from = Start(window, now);
        return [.. diary.Where(e => (from is null || e.StartedAt >= from) && e.StartedAt <= now).OrderBy(e => e.StartedAt)];
    }

    public static DiaryReport Build(IReadOnlyList<Episode> diary, UserProfile? profile, StatsWindow window, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(diary);
        var zone = profile?.TimeZone ?? TimeZoneInfo.Utc;
        var episodes = InWindow(diary, window, now);
        var headaches = episodes.Where(DiaryStatistics.IsHeadache).ToList();
        DateTimeOffset Local(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, zone);
        DateOnly Day(Episode e) => DateOnly.FromDateTime(Local(e.StartedAt).DateTime);

        var months = Months(Start(window, now) is { } start ? Local(start) : episodes.Select(e => Local(e.StartedAt)).DefaultIfEmpty(Local(now)).Min(), Local(now));
        var headacheDays = headaches.Select(Day).Distinct().ToList();
        var perMonth = months.Select(m => new MonthCount(m.Year, m.Month, headacheDays.Count(d => d.Year == m.Year && d.Month == m.Month))).ToList();

        var medication = MedicationDays.Days(episodes, zone);
        var medicationMonths = months.Select(m =>
        {
            var inMonth = medication.Where(d => d.Day.Year == m.Year && d.Day.Month == m.Month).ToList();
            return new ReportMedicationMonth(m.Year, m.Month, MedicationDays.DaysByClass(inMonth), MedicationDays.Summarise(inMonth));
        }).ToList();

        var rows = headaches.Select(e => new ReportEpisode(
            Local(e.StartedAt), e.PainBefore, e.PainAfterTriggerPoints ?? e.PainAfterBreathing, e.PainAtFollowUp,
            e.Duration, // only where an end was logged; the column reads "—" otherwise
            e.Medication, e.HelpedMost, e.RedFlagTier is not null)).ToList();

        var signs = episodes.Where(HasWarningAnswer).Select(e => new ReportWarningSigns(
            Local(e.StartedAt), e.RedFlagTier,
            [.. e.RedFlags.Select(code => RedFlags.Find(code)?.ShortLabel ?? code)],
            [.. new[] { (e.EmergencyScreenNotSure, RedFlagTier.Emergency), (e.SameDayScreenNotSure, RedFlagTier.SameDay) }.Where(p => p.Item1).Select(p => p.Item2)],
            e.SpokeToDoctor)).ToList();

        var helped = episodes.Where(e => e.Helped.Count > 0).ToList(); // several answers since diary v2; older episodes' one
        var triggered = headaches.Where(e => e.Triggers.Any(t => t != HeadacheTrigger.NotSure)).ToList();

        return new DiaryReport(
            window,
            Start(window, now) is { } from ? Local(from) : null,
            Local(now),
            zone.Id,
            headaches.Count,
            headacheDays.Count,
            perMonth,
            [.. medication.Select(d => d.Class).Distinct().Order()],
            medicationMonths,
            MedicationDays.Count(diary, now, zone),
            rows,
            signs,
            Counted(helped.SelectMany(e => e.Helped.Distinct()).Select(Wording.Label)),
            helped.Count,
            Counted(triggered.SelectMany(e => e.Triggers.Where(t => t != HeadacheTrigger.NotSure).Distinct()).Select(Wording.Label)),
            triggered.Count,
            DiaryCharts.For(diary, window, now, zone, ReportWording.ChartTitle(window)));
    }

    private static DateTimeOffset? Start(StatsWindow window, DateTimeOffset now) => window switch
    {
        StatsWindow.Last30Days => now - TimeSpan.FromDays(30),
        StatsWindow.Last90Days => now - TimeSpan.FromDays(90),
        _ => null,
    };

    private static List<(int Year, int Month)> Months(DateTimeOffset from, DateTimeOffset to)
    {
        var months = new List<(int, int)>();
        for (var m = new DateOnly(from.Year, from.Month, 1); m <= DateOnly.FromDateTime(to.DateTime); m = m.AddMonths(1))
        {
            months.Add((m.Year, m.Month));
        }

        return months;
    }

    private static bool HasWarningAnswer(Episode e) =>
        e.RedFlagTier is not null || e.RedFlags.Count > 0 || e.EmergencyScreenNotSure || e.SameDayScreenNotSure;

    private static List<ReportCount> Counted(IEnumerable<string> labels) =>
        [.. labels.GroupBy(l => l).Select(g => new ReportCount(g.Key, g.Count())).OrderByDescending(c => c.Count).ThenBy(c => c.Label, StringComparer.Ordinal)];
}

/// <summary>Renders a <see cref="DiaryReport"/> as a PDF. Implemented outside the core (it needs a PDF library).</summary>
public interface IReportRenderer
{
    byte[] RenderPdf(DiaryReport report);
}
