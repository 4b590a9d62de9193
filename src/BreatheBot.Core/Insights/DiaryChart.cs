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
