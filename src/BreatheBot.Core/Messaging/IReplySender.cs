using BreatheBot.Core.Conversations;
using BreatheBot.Core.Outbox;

namespace BreatheBot.Core.Messaging;

/// <summary>
/// An adapter's outbound side: renders and sends the core's replies for one platform.
/// Called for one conversation at a time, in order; an implementation must not throw for platform errors
/// it can handle itself (rate limits, a blocked user): it logs them and returns.
/// </summary>
public interface IReplySender
{
    Platform Platform { get; }

    Task SendAsync(ConversationKey key, ChatKind chat, IReadOnlyList<Reply> replies, CancellationToken cancellationToken);

    /// <summary>
    /// Sends one turn's replies from the durable outbox, in order. Each <see cref="OutgoingReply"/> is confirmed as soon
    /// as the platform took it (or the sender gave it up for good), one by one, so that a crash repeats at most the send
    /// in flight; its <see cref="OutgoingReply.Id"/> is the platform's idempotency key where there is one. May return
    /// before the confirmations (a sender with its own queue), but then must confirm or abandon every reply later.
    /// The default sends the batch with <see cref="SendAsync(ConversationKey, ChatKind, IReadOnlyList{Reply}, CancellationToken)"/>
    /// and confirms them all when it returns: right for a sender whose batch is one platform call (the terminal, fakes).
    /// </summary>
    async Task SendAsync(ConversationKey key, ChatKind chat, IReadOnlyList<OutgoingReply> replies, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(replies);
        await SendAsync(key, chat, [.. replies.Select(r => r.Reply)], cancellationToken).ConfigureAwait(false);
        foreach (var reply in replies)
        {
            reply.Confirm();
        }
    }
}
