using BreatheBot.Core.Conversations;

namespace BreatheBot.Core.Outbox;

/// <summary>
/// One reply waiting in the durable outbox: written in the same transaction as the turn that produced it, removed once
/// the platform confirmed it (see <see cref="IOutboxStore.MarkSentAsync"/>).
/// </summary>
/// <param name="Id">
/// Unique, at most <see cref="MaxIdLength"/> characters of [0-9a-z]. Chosen by the core, never by the store, and stable
/// across restarts: adapters use it as the platform's idempotency key (Discord's message <c>nonce</c>).
/// </param>
/// <param name="Key">The conversation the reply belongs to.</param>
/// <param name="Chat">The conversation's chat kind when the reply was written.</param>
/// <param name="Sequence">
/// Order within the conversation: strictly increasing across the conversation's turns (the core numbers them from
/// <see cref="Storage.StoredConversation.OutboxSequence"/>, which the store keeps with the conversation).
/// </param>
/// <param name="Payload">The reply, serialized by <see cref="ReplySerializer"/> (versioned JSON; opaque to stores).</param>
/// <param name="CreatedAt">When the turn committed it.</param>
public sealed record OutboxEntry(string Id, ConversationKey Key, ChatKind Chat, long Sequence, string Payload, DateTimeOffset CreatedAt)
{
    /// <summary>Discord allows a nonce of 25 characters; chunk suffixes (".1") need the rest.</summary>
    public const int MaxIdLength = 16;

    /// <summary>A new id: 80 random bits in 16 base-32 characters (lower case, no punctuation).</summary>
    public static string NewId()
    {
        const string alphabet = "0123456789abcdefghijklmnopqrstuv";
        return System.Security.Cryptography.RandomNumberGenerator.GetString(alphabet, MaxIdLength);
    }
}
