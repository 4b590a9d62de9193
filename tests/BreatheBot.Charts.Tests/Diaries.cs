using BreatheBot.Core.Insights;

namespace BreatheBot.Charts.Tests;

/// <summary>Synthetic diaries: seeded, so every run draws the same chart.</summary>
internal static class Diaries
{
    public static DiaryChart Empty(string title = "Your headaches: last 30 days") => new(title, [], []);

    public static DiaryChart Few()
    {
        var start = new DateTimeOffset(2026, 6, 3, 9, 30, 0, TimeSpan.FromHours(2));
        PainPoint[] episodes =
        [
            new(start, 7, 3),
            new(start.AddDays(6).AddHours(5), 5, 5),
            new(start.AddDays(19), 9, null),
            new(start.AddDays(33).AddHours(-3), 6, 1),
            new(start.AddDays(58), 4, 2),
        ];
        MonthCount[] months = [new(2026, 6, 2), new(2026, 7, 2), new(2026, 8, 1)];
        return new DiaryChart("Your headaches: last 90 days", episodes, months);
    }

    /// <summary>Episodes spread over <paramref name="years"/> years with headache days per month counted from them.</summary>
    public static DiaryChart Many(int count, int years, int seed = 5)
    {
        var random = new Random(seed);
        var start = new DateTimeOffset(2023, 12, 1, 8, 0, 0, TimeSpan.FromHours(1));
        int minutes = years * 365 * 24 * 60;
        var episodes = new List<PainPoint>(count);
        for (int i = 0; i < count; i++)
        {
            int before = random.Next(0, 11);
            int? after = random.Next(8) == 0 ? null : Math.Max(0, before - random.Next(0, 7));
            episodes.Add(new PainPoint(start.AddMinutes(random.Next(minutes)), before, after));
        }

        var months = episodes
            .GroupBy(e => (e.At.Year, e.At.Month))
            .Select(g => new MonthCount(g.Key.Year, g.Key.Month, g.Select(e => e.At.Date).Distinct().Count()))
            .ToList();
        return new DiaryChart("Your headaches: all time", episodes, months);
    }
}
