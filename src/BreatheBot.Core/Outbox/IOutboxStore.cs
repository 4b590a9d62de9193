using BreatheBot.Core.Storage;

namespace BreatheBot.Core.Outbox;

/// <summary>
/// The store side of the durable outbox. A store that implements it promises, besides these two methods:
/// <list type="bullet">
/// <item><see cref="IConversationStore.CommitAsync"/> writes every <see cref="TurnCommit.Outbox"/> entry in the SAME
/// transaction as the turn's state (both or neither), and persists <see cref="StoredConversation.OutboxSequence"/> with
/// the conversation.</item>
/// <item>A commit with <see cref="TurnCommit.ForgetUsers"/> deletes every unsent entry of those people's private
/// conversations (keys whose <c>UserKey</c> is one of them or linked to one), before writing the commit's own entries
/// (the core sends none with a forget: its confirmation goes from memory, so no trace of the person stays in the file).</item>
/// <item><see cref="IConversationStore.MoveChatAsync"/> may leave entries under the old key (they are still delivered:
/// adapters follow a chat's migration).</item>
/// </list>
/// Without this interface the core delivers replies from memory only (at most once across a crash).
/// PostgreSQL sketch: <c>outbox(id text primary key, conversation text, chat smallint, seq bigint, payload text,
/// created_at timestamptz)</c> with an index on (conversation, seq); a drainer on several nodes claims the oldest row of
/// each conversation with <c>FOR UPDATE SKIP LOCKED</c> and deletes it in <see cref="MarkSentAsync"/>.
/// </summary>
public interface IOutboxStore
{
    /// <summary>
    /// Every entry not yet marked sent, ordered by conversation and then <see cref="OutboxEntry.Sequence"/> (ascending).
    /// Called once at start, before any turn runs. Returns an empty list when there are none (an old diary without an
    /// outbox included).
    /// </summary>
    ValueTask<IReadOnlyList<OutboxEntry>> LoadUnsentAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The platform confirmed these entries (or gave them up for good): they are never returned by
    /// <see cref="LoadUnsentAsync"/> again. Implementations delete them. Idempotent: unknown ids (already marked, erased
    /// by /forget) are ignored. Durable before it completes, but it need not be more: a mark lost to a crash only means
    /// one repeated send, which the platform's idempotency key usually absorbs.
    /// </summary>
    ValueTask MarkSentAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken);
}
