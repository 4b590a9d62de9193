using System.Globalization;
using BreatheBot.Core.Conversations;
using BreatheBot.Core.Messaging;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace BreatheBot.TelegramAdapter;

/// <summary>What one Telegram update means for BreatheBot. Every part is optional.</summary>
/// <param name="Inbound">The event for the core, or null when the update means nothing to it.</param>
/// <param name="CallbackQueryId">A button press to answer (always, so the spinner stops), even when it is ignored.</param>
/// <param name="Migration">A group that became a supergroup: (old chat id, new chat id).</param>
/// <param name="ChatId">The chat the update shows is reachable again (a person wrote or pressed, the bot was (re)admitted).</param>
internal sealed record MappedUpdate(InboundEvent? Inbound, string? CallbackQueryId, (long From, long To)? Migration, long? ChatId)
{
    public static readonly MappedUpdate Ignored = new(null, null, null, null);
}

/// <summary>
/// Translates Telegram updates into the core's neutral events. Stateless: adapters translate, the core decides.
/// Private chats: commands and typed text. Groups: only commands (addressed to this bot or to no bot) and button presses;
/// plain group chatter is never forwarded.
/// </summary>
internal sealed class TelegramUpdateMapper(TimeProvider time)
{
    /// <summary>The prefix of callback_data written before buttons were stamped (<c>v1:{choice id}</c>); still read.</summary>
    public const string CallbackPrefix = "v1:";

    /// <summary>The prefix of stamped callback_data: <c>v2:{prompt id}:{choice id}</c> (at most 3 + 11 + 1 + 32 bytes of 64).</summary>
    public const string StampedPrefix = "v2:";

    /// <summary>Reads our callback_data: the choice id and the question it belongs to (null for a v1 button). False when it is not ours.</summary>
    internal static bool TryReadCallbackData(string? data, out string choiceId, out int? promptId)
    {
        choiceId = string.Empty;
        promptId = null;
        if (data is null)
        {
            return false;
        }

        if (data.StartsWith(CallbackPrefix, StringComparison.Ordinal))
        {
            choiceId = data[CallbackPrefix.Length..];
            return choiceId.Length > 0;
        }

        if (!data.StartsWith(StampedPrefix, StringComparison.Ordinal))
        {
            return false;
        }

        var rest = data.AsSpan(StampedPrefix.Length);
        var colon = rest.IndexOf(':');
        if (colon <= 0 || colon == rest.Length - 1
            || !int.TryParse(rest[..colon], NumberStyles.None, CultureInfo.InvariantCulture, out var stamp))
        {
            return false;
        }

        choiceId = rest[(colon + 1)..].ToString();
        promptId = stamp;
        return true;
    }

    public MappedUpdate Map(Update update, string botUsername)
    {
        ArgumentNullException.ThrowIfNull(update);
        var deliveryId = update.Id.ToString(CultureInfo.InvariantCulture);
        return update switch
        {
            { Message: { } message } => MapMessage(message, deliveryId, botUsername),
            { CallbackQuery: { } query } => MapCallback(query, deliveryId),
            { MyChatMember: { } member } => MapMembership(member, deliveryId),
            _ => MappedUpdate.Ignored,
        };
    }

    private MappedUpdate MapMessage(Message message, string deliveryId, string botUsername)
    {
        // Telegram always sends a chat; a body without one (forged, or a broken proxy) means nothing
        if (message.Chat is not { } chat)
        {
            return MappedUpdate.Ignored;
        }

        var at = ToTime(message.Date);
        if (message.MigrateToChatId is { } to)
        {
            return new MappedUpdate(null, null, (chat.Id, to), chat.Id);
        }

        if (message.MigrateFromChatId is { } from)
        {
            return new MappedUpdate(null, null, (from, chat.Id), chat.Id);
        }

        // an anonymous group admin posts as the group itself (sender_chat = the chat, from = a placeholder bot)
        var anonymousAdmin = message.SenderChat is { } senderChat && senderChat.Id == chat.Id;
        if ((message.From is not { IsBot: false } && !anonymousAdmin) || message.Text is not { Length: > 0 } text)
        {
            return MappedUpdate.Ignored;
        }

        var kind = KindOf(chat);
        if (kind is null)
        {
            return MappedUpdate.Ignored;
        }

        var senderNumber = anonymousAdmin ? chat.Id : message.From!.Id;
        if (kind == ChatKind.Private && senderNumber != chat.Id)
        {
            return MappedUpdate.Ignored; // a private chat belongs to one person (its id is theirs): nobody else acts in it
        }

        var senderId = senderNumber.ToString(CultureInfo.InvariantCulture);
        var key = KeyFor(chat, senderNumber);
        if (TryParseCommand(message, botUsername, out var name, out var argument))
        {
            return name is null
                ? MappedUpdate.Ignored // addressed to another bot
                : new MappedUpdate(new CommandReceived(key, kind.Value, senderId, at, deliveryId, name, argument) { SenderIsAdmin = anonymousAdmin }, null, null, chat.Id);
        }

        return kind == ChatKind.Private
            ? new MappedUpdate(new TextReceived(key, ChatKind.Private, senderId, at, deliveryId, text), null, null, chat.Id)
            : MappedUpdate.Ignored;
    }

    private MappedUpdate MapCallback(CallbackQuery query, string deliveryId)
    {
        if (query.Message is not { Chat: { } chat } message || KindOf(chat) is not { } kind || query.From is null
            || !TryReadCallbackData(query.Data, out var choiceId, out var promptId))
        {
            return new MappedUpdate(null, query.Id, null, query.Message?.Chat?.Id);
        }

        if (kind == ChatKind.Private && query.From.Id != chat.Id)
        {
            // A press that claims to be in someone else's private chat (Telegram never sends one): answered, never acted on,
            // so a forged button cannot reach another person's conversation or make the bot write to their chat.
            return new MappedUpdate(null, query.Id, null, null);
        }

        var key = KeyFor(message.Chat, query.From.Id);
        var senderId = query.From.Id.ToString(CultureInfo.InvariantCulture);
        var inbound = new ChoiceSelected(key, kind, senderId, time.GetUtcNow(), deliveryId, choiceId) { PromptId = promptId };
        return new MappedUpdate(inbound, query.Id, null, message.Chat.Id);
    }

    private MappedUpdate MapMembership(ChatMemberUpdated update, string deliveryId)
    {
        if (update.Chat is null || update.OldChatMember is null || update.NewChatMember is null)
        {
            return MappedUpdate.Ignored;
        }

        var wasIn = IsIn(update.OldChatMember);
        var isIn = IsIn(update.NewChatMember);
        if (wasIn == isIn)
        {
            return MappedUpdate.Ignored; // a promotion or restriction change
        }

        // ChatId (= "the chat takes messages again") only when the bot is in the chat now
        var reopened = isIn ? update.Chat.Id : (long?)null;
        if (KindOf(update.Chat) != ChatKind.Group)
        {
            return new MappedUpdate(null, null, null, reopened); // a private block/unblock: nothing for the core
        }

        var key = ConversationKey.Channel(Platform.Telegram, update.Chat.Id.ToString(CultureInfo.InvariantCulture));
        var senderId = update.From?.Id.ToString(CultureInfo.InvariantCulture) ?? string.Empty;
        return new MappedUpdate(new MembershipChanged(key, ChatKind.Group, senderId, ToTime(update.Date), deliveryId, isIn), null, null, reopened);
    }

    /// <summary>
    /// Reads a leading /command. Returns false when the text is no command. When it is one for another bot,
    /// returns true with a null <paramref name="name"/>.
    /// </summary>
    internal static bool TryParseCommand(Message message, string botUsername, out string? name, out string? argument)
    {
        name = null;
        argument = null;
        var text = message.Text ?? string.Empty;
        var entity = message.Entities?.FirstOrDefault(e => e.Type == MessageEntityType.BotCommand && e.Offset == 0);
        int length;
        if (entity is not null)
        {
            length = Math.Clamp(entity.Length, 1, Math.Max(1, text.Length)); // a forged entity may claim length 0 or more than the text
        }
        else if (text.StartsWith('/') && text.Length > 1 && !char.IsWhiteSpace(text[1]))
        {
            var end = text.AsSpan().IndexOfAny(" \n\t");
            length = end < 0 ? text.Length : end;
        }
        else
        {
            return false;
        }

        var command = text[1..length];
        var at = command.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            var target = command[(at + 1)..];
            command = command[..at];
            if (!string.Equals(target, botUsername, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        if (command.Length == 0)
        {
            return false;
        }

        name = command.ToLowerInvariant();
        var rest = text[length..].Trim();
        argument = rest.Length == 0 ? null : rest;
        return true;
    }

    private static ChatKind? KindOf(Chat chat) => chat.Type switch
    {
        ChatType.Private => ChatKind.Private,
        ChatType.Group or ChatType.Supergroup => ChatKind.Group,
        _ => null, // channels are not supported
    };

    private static ConversationKey KeyFor(Chat chat, long userId)
    {
        var chatId = chat.Id.ToString(CultureInfo.InvariantCulture);
        return chat.Type == ChatType.Private
            ? ConversationKey.Private(Platform.Telegram, chatId, userId.ToString(CultureInfo.InvariantCulture))
            : ConversationKey.Channel(Platform.Telegram, chatId);
    }

    private static bool IsIn(ChatMember member) => member switch
    {
        ChatMemberOwner or ChatMemberAdministrator or ChatMemberMember => true,
        ChatMemberRestricted restricted => restricted.IsMember,
        _ => false,
    };

    private DateTimeOffset ToTime(DateTime date) =>
        date == default ? time.GetUtcNow() : new DateTimeOffset(DateTime.SpecifyKind(date, DateTimeKind.Utc));
}
