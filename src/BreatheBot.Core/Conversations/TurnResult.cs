using BreatheBot.Core.Episodes;
using BreatheBot.Core.Messaging;

namespace BreatheBot.Core.Conversations;

/// <summary>What one turn produced: the next state, the replies, and what must be stored before replying.</summary>
public sealed record TurnResult(
    ConversationState State,
    IReadOnlyList<Reply> Replies,
    IReadOnlyList<Episode> EpisodesToSave,
    UserProfile? ProfileToSave)
{
    /// <summary>People ("platform:user") whose every stored trace is deleted in this turn's commit (/forget).</summary>
    public IReadOnlyList<string> ForgetUsers { get; init; } = [];

    /// <summary>Episode ids deleted in this turn's commit (one diary entry deleted from /history).</summary>
    public IReadOnlyList<string> DeleteEpisodes { get; init; } = [];

    /// <summary>Daily check-in answers to store (replacing any earlier answer for the same person and day).</summary>
    public IReadOnlyList<DayRecord> DaysToSave { get; init; } = [];

    /// <summary>A one-time link code to store (/link).</summary>
    public LinkCode? CreateLinkCode { get; init; }

    /// <summary>Link the event's account to this person's diary (/link CODE).</summary>
    public LinkCode? LinkToPerson { get; init; }
}
