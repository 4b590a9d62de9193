using BreatheBot.Core.Conversations;

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
}
