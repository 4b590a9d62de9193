using BreatheBot.Core.Messaging;

namespace BreatheBot.Core.Conversations;

/// <summary>
/// The one entry point adapters call. Turns of one conversation run one at a time, in arrival order;
/// different conversations run concurrently. A failure inside one turn never affects another conversation.
/// </summary>
public interface IConversationHandler
{
    /// <summary>
    /// Runs one turn. The returned task completes when the turn is durable (state and episode committed to storage),
    /// so an adapter may then acknowledge the event to its platform. Replies are then sent, in order, through
    /// <paramref name="replyVia"/> (or the registered <see cref="IReplySender"/> for the key's platform);
    /// <see cref="TurnReceipt.Delivered"/> completes when they have been handed over.
    /// A redelivered event (same <see cref="InboundEvent.DeliveryId"/>) is recognised and produces no second reply.
    /// </summary>
    Task<TurnReceipt> HandleAsync(InboundEvent inbound, IReplySender? replyVia = null, CancellationToken cancellationToken = default);

    /// <summary>A group became a new chat id (Telegram group → supergroup): its conversation state moves with it.</summary>
    Task MigrateChatAsync(Platform platform, string fromChatId, string toChatId, CancellationToken cancellationToken = default);
}

/// <summary>The outcome of a durable turn.</summary>
/// <param name="Duplicate">True when the event had been handled before and was dropped.</param>
/// <param name="Delivered">Completes when the turn's replies have been handed to the sender (never faults).</param>
public sealed record TurnReceipt(bool Duplicate, Task Delivered);
