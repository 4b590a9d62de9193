using BreatheBot.Core.Episodes;

namespace BreatheBot.Core.Conversations;

/// <summary>A one-time code that links a second chat account to a person's diary (/link).</summary>
public sealed record LinkCode(string Code, string PersonKey, DateTimeOffset ExpiresAt);

/// <summary>
/// What the caller looked up for the engine before a turn, so the engine stays a pure function.
/// Everything is optional; see <see cref="ConversationEngine.NeedsDiary"/> and <see cref="ConversationEngine.LinkCodeRequested"/>.
/// </summary>
public sealed record TurnInputs
{
    /// <summary>The person ("platform:user" of the account their diary is kept under). Null: the event's own user.</summary>
    public string? PersonKey { get; init; }

    /// <summary>The person's stored episodes, newest first.</summary>
    public IReadOnlyList<Episode>? Diary { get; init; }

    /// <summary>The person's daily check-in answers (loaded with <see cref="Diary"/>).</summary>
    public IReadOnlyList<DayRecord>? Days { get; init; }

    /// <summary>A fresh random code for "/link" without an argument.</summary>
    public string? NewLinkCode { get; init; }

    /// <summary>What the code typed with "/link CODE" stands for; null when unknown.</summary>
    public LinkCode? TypedLinkCode { get; init; }

    /// <summary>
    /// A random suffix for an episode started in this turn, so two episodes started in the same millisecond never share
    /// an id. Without it the id is "platform-user-unixms".
    /// </summary>
    public string? EpisodeIdSuffix { get; init; }
}
