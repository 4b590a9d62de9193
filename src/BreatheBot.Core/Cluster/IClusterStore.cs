using BreatheBot.Core.Conversations;
using BreatheBot.Core.Outbox;
using BreatheBot.Core.Storage;

namespace BreatheBot.Core.Cluster;

/// <summary>
/// A store shared by several nodes (PostgreSQL mode). Besides <see cref="IConversationStore"/> and
/// <see cref="IOutboxStore"/> it gives the service what it needs to run any conversation on any node:
/// <list type="bullet">
/// <item><see cref="BeginTurnAsync"/>: one turn of a conversation at a time across every node, in order.</item>
/// <item><see cref="FindOrphanedOutboxAsync"/> and <see cref="ILockedTurn.LeftOver"/>: replies a dead node committed but never
/// sent are sent by a live one, before anything newer of their conversation.</item>
/// <item><see cref="FindOverdueWakeUpsAsync"/>: a dead (or late) node's wake-ups fire on another node.</item>
/// </list>
/// Each node is identified by a lease the store holds from its start; when the node's process or connection dies the
/// lease goes with it (PostgreSQL: a session advisory lock), which is how the others know its work is orphaned.
/// </summary>
public interface IClusterStore
{
    /// <summary>
    /// Waits until no other turn of <paramref name="key"/> runs on any node, then loads it. The lock is held until the
    /// returned turn is disposed: the service disposes it once the sender has accepted the turn's replies, so replies of
    /// one conversation leave in order whichever node ran each turn.
    /// </summary>
    ValueTask<ILockedTurn> BeginTurnAsync(ConversationKey key, CancellationToken cancellationToken);

    /// <summary>
    /// Conversations with unsent outbox entries committed by nodes that are gone (or before any node identity existed),
    /// at most <paramref name="limit"/>. Nothing is claimed here: a turn of the conversation claims them under its lock
    /// (<see cref="ILockedTurn.LeftOver"/>).
    /// </summary>
    ValueTask<IReadOnlyList<ConversationKey>> FindOrphanedOutboxAsync(int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Conversations whose wake-up was due before <paramref name="dueBefore"/> and that no turn holds right now, oldest
    /// first (at most <paramref name="limit"/>). Firing one that another node fires too is harmless: the turn runs under
    /// the conversation's lock and a wake-up that no longer matches the state does nothing.
    /// </summary>
    ValueTask<IReadOnlyList<StoredConversation>> FindOverdueWakeUpsAsync(DateTimeOffset dueBefore, int limit, CancellationToken cancellationToken);
}

/// <summary>A turn holding its conversation's cluster-wide lock (see <see cref="IClusterStore.BeginTurnAsync"/>).</summary>
public interface ILockedTurn : IAsyncDisposable
{
    /// <summary>The conversation as last committed by any node; null for one never saved.</summary>
    StoredConversation? Conversation { get; }

    /// <summary>
    /// The conversation's unsent replies left by nodes that are gone, claimed for this node under the lock, in sequence
    /// order: the service sends them before this turn's own replies, so nothing newer overtakes them.
    /// </summary>
    IReadOnlyList<OutboxEntry> LeftOver { get; }

    /// <summary>Commits the turn (as <see cref="IConversationStore.CommitAsync"/>); the lock stays held until disposal.</summary>
    ValueTask CommitAsync(TurnCommit commit, CancellationToken cancellationToken);
}
