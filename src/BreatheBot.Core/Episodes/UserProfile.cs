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
}
