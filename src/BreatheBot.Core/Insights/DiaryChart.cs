using BreatheBot.Core.Episodes;

namespace BreatheBot.Core.Insights;

/// <summary>
/// One episode on the chart: pain at the start and the lowest rating after self-care (<see cref="SelfCarePain.Lowest"/>:
/// after breathing, after pressure points, or at a follow-up when no medication was taken; null when none).
/// </summary>
public sealed record PainPoint(DateTimeOffset At, int Before, int? After);

/// <summary>Headache days in one calendar month (in the person's time zone).</summary>
public sealed record MonthCount(int Year, int Month, int Days);

/// <summary>
/// What the /stats chart shows: pain before/after per episode over time, and headache days per month.
/// <paramref name="From"/> and <paramref name="To"/> (in the person's time zone) give a windowed chart ("last 30 days")
/// its exact time axis; null for all time, where the axis follows the episodes.
/// </summary>
public sealed record DiaryChart(
    string Title,
    IReadOnlyList<PainPoint> Episodes,
    IReadOnlyList<MonthCount> HeadacheDaysPerMonth,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null);

/// <summary>Renders a <see cref="DiaryChart"/> as a PNG image. Implemented outside the core (it needs a drawing library).</summary>
public interface IChartRenderer
{
    /// <summary>Width and height of the images, in pixels.</summary>
    (int Width, int Height) Size { get; }

    byte[] RenderPng(DiaryChart chart);
}

/// <summary>Builds the chart /stats and /report show for a window of the diary.</summary>
public static class DiaryCharts
{
    /// <summary>
    /// Pain before/after per episode (after: the lowest later rating) and headache days per month, for
    /// <paramref name="window"/> ending at <paramref name="now"/>, in <paramref name="zone"/>.
    /// </summary>
    public static DiaryChart For(IReadOnlyList<Episode> diary, StatsWindow window, DateTimeOffset now, TimeZoneInfo zone, string title)
    {
        ArgumentNullException.ThrowIfNull(diary);
        var from = window switch
        {
            StatsWindow.Last30Days => now - TimeSpan.FromDays(30),
            StatsWindow.Last90Days => now - TimeSpan.FromDays(90),
            _ => DateTimeOffset.MinValue,
        };
        var points = diary
            .Where(e => e.StartedAt >= from && e.StartedAt <= now && e.PainBefore is not null)
            .OrderBy(e => e.StartedAt)
            .Select(e => new PainPoint(TimeZoneInfo.ConvertTime(e.StartedAt, zone), e.PainBefore!.Value,
                new[] { e.PainAfterBreathing, e.PainAfterTriggerPoints, e.PainAtFollowUp }.Where(p => p is not null).Min()))
            .ToList();
        var windowed = window != StatsWindow.All;
        return new DiaryChart(title, points, DiaryStatistics.Compute(diary, window, now, zone).HeadacheDaysPerMonth,
            windowed ? TimeZoneInfo.ConvertTime(from, zone) : null,
            windowed ? TimeZoneInfo.ConvertTime(now, zone) : null);
    }
}
