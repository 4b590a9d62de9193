using BreatheBot.Core.Episodes;

namespace BreatheBot.Core.Channels;

/// <summary>Which days a daily shared breathing session runs.</summary>
public enum SessionDays
{
    EveryDay = 0,
    Weekdays = 1,
}

/// <summary>
/// A group channel's settings, changed by its admins. Nothing here is about any member.
/// Times are local to <see cref="TimeZoneId"/>.
/// </summary>
public sealed record ChannelSettings
{
    public string TimeZoneId { get; init; } = "UTC";

    /// <summary>The daily shared breathing session; null when off.</summary>
    public TimeOnly? SessionAt { get; init; }

    public SessionDays SessionDays { get; init; } = SessionDays.Weekdays;

    public BreathingPreset SessionPreset { get; init; } = BreathingPreset.Resonance;

    public int SessionMinutes { get; init; } = 3;

    /// <summary>A desk-break reminder every this many hours within working hours; null when off.</summary>
    public int? ReminderEveryHours { get; init; }

    public TimeOnly WorkStart { get; init; } = new(9, 0);

    public TimeOnly WorkEnd { get; init; } = new(17, 0);

    /// <summary>No reminder or session starts in quiet hours (may wrap past midnight, e.g. 22:00–07:00); null when none.</summary>
    public TimeOnly? QuietFrom { get; init; }

    public TimeOnly? QuietTo { get; init; }

    public TimeZoneInfo TimeZone => TimeZoneInfo.TryFindSystemTimeZoneById(TimeZoneId, out var zone) ? zone : TimeZoneInfo.Utc;

    public bool IsQuiet(TimeOnly local) =>
        QuietFrom is { } from && QuietTo is { } to && from != to &&
        (from < to ? local >= from && local < to : local >= from || local < to);
}
