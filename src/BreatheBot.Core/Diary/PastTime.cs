using System.Globalization;

namespace BreatheBot.Core.Diary;

/// <summary>How a typed "when did it start?" answer was understood.</summary>
public enum PastTimeOutcome
{
    /// <summary>A moment in the last year, not in the future: <see cref="PastTime.At"/>.</summary>
    Understood = 0,

    /// <summary>A day without a time of day ("yesterday", "monday", "3 Dec"): <see cref="PastTime.Date"/>; ask for the time.</summary>
    NeedsTime = 1,

    /// <summary>Not a time this parser reads.</summary>
    Unparseable = 2,

    /// <summary>A time after now.</summary>
    InFuture = 3,

    /// <summary>A time more than <see cref="PastTimeParser.MaxAge"/> ago.</summary>
    TooOld = 4,
}

/// <summary>
/// The result of <see cref="PastTimeParser.Parse"/>. <see cref="At"/> is the instant (Understood); <see cref="Date"/> is
/// the local day named (NeedsTime, and also set for Understood when a day was named).
/// </summary>
public readonly record struct PastTime(PastTimeOutcome Outcome, DateTimeOffset At, DateOnly? Date)
{
    public static PastTime Unparseable => new(PastTimeOutcome.Unparseable, default, null);

    /// <summary>"Wednesday 2 December, 15:00" in the person's zone (the year added when it is not this year's).</summary>
    public static string Describe(DateTimeOffset at, DateTimeOffset now, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var local = TimeZoneInfo.ConvertTime(at, zone);
        var thisYear = TimeZoneInfo.ConvertTime(now, zone).Year;
        var format = local.Year == thisYear ? "dddd d MMMM, HH:mm" : "dddd d MMMM yyyy, HH:mm";
        return local.ToString(format, CultureInfo.InvariantCulture);
    }

    /// <summary>"Wednesday 2 December" (the year added when it is not this year's).</summary>
    public static string Describe(DateOnly date, DateTimeOffset now, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var thisYear = TimeZoneInfo.ConvertTime(now, zone).Year;
        return date.ToString(date.Year == thisYear ? "dddd d MMMM" : "dddd d MMMM yyyy", CultureInfo.InvariantCulture);
    }
}

/// <summary>
/// Reads when a past headache started, the way people type it: "yesterday 15:00", "this morning", "last night",
/// "2 hours ago", "monday 9am", "3 Dec 14:30", "2026-12-01 08:00". Pure: the clock and the person's time zone are
/// passed in. Local times in a daylight-saving gap move forward by the gap (02:30 on a spring-forward night is 03:30);
/// an hour that happens twice is read as the first of the two.
/// </summary>
public static class PastTimeParser
{
    /// <summary>How far back a logged headache may start.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromDays(365);

    /// <summary>Slack for a clock a little ahead ("now" typed a second late).</summary>
    private static readonly TimeSpan FutureSlack = TimeSpan.FromMinutes(1);

    /// <param name="text">What the person typed.</param>
    /// <param name="now">The current instant.</param>
    /// <param name="zone">The person's time zone.</param>
    /// <param name="onDate">A day named in an earlier answer that needed a time: a time alone now falls on it.</param>
    public static PastTime Parse(string text, DateTimeOffset now, TimeZoneInfo zone, DateOnly? onDate = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(zone);
        var words = PastTimeWords.Read(text);
        if (words is null)
        {
            return PastTime.Unparseable;
        }

        if (words.Ago is { } ago)
        {
            return Check(now - ago, null, now);
        }

        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
        var date = words.Day switch
        {
            null => onDate,
            { } day => Resolve(day, today),
        };
        if (words.Day is not null && date is null)
        {
            return PastTime.Unparseable;
        }

        if (words.Time is not { } time)
        {
            if (date is not { } named)
            {
                return PastTime.Unparseable;
            }

            return named > today ? new(PastTimeOutcome.InFuture, default, named)
                : named < DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now - MaxAge, zone).DateTime) ? new(PastTimeOutcome.TooOld, default, named)
                : new(PastTimeOutcome.NeedsTime, default, named);
        }

        if (date is null)
        {
            // A time alone: today, or yesterday when that time has not come yet today ("23:00" typed at 08:00).
            var at = ToInstant(today, time.Value, zone);
            return at > now + FutureSlack ? Check(ToInstant(today.AddDays(-1), time.Value, zone), today.AddDays(-1), now) : Check(at, today, now);
        }

        var day2 = date.Value;
        var instant = ToInstant(day2, time.Value, zone);
        if (words.Day is { Weekday: not null } && instant > now + FutureSlack && day2 == today)
        {
            // "monday 9am" typed on a Monday at 8: last week's Monday.
            day2 = day2.AddDays(-7);
            instant = ToInstant(day2, time.Value, zone);
        }

        if (time.PartOfDay && instant > now && day2 == today && ToInstant(today, time.PartStart, zone) <= now)
        {
            // "this evening" typed at 18:30: the evening so far, not 19:00.
            instant = now;
        }

        return Check(instant, day2, now);
    }

    private static PastTime Check(DateTimeOffset at, DateOnly? date, DateTimeOffset now) =>
        at > now + FutureSlack ? new(PastTimeOutcome.InFuture, at, date)
        : at < now - MaxAge ? new(PastTimeOutcome.TooOld, at, date)
        : new(PastTimeOutcome.Understood, at > now ? now : at, date);

    private static DateOnly? Resolve(PastTimeWords.DayWords day, DateOnly today)
    {
        if (day.DaysBack is { } back)
        {
            return today.AddDays(-back);
        }

        if (day.Weekday is { } weekday)
        {
            var back2 = ((int)today.DayOfWeek - (int)weekday + 7) % 7;
            if (back2 == 0 && day.StrictlyBefore)
            {
                back2 = 7;
            }

            return today.AddDays(-back2);
        }

        if (day.Month is { } month && day.DayOfMonth is { } dayOfMonth)
        {
            var year = day.Year ?? today.Year;
            if (dayOfMonth > DateTime.DaysInMonth(year, month))
            {
                return null;
            }

            var date = new DateOnly(year, month, dayOfMonth);
            if (day.Year is null && date > today)
            {
                // "3 Dec" typed in January: last December.
                if (dayOfMonth > DateTime.DaysInMonth(year - 1, month))
                {
                    return null;
                }

                date = new DateOnly(year - 1, month, dayOfMonth);
            }

            return date;
        }

        return null;
    }

    /// <summary>
    /// The instant of a local day and time in <paramref name="zone"/>: a time in a spring-forward gap moves forward by
    /// the gap; a time that happens twice (autumn) is the first of the two.
    /// </summary>
    public static DateTimeOffset ToInstant(DateOnly date, TimeOnly time, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var local = date.ToDateTime(time, DateTimeKind.Unspecified);
        if (zone.IsAmbiguousTime(local))
        {
            var offset = zone.GetAmbiguousTimeOffsets(local).Max();
            return new DateTimeOffset(local, offset);
        }

        if (zone.IsInvalidTime(local))
        {
            // The offset in force just before the gap: 02:30 read at +01:00 is 03:30 at +02:00.
            var before = zone.GetUtcOffset(local.AddHours(-6));
            return new DateTimeOffset(local - before, TimeSpan.Zero);
        }

        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }
}
