using BreatheBot.Core.Episodes;
using BreatheBot.Core.Messaging;

namespace BreatheBot.Core.Conversations;

/// <summary>What one turn produced: the next state, the replies, and what must be stored before replying.</summary>
public sealed record TurnResult(
    ConversationState State,
    IReadOnlyList<Reply> Replies,
    IReadOnlyList<Episode> EpisodesToSave,
    UserProfile? ProfileToSave);
