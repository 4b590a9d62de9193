using BreatheBot.Core.Episodes;

namespace BreatheBot.Core.Conversations;

/// <summary>
/// When the daily check-in is due: the person's chosen local time, in their time zone, on the first local day after the
/// last one already checked in (so a day is never asked twice) whose time has not passed yet. DST-correct: a time that does
/// not exist on a spring-forward day moves to the first valid half hour after the gap (02:30 → 03:00 in Europe), a time that occurs twice on a fall-back day
/// is taken the first time.
/// </summary>
public static class CheckInSchedule
{
    /// <summary>The next check-in after <paramref name="now"/>, or null when the person has not turned it on.</summary>
    public static DateTimeOffset? NextDue(UserProfile? profile, DateTimeOffset now)
    {
        if (profile?.CheckInTime is not { } time)
        {
            return null;
        }

        var zone = profile.TimeZone;
        var day = LocalDay(now, zone);
        if (profile.LastCheckInDay is { } last && last >= day)
        {
            day = last.AddDays(1);
        }

        for (var i = 0; i < 3; i++, day = day.AddDays(1))
        {
            var due = At(day, time, zone);
            if (due > now)
            {
                return due;
            }
        }

        return At(day, time, zone);
    }

    /// <summary>The local calendar day of an instant in <paramref name="zone"/>.</summary>
    public static DateOnly LocalDay(DateTimeOffset instant, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        return DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime);
    }

    /// <summary>The instant the local <paramref name="time"/> on <paramref name="day"/> happens in <paramref name="zone"/>.</summary>
    public static DateTimeOffset At(DateOnly day, TimeOnly time, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var local = day.ToDateTime(time, DateTimeKind.Unspecified);
        for (var i = 0; i < 4 && zone.IsInvalidTime(local); i++)
        {
            local = local.AddMinutes(30); // inside a spring-forward gap: the first valid half hour after it
        }

        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }
}
