using BreatheBot.Core.Conversations;

namespace BreatheBot.Core.Messaging;

/// <summary>
/// Something that happened in a chat, translated by an adapter into platform-neutral terms.
/// </summary>
/// <param name="Key">The conversation it belongs to (for groups, the channel's shared key).</param>
/// <param name="Chat">Private chat or group channel.</param>
/// <param name="SenderId">The platform user id of who did it ("" for timer ticks and service events).</param>
/// <param name="At">When the platform says it happened.</param>
/// <param name="DeliveryId">The platform's id for this delivery (Telegram update_id, Discord interaction or message id),
/// used to drop a redelivered event exactly once. Null when the platform gives none.</param>
public abstract record InboundEvent(ConversationKey Key, ChatKind Chat, string SenderId, DateTimeOffset At, string? DeliveryId)
{
    /// <summary>
    /// In a group: whether the sender may configure the channel (Telegram creator/administrator per getChatMember;
    /// Discord Manage Server or Administrator in member.permissions). Adapters set it for group commands and presses.
    /// </summary>
    public bool SenderIsAdmin { get; init; }
}

/// <summary>The person typed a message.</summary>
public sealed record TextReceived(ConversationKey Key, ChatKind Chat, string SenderId, DateTimeOffset At, string? DeliveryId, string Text)
    : InboundEvent(Key, Chat, SenderId, At, DeliveryId);

/// <summary>The person pressed a button; <paramref name="ChoiceId"/> is the <see cref="ReplyChoice.Id"/> the core sent.</summary>
public sealed record ChoiceSelected(ConversationKey Key, ChatKind Chat, string SenderId, DateTimeOffset At, string? DeliveryId, string ChoiceId)
    : InboundEvent(Key, Chat, SenderId, At, DeliveryId)
{
    /// <summary>The button's <see cref="ReplyChoice.PromptId"/> as the adapter read it back; null for a button from before stamps.</summary>
    public int? PromptId { get; init; }
}

/// <summary>
/// A command such as /headache. <paramref name="Name"/> is lower case without the slash or any @BotName suffix;
/// <paramref name="Argument"/> is the rest of the line (e.g. a /start deep-link payload), or null.
/// </summary>
public sealed record CommandReceived(ConversationKey Key, ChatKind Chat, string SenderId, DateTimeOffset At, string? DeliveryId, string Name, string? Argument)
    : InboundEvent(Key, Chat, SenderId, At, DeliveryId);

/// <summary>A wake-up the core asked for (pacer phase, hold timer, follow-up) fell due. Raised by the core's scheduler, not by adapters.</summary>
public sealed record TimerFired(ConversationKey Key, ChatKind Chat, DateTimeOffset At, DateTimeOffset DueAt)
    : InboundEvent(Key, Chat, string.Empty, At, null);

/// <summary>The bot was added to (<paramref name="Added"/> = true) or removed from a group channel.</summary>
public sealed record MembershipChanged(ConversationKey Key, ChatKind Chat, string SenderId, DateTimeOffset At, string? DeliveryId, bool Added)
    : InboundEvent(Key, Chat, SenderId, At, DeliveryId);
