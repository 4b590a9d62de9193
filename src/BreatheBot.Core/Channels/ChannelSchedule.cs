namespace BreatheBot.Core.Channels;

/// <summary>
/// When a channel's shared sessions and reminders fall due. All rules are in the channel's local time, so a 09:30
/// session stays at 09:30 across daylight-saving changes. Pure functions of the settings and an instant.
/// </summary>
public static class ChannelSchedule
{
    /// <summary>How late a due session or reminder may still fire (after a restart); older ones are skipped.</summary>
    public static readonly TimeSpan DefaultGrace = TimeSpan.FromMinutes(10);

    /// <summary>The first session strictly after <paramref name="after"/>, or null when sessions are off.</summary>
    public static DateTimeOffset? NextSession(ChannelSettings settings, DateTimeOffset after)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.SessionAt is not { } at)
        {
            return null;
        }

        var zone = settings.TimeZone;
        var localDay = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(after, zone).DateTime);
        for (var day = localDay; day <= localDay.AddDays(8); day = day.AddDays(1))
        {
            if (settings.SessionDays == SessionDays.Weekdays && day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
            {
                continue;
            }

            if (settings.IsQuiet(at))
            {
                return null;
            }

            var instant = ToInstant(day, at, zone);
            if (instant > after)
            {
                return instant;
            }
        }

        return null;
    }

    /// <summary>
    /// The first reminder strictly after <paramref name="after"/>: every N hours from the start of working hours, up to
    /// (not including) its end, on weekdays, never in quiet hours. Null when reminders are off or no slot exists.
    /// </summary>
    public static DateTimeOffset? NextReminder(ChannelSettings settings, DateTimeOffset after)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.ReminderEveryHours is not (> 0 and var hours) || settings.WorkEnd <= settings.WorkStart)
        {
            return null;
        }

        var zone = settings.TimeZone;
        var localDay = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(after, zone).DateTime);
        for (var day = localDay; day <= localDay.AddDays(8); day = day.AddDays(1))
        {
            if (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
            {
                continue;
            }

            for (var slot = settings.WorkStart; slot < settings.WorkEnd; slot = slot.AddHours(hours))
            {
                if (settings.IsQuiet(slot))
                {
                    continue;
                }

                var instant = ToInstant(day, slot, zone);
                if (instant > after)
                {
                    return instant;
                }

                if (slot.AddHours(hours) <= slot)
                {
                    break; // wrapped past midnight
                }
            }
        }

        return null;
    }

    /// <summary>
    /// What to do with something that fell due at <paramref name="due"/> when we get to it at <paramref name="now"/>:
    /// fire it once if still within <paramref name="grace"/>, otherwise skip it. Either way the next occurrence is
    /// computed strictly after now, so nothing fires twice and missed ones never come as a burst.
    /// </summary>
    public static bool ShouldFire(DateTimeOffset due, DateTimeOffset now, TimeSpan grace) => now >= due && now - due <= grace;

    /// <summary>
    /// A local date and time as an instant. A time skipped by a DST change (e.g. 02:30 on a spring-forward night) is
    /// moved forward by the gap; an ambiguous time (autumn) takes the first occurrence.
    /// </summary>
    public static DateTimeOffset ToInstant(DateOnly day, TimeOnly time, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var local = day.ToDateTime(time, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(30);
        }

        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset);
    }
}
