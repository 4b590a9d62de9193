using BreatheBot.Core.Episodes;

namespace BreatheBot.Core.Insights;

/// <summary>The classes of medicine counted for medication overuse (ICHD-3 8.2); "other" medicines are not counted.</summary>
public enum MedicationClass
{
    Simple = 0,
    Triptan = 1,
    Ergot = 2,
    Combination = 3,
    Opioid = 4,

    /// <summary>v1's single "combination or opioid" choice, in old diaries.</summary>
    CombinationOrOpioid = 5,
}

/// <summary>One episode's counted medicine: its class and the local day it was logged on.</summary>
public readonly record struct MedicationDay(MedicationClass Class, DateOnly Day);

/// <summary>
/// Medication days in the last 30 days (content.md §7; ICHD-3 8.2): simple painkillers on 15 or more days; triptans,
/// ergots, opioids or combination painkillers (each class) on 10 or more days; or 10 or more medication days in all
/// when two or more classes were used (ICHD-3 8.2.7). Any of these is worth talking to a doctor about.
/// </summary>
/// <param name="AnyDays">Distinct days with any counted medicine ("other" never counts).</param>
/// <param name="SimpleDays">Distinct days with a simple painkiller.</param>
/// <param name="MostDaysOfOneOtherClass">The most days of any one class other than simple painkillers.</param>
/// <param name="Classes">How many classes were used in the 30 days.</param>
public sealed record MedicationDays(int AnyDays, int SimpleDays, int MostDaysOfOneOtherClass, int Classes)
{
    public const int OneClassThreshold = 10;
    public const int MixedThreshold = 10;
    public const int SimpleThreshold = 15;

    public bool WorthTalkingToADoctor =>
        MostDaysOfOneOtherClass >= OneClassThreshold
        || MixedAtThreshold
        || SimpleDays >= SimpleThreshold;

    /// <summary>Two or more classes, on 10 or more days in all (ICHD-3 8.2.7).</summary>
    public bool MixedAtThreshold => Classes >= 2 && AnyDays >= MixedThreshold;

    /// <summary>The days one class may be taken on before it counts towards overuse: 15 for simple painkillers, 10 for the rest.</summary>
    public static int ThresholdFor(MedicationClass medicationClass) =>
        medicationClass == MedicationClass.Simple ? SimpleThreshold : OneClassThreshold;

    /// <summary>The class a medicine counts in, or null when it is not counted (none, other).</summary>
    public static MedicationClass? ClassOf(MedicationKind? kind) => kind switch
    {
        MedicationKind.SimplePainkiller => MedicationClass.Simple,
        MedicationKind.Triptan => MedicationClass.Triptan,
        MedicationKind.Ergot => MedicationClass.Ergot,
        MedicationKind.CombinationPainkiller => MedicationClass.Combination,
        MedicationKind.Opioid => MedicationClass.Opioid,
        MedicationKind.CombinationOrOpioid => MedicationClass.CombinationOrOpioid,
        _ => null,
    };

    /// <summary>Counts distinct local days in the 30 days up to <paramref name="now"/>.</summary>
    public static MedicationDays Count(IEnumerable<Episode> diary, DateTimeOffset now, TimeZoneInfo zone)
    {
        var from = now - TimeSpan.FromDays(30);
        return Summarise(Days(diary.Where(e => e.StartedAt > from && e.StartedAt <= now), zone));
    }

    /// <summary>Every episode with a counted medicine, as its class and local day (not yet distinct).</summary>
    public static IReadOnlyList<MedicationDay> Days(IEnumerable<Episode> episodes, TimeZoneInfo zone) =>
    [
        .. episodes
            .Where(e => ClassOf(e.Medication) is not null)
            .Select(e => new MedicationDay(ClassOf(e.Medication)!.Value, DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(e.StartedAt, zone).DateTime))),
    ];

    /// <summary>Distinct days per class.</summary>
    public static IReadOnlyDictionary<MedicationClass, int> DaysByClass(IEnumerable<MedicationDay> days) =>
        days.GroupBy(d => d.Class).ToDictionary(g => g.Key, g => g.Select(d => d.Day).Distinct().Count());

    /// <summary>The figures the thresholds are checked on, for whatever period <paramref name="days"/> covers.</summary>
    public static MedicationDays Summarise(IEnumerable<MedicationDay> days)
    {
        var counted = days.ToList();
        var daysByClass = DaysByClass(counted);
        return new MedicationDays(
            counted.Select(c => c.Day).Distinct().Count(),
            daysByClass.GetValueOrDefault(MedicationClass.Simple),
            daysByClass.Where(p => p.Key != MedicationClass.Simple).Select(p => p.Value).DefaultIfEmpty(0).Max(),
            daysByClass.Count);
    }
}
