using System.Globalization;

namespace BreatheBot.Host.Health;

/// <summary>Ages as short invariant text and as health-report data.</summary>
internal static class Age
{
    public static string Text(TimeSpan age) => age.TotalSeconds < 120
        ? age.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture) + " s"
        : age.TotalMinutes.ToString("0.#", CultureInfo.InvariantCulture) + " min";

    public static Dictionary<string, object> Data(TimeSpan age) => new(StringComparer.Ordinal) { ["ageSeconds"] = Math.Round(Math.Max(0, age.TotalSeconds), 1) };
}
