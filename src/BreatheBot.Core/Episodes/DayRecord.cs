namespace BreatheBot.Core.Episodes;

/// <summary>The answer to the daily check-in's "Any headache today?".</summary>
public enum DayHeadache
{
    None = 0,
    Mild = 1,
    Moderate = 2,
    Severe = 3,
}

/// <summary>
/// One local day as the person described it in the daily check-in: a headache-free day (<see cref="DayHeadache.None"/>) or
/// a headache day with its severity. At most one per person and local day: a second answer replaces the first
/// (stores upsert by <see cref="UserKey"/> and <see cref="Day"/>). Unanswered days have no record.
/// </summary>
/// <param name="UserKey">The person ("platform:user") whose diary it belongs to.</param>
/// <param name="Day">The local day (in the person's time zone) the question was asked about.</param>
/// <param name="AnsweredAt">When the answer came in.</param>
public sealed record DayRecord(string UserKey, DateOnly Day, DayHeadache Headache, DateTimeOffset AnsweredAt)
{
    /// <summary>A stable id: the person and the day ("telegram:100|2026-03-10").</summary>
    public string Id => IdFor(UserKey, Day);

    public static string IdFor(string userKey, DateOnly day) =>
        userKey + "|" + day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
