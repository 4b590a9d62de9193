namespace BreatheBot.Core.Episodes;

/// <summary>What BreatheBot keeps about a person besides their episodes.</summary>
public sealed record UserProfile
{
    /// <summary>"platform:user".</summary>
    public required string UserKey { get; init; }

    public required DateTimeOffset FirstSeenAt { get; init; }

    /// <summary>When the disclaimer was shown (once per user, at first use).</summary>
    public DateTimeOffset? DisclaimerShownAt { get; init; }

    /// <summary>The last time this person reported an emergency warning sign; massage is not offered for a while after.</summary>
    public DateTimeOffset? LastEmergencyFlagAt { get; init; }

    /// <summary>IANA time zone id for dates in history and stats; null means UTC.</summary>
    public string? TimeZoneId { get; init; }

    /// <summary>The breathing exercise offered first.</summary>
    public BreathingPreset? PreferredPreset { get; init; }

    /// <summary>The breathing length offered first, 1–5 minutes.</summary>
    public int? PreferredMinutes { get; init; }

    /// <summary>When to check in after an episode, in minutes.</summary>
    public int? FollowUpDelayMinutes { get; init; }

    /// <summary>The emergency number(s) shown with urgent advice, e.g. "999".</summary>
    public string? EmergencyNumbers { get; init; }

    /// <summary>
    /// True once the person felt dizzy during an exercise (tapped "I feel dizzy", or stopped a massage feeling dizzy, numb
    /// or worse): breath-holds are not offered again until they turn them back on in /settings (content.md §4).
    /// Profiles stored before this existed read as false.
    /// </summary>
    public bool BreathHoldsOff { get; init; }

    /// <summary>True once the person chose a preset with breath-holds after seeing the holds caution (shown until then).</summary>
    public bool HoldsCautionSeen { get; init; }

    /// <summary>
    /// The local time of the daily check-in ("Any headache today?"), in <see cref="TimeZone"/>; null means off (the default,
    /// and how profiles stored before the check-in existed read).
    /// </summary>
    public TimeOnly? CheckInTime { get; init; }

    /// <summary>The last local day a check-in was due (asked, or kept quiet because an episode was logged): never asked twice.</summary>
    public DateOnly? LastCheckInDay { get; init; }

    /// <summary>The person's time zone (UTC when unset or unknown on this machine).</summary>
    public TimeZoneInfo TimeZone =>
        TimeZoneId is not null && TimeZoneInfo.TryFindSystemTimeZoneById(TimeZoneId, out var zone) ? zone : TimeZoneInfo.Utc;
}
