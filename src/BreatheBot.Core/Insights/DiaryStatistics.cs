using BreatheBot.Core.Episodes;

namespace BreatheBot.Core.Insights;

/// <summary>Which part of the diary /stats looks at.</summary>
public enum StatsWindow
{
    Last30Days = 0,
    Last90Days = 1,
    All = 2,
}

/// <summary>An average with the number of episodes behind it.</summary>
public sealed record Average(double Value, int Episodes)
{
    /// <summary>Under this many episodes a figure is "too few to tell" (content.md §8).</summary>
    public const int MinimumEpisodes = 3;

    public bool Enough => Episodes >= MinimumEpisodes;
}

public sealed record Ranked<T>(T Item, int Count, double? AverageDrop);

/// <summary>How long episodes lasted: the median of those with an end time, and how many that is (content.md §8: with n).</summary>
public sealed record DurationSummary(TimeSpan? Median, int Episodes)
{
    public static readonly DurationSummary None = new(null, 0);

    public bool Enough => Episodes >= Average.MinimumEpisodes;

    /// <summary>Episodes without an end time (older ones, or ones never said to be over) are left out, never guessed.</summary>
    public static DurationSummary Of(IEnumerable<Episode> episodes)
    {
        var durations = episodes.Select(e => e.Duration).OfType<TimeSpan>().Order().ToList();
        if (durations.Count == 0)
        {
            return None;
        }

        var middle = durations.Count / 2;
        var median = durations.Count % 2 == 1 ? durations[middle] : (durations[middle - 1] + durations[middle]) / 2;
        return new DurationSummary(median, durations.Count);
    }
}

/// <summary>
/// A person's own n-of-1 figures from their diary: descriptive, never diagnostic. <see cref="HelpfulMuscles"/> holds only
/// muscles rated after pressure points in at least <see cref="Average.MinimumEpisodes"/> episodes, like every other
/// figure: with fewer there is nothing to say about them.
/// </summary>
public sealed record DiaryStatistics(
    StatsWindow Window,
    int Episodes,
    IReadOnlyList<MonthCount> HeadacheDaysPerMonth,
    Average DropAfterBreathing,
    Average DropAfterPoints,
    Average DropByFollowUpSelfCareOnly,
    Average DropByFollowUpMedicationAlone,
    Average DropByFollowUpMedicationAndSelfCare,
    IReadOnlyList<Ranked<HeadacheTrigger>> TopTriggers,
    IReadOnlyList<Ranked<Muscle>> HelpfulMuscles,
    MedicationDays MedicationLast30Days)
{
    /// <summary>How long the episodes in the window lasted (those with an end time).</summary>
    public DurationSummary Durations { get; init; } = DurationSummary.None;

    /// <summary>Computes the figures for <paramref name="window"/> ending at <paramref name="now"/>, with days in <paramref name="zone"/>.</summary>
    public static DiaryStatistics Compute(IReadOnlyList<Episode> diary, StatsWindow window, DateTimeOffset now, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(diary);
        var from = window switch
        {
            StatsWindow.Last30Days => now - TimeSpan.FromDays(30),
            StatsWindow.Last90Days => now - TimeSpan.FromDays(90),
            _ => DateTimeOffset.MinValue,
        };
        var episodes = diary.Where(e => e.StartedAt >= from && e.StartedAt <= now).OrderBy(e => e.StartedAt).ToList();

        var headacheDays = episodes
            .Where(IsHeadache)
            .Select(e => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(e.StartedAt, zone).DateTime))
            .Distinct()
            .GroupBy(d => (d.Year, d.Month))
            .OrderBy(g => g.Key)
            .Select(g => new MonthCount(g.Key.Year, g.Key.Month, g.Count()))
            .ToList();

        var breathing = Mean(episodes
            .Where(e => e.PainBefore is not null && e.PainAfterBreathing is not null)
            .Select(e => (double)(e.PainBefore!.Value - e.PainAfterBreathing!.Value)));

        var points = Mean(episodes
            .Where(e => PointsBaseline(e) is not null && e.PainAfterTriggerPoints is not null)
            .Select(e => (double)(PointsBaseline(e)!.Value - e.PainAfterTriggerPoints!.Value)));

        var followed = episodes.Where(e => e.PainBefore is not null && e.PainAtFollowUp is not null).ToList();
        var selfCareOnly = Mean(followed.Where(e => !SelfCarePain.TookMedication(e) && e.StepsDone.Count > 0).Select(FollowUpDrop));
        var medicationAlone = Mean(followed.Where(e => SelfCarePain.TookMedication(e) && e.StepsDone.Count == 0).Select(FollowUpDrop));
        var combined = Mean(followed.Where(e => SelfCarePain.TookMedication(e) && e.StepsDone.Count > 0).Select(FollowUpDrop));

        var triggers = episodes
            .SelectMany(e => e.Triggers.Where(t => t != HeadacheTrigger.NotSure))
            .GroupBy(t => t)
            .Select(g => new Ranked<HeadacheTrigger>(g.Key, g.Count(), null))
            .OrderByDescending(r => r.Count)
            .ThenBy(r => r.Item)
            .Take(3)
            .ToList();

        var muscles = episodes
            .Where(e => PointsBaseline(e) is not null && e.PainAfterTriggerPoints is not null)
            .SelectMany(e => e.MusclesDone.Select(m => (Muscle: m, Drop: (double)(PointsBaseline(e)!.Value - e.PainAfterTriggerPoints!.Value))))
            .GroupBy(x => x.Muscle)
            .Select(g => new Ranked<Muscle>(g.Key, g.Count(), g.Average(x => x.Drop)))
            .Where(r => r.Count >= Average.MinimumEpisodes)
            .OrderByDescending(r => r.AverageDrop)
            .ThenByDescending(r => r.Count)
            .ThenBy(r => r.Item)
            .Take(3)
            .ToList();

        return new DiaryStatistics(window, episodes.Count, headacheDays, breathing, points, selfCareOnly, medicationAlone, combined,
            triggers, muscles, MedicationDays.Count(diary, now, zone))
        {
            Durations = DurationSummary.Of(episodes),
        };
    }

    /// <summary>Episodes that count as a headache day: the headache flow, or any pain above 0.</summary>
    public static bool IsHeadache(Episode episode) => episode.Kind == EpisodeKind.Headache || episode.PainBefore > 0;

    private static int? PointsBaseline(Episode e) => e.PainAfterBreathing ?? e.PainBefore;

    private static double FollowUpDrop(Episode e) => e.PainBefore!.Value - e.PainAtFollowUp!.Value;

    private static Average Mean(IEnumerable<double> values)
    {
        var list = values.ToList();
        return new Average(list.Count == 0 ? 0 : list.Average(), list.Count);
    }
}
