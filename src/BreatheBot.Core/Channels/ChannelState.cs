using BreatheBot.Core.Conversations;
using BreatheBot.Core.Episodes;

namespace BreatheBot.Core.Channels;

/// <summary>Aggregate counts for admins: never who, only how many.</summary>
public sealed record ChannelCounters(int SessionsHeld, int TotalJoins, int RemindersSent);

/// <summary>
/// A shared breathing break in progress. <see cref="Joined"/> holds member ids only to count distinct joins;
/// <see cref="StartedBy"/> is the member who started it with /breathe (null when the schedule did), who may stop it.
/// </summary>
public sealed record SharedSession(
    BreathingPreset Preset,
    int TotalCycles,
    int Cycle,
    int Phase,
    DateTimeOffset StartedAt,
    DateTimeOffset PhaseDueAt,
    IReadOnlyList<string> Joined,
    string? StartedBy = null);

/// <summary>Which channel setting an admin is changing.</summary>
public enum ChannelSettingItem
{
    SessionTime = 0,
    SessionDays = 1,
    TimeZone = 2,
    Reminders = 3,
    WorkingHours = 4,
    QuietHours = 5,
    Breathing = 6,
}

/// <summary>
/// A group channel: its settings, its schedule, a shared session if one is running, and aggregate counters.
/// <see cref="ConversationState.WakeAt"/> is always the earliest of the session's next phase, the next scheduled
/// session, the next reminder and (after removal) the time its settings are deleted.
/// </summary>
public sealed record ChannelState : ConversationState
{
    public ChannelSettings Settings { get; init; } = new();

    public ChannelCounters Counters { get; init; } = new(0, 0, 0);

    public SharedSession? Session { get; init; }

    public DateTimeOffset? NextSessionAt { get; init; }

    public DateTimeOffset? NextReminderAt { get; init; }

    /// <summary>The bot was removed: nothing is scheduled; the settings are kept until <see cref="ForgetAt"/>.</summary>
    public bool Removed { get; init; }

    public DateTimeOffset? ForgetAt { get; init; }

    /// <summary>The item an admin is changing in the settings message; null shows the summary.</summary>
    public ChannelSettingItem? Editing { get; init; }

    public override string StepName => Session is not null ? "channel-session" : Removed ? "channel-removed" : "channel";

    /// <summary>Recomputes the wake-up from what is pending.</summary>
    public ChannelState Rearmed()
    {
        DateTimeOffset? earliest = null;
        foreach (var candidate in new[] { Session?.PhaseDueAt, Removed ? null : NextSessionAt, Removed ? null : NextReminderAt, ForgetAt })
        {
            if (candidate is { } at && (earliest is null || at < earliest))
            {
                earliest = at;
            }
        }

        return this with { WakeAt = earliest };
    }
}
