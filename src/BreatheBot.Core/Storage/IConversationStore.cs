using BreatheBot.Core.Conversations;
using BreatheBot.Core.Episodes;

namespace BreatheBot.Core.Storage;

/// <summary>A conversation as stored: its state plus what the service needs around it.</summary>
/// <param name="RecentDeliveryIds">The last platform delivery ids handled, to drop redeliveries.</param>
public sealed record StoredConversation(
    ConversationKey Key,
    ChatKind Chat,
    ConversationState State,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<string> RecentDeliveryIds)
{
    public DateTimeOffset? WakeAt => State.WakeAt;

    /// <summary>
    /// The stored state could not be read by this version (written by a newer one, or damaged), so it was replaced by
    /// an idle state: the person is told once, politely, and the turn goes on from the start.
    /// </summary>
    public bool StateWasReset { get; init; }

    /// <summary>
    /// The <see cref="Outbox.OutboxEntry.Sequence"/> of the last outbox entry written for this conversation; stores that
    /// implement <see cref="Outbox.IOutboxStore"/> keep it with the conversation (absent in older diaries: 0).
    /// </summary>
    public long OutboxSequence { get; init; }
}

/// <summary>Everything one turn writes, committed atomically.</summary>
public sealed record TurnCommit(StoredConversation Conversation, IReadOnlyList<Episode> Episodes, UserProfile? Profile)
{
    /// <summary>
    /// People ("platform:user") to erase: their episodes, profile and conversation states are deleted, and nothing
    /// else in this commit that belongs to them is written.
    /// </summary>
    public IReadOnlyList<string> ForgetUsers { get; init; } = [];

    /// <summary>
    /// Episode ids to delete, as thoroughly as <see cref="ForgetUsers"/> deletes a person: no copy of the episode may be
    /// left readable in the store's files (LiteDB: checkpoint after the delete). Applied after this commit's
    /// <see cref="Episodes"/> writes, so a deletion wins over a write of the same id. The engine only names episodes of
    /// the turn's own person; an unknown id is ignored.
    /// </summary>
    public IReadOnlyList<string> DeleteEpisodes { get; init; } = [];

    /// <summary>
    /// Daily check-in answers to store: one per person and local day, so a record for a (UserKey, Day) already stored is
    /// replaced. Erased with the person (<see cref="ForgetUsers"/>) and moved with their episodes (<see cref="LinkToPerson"/>).
    /// </summary>
    public IReadOnlyList<DayRecord> Days { get; init; } = [];

    /// <summary>A one-time link code to store.</summary>
    public LinkCode? CreateLinkCode { get; init; }

    /// <summary>
    /// Link the conversation's account to <see cref="LinkCode.PersonKey"/>: its episodes move to that person, its own
    /// profile is dropped, and the code is used up.
    /// </summary>
    public LinkCode? LinkToPerson { get; init; }

    /// <summary>
    /// The turn's replies, to be written in the same transaction as the state (stores implementing
    /// <see cref="Outbox.IOutboxStore"/>; others ignore it and the core delivers from memory only).
    /// </summary>
    public IReadOnlyList<Outbox.OutboxEntry> Outbox { get; init; } = [];
}

/// <summary>Conversation state, profiles and episode writes. Implementations make <see cref="CommitAsync"/> durable before it completes.</summary>
public interface IConversationStore
{
    ValueTask<StoredConversation?> LoadAsync(ConversationKey key, CancellationToken cancellationToken);

    /// <summary>Every conversation waiting for a wake-up (to re-arm timers after a restart).</summary>
    ValueTask<IReadOnlyList<StoredConversation>> LoadScheduledAsync(CancellationToken cancellationToken);

    ValueTask<UserProfile?> LoadProfileAsync(string userKey, CancellationToken cancellationToken);

    ValueTask CommitAsync(TurnCommit commit, CancellationToken cancellationToken);

    /// <summary>The person an account belongs to: itself, or the person it was linked to.</summary>
    ValueTask<string> ResolvePersonAsync(string userKey, CancellationToken cancellationToken);

    /// <summary>A stored, unexpired or expired, link code; null when unknown.</summary>
    ValueTask<LinkCode?> FindLinkCodeAsync(string code, CancellationToken cancellationToken);

    /// <summary>Moves a conversation to a new chat id (a Telegram group upgraded to a supergroup).</summary>
    ValueTask MoveChatAsync(ConversationKey from, ConversationKey to, CancellationToken cancellationToken);
}

/// <summary>Reads of the episode diary.</summary>
public interface IEpisodeStore
{
    ValueTask<Episode?> GetAsync(string episodeId, CancellationToken cancellationToken);

    /// <summary>A person's episodes, newest first.</summary>
    ValueTask<IReadOnlyList<Episode>> ListByUserAsync(string userKey, int skip, int take, CancellationToken cancellationToken);

    /// <summary>
    /// A person's daily check-in answers (<see cref="DayRecord"/>), newest day first. A store without check-in support
    /// returns none (the default), so /stats simply shows no baseline.
    /// </summary>
    ValueTask<IReadOnlyList<DayRecord>> ListDaysAsync(string userKey, CancellationToken cancellationToken) =>
        ValueTask.FromResult<IReadOnlyList<DayRecord>>([]);
}
