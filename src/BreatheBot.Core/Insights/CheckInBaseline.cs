using BreatheBot.Core.Episodes;

namespace BreatheBot.Core.Insights;

/// <summary>One month of known days: headache days and the headache-free days the person told the check-in about.</summary>
public sealed record KnownDaysInMonth(int Year, int Month, int HeadacheDays, int HeadacheFreeDays)
{
    public int KnownDays => HeadacheDays + HeadacheFreeDays;
}

/// <summary>How many headache days (with triggers recorded) a trigger was logged on.</summary>
public sealed record TriggerShare(HeadacheTrigger Trigger, int Days, int OutOf);

/// <summary>
/// The baseline the daily check-in gives /stats. A day is known when it has a headache episode or a check-in answer;
/// a headache day is a day with a headache episode or a check-in answer of mild, moderate or severe; a headache-free
/// day is a check-in "none" on a day with no headache episode. Triggers are only ever asked during a headache, so the
/// trigger figures are shares among headache days, and nothing is said (or made up) about triggers on headache-free days.
/// Descriptive only: counts with their n, never a cause.
/// </summary>
public sealed record CheckInBaseline(
    IReadOnlyList<KnownDaysInMonth> Months,
    int HeadacheDays,
    int HeadacheFreeDays,
    int HeadacheDaysWithTriggers,
    IReadOnlyList<TriggerShare> Triggers)
{
    /// <summary>Known days needed (in the window) before headache days are given as a share of them.</summary>
    public const int MinimumKnownDays = 14;

    /// <summary>Headache days with triggers recorded needed before any trigger share is given.</summary>
    public const int MinimumHeadacheDaysForTriggers = 5;

    public int KnownDays => HeadacheDays + HeadacheFreeDays;

    public bool EnoughDays => KnownDays >= MinimumKnownDays;

    public bool EnoughForTriggers => HeadacheDaysWithTriggers >= MinimumHeadacheDaysForTriggers;

    public static CheckInBaseline Compute(IReadOnlyList<Episode> diary, IReadOnlyList<DayRecord> days, StatsWindow window, DateTimeOffset now, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(diary);
        ArgumentNullException.ThrowIfNull(days);
        ArgumentNullException.ThrowIfNull(zone);
        var from = window switch
        {
            StatsWindow.Last30Days => now - TimeSpan.FromDays(30),
            StatsWindow.Last90Days => now - TimeSpan.FromDays(90),
            _ => DateTimeOffset.MinValue,
        };
        var firstDay = from == DateTimeOffset.MinValue ? DateOnly.MinValue : LocalDay(from, zone);
        var lastDay = LocalDay(now, zone);

        var headacheEpisodes = diary
            .Where(e => e.StartedAt >= from && e.StartedAt <= now && DiaryStatistics.IsHeadache(e))
            .GroupBy(e => LocalDay(e.StartedAt, zone))
            .ToDictionary(g => g.Key, g => g.ToList());
        var answers = days.Where(d => d.Day >= firstDay && d.Day <= lastDay).ToDictionary(d => d.Day, d => d.Headache);

        var headacheDays = headacheEpisodes.Keys
            .Union(answers.Where(a => a.Value != DayHeadache.None).Select(a => a.Key))
            .ToHashSet();
        var headacheFree = answers.Where(a => a.Value == DayHeadache.None && !headacheDays.Contains(a.Key)).Select(a => a.Key).ToHashSet();

        var months = headacheDays.Select(d => (Day: d, Headache: true))
            .Concat(headacheFree.Select(d => (Day: d, Headache: false)))
            .GroupBy(x => (x.Day.Year, x.Day.Month))
            .OrderBy(g => g.Key)
            .Select(g => new KnownDaysInMonth(g.Key.Year, g.Key.Month, g.Count(x => x.Headache), g.Count(x => !x.Headache)))
            .ToList();

        // Triggers per headache day (a trigger logged twice on one day counts once); only days whose triggers were answered.
        var triggerDays = headacheEpisodes
            .Select(p => p.Value.SelectMany(e => e.Triggers).ToHashSet())
            .Where(set => set.Count > 0)
            .ToList();
        var shares = triggerDays
            .SelectMany(set => set.Where(t => t != HeadacheTrigger.NotSure))
            .GroupBy(t => t)
            .Select(g => new TriggerShare(g.Key, g.Count(), triggerDays.Count))
            .OrderByDescending(s => s.Days)
            .ThenBy(s => s.Trigger)
            .ToList();

        return new CheckInBaseline(months, headacheDays.Count, headacheFree.Count, triggerDays.Count, shares);
    }

    private static DateOnly LocalDay(DateTimeOffset instant, TimeZoneInfo zone) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime);
}
