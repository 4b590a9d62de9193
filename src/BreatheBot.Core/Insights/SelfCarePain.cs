using BreatheBot.Core.Episodes;

namespace BreatheBot.Core.Insights;

/// <summary>
/// "Pain after self-care": only ratings that measure breathing or pressure points, never a painkiller. Those are the
/// rating right after breathing, the rating right after pressure points, and the follow-up rating only when no
/// medication was taken in the episode (a follow-up after a painkiller measures the painkiller too).
/// </summary>
public static class SelfCarePain
{
    /// <summary>True when the episode logged a medicine ("nothing" does not count).</summary>
    public static bool TookMedication(Episode episode)
    {
        ArgumentNullException.ThrowIfNull(episode);
        return episode.Medication is not null and not MedicationKind.None;
    }

    /// <summary>The lowest self-care rating of the episode, or null when it has none.</summary>
    public static int? Lowest(Episode episode)
    {
        ArgumentNullException.ThrowIfNull(episode);
        int?[] ratings = [episode.PainAfterBreathing, episode.PainAfterTriggerPoints, TookMedication(episode) ? null : episode.PainAtFollowUp];
        return ratings.Min();
    }

    /// <summary>
    /// The chart's points for the episodes started from <paramref name="from"/> with a starting pain: pain at the start and
    /// <see cref="Lowest"/>, at local time in <paramref name="zone"/>.
    /// </summary>
    public static IReadOnlyList<PainPoint> ChartPoints(IEnumerable<Episode> diary, DateTimeOffset from, TimeZoneInfo zone) =>
        diary
            .Where(e => e.StartedAt >= from && e.PainBefore is not null)
            .OrderBy(e => e.StartedAt)
            .Select(e => new PainPoint(TimeZoneInfo.ConvertTime(e.StartedAt, zone), e.PainBefore!.Value, Lowest(e)))
            .ToList();
}
