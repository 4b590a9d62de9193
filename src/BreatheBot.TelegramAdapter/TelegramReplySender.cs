using System.Globalization;
using BreatheBot.Core.Conversations;
using BreatheBot.Core.Messaging;
using BreatheBot.Core.Outbox;
using BreatheBot.TelegramAdapter.Diagnostics;
using BreatheBot.TelegramAdapter.Outbound;
using Microsoft.Extensions.Logging;
using Telegram.Bot.Types.ReplyMarkups;

namespace BreatheBot.TelegramAdapter;

/// <summary>
/// Renders the core's replies as Telegram messages (HTML, everything escaped, split over 4096 characters; choices as
/// an inline keyboard; a deep-link button for personal flows started in a group; files as photo or document)
/// and hands them to the rate-limited <see cref="TelegramOutbox"/>. Returns once they are queued.
/// </summary>
internal sealed class TelegramReplySender(TelegramOutbox outbox, TelegramBotIdentity identity, ILogger<TelegramReplySender> logger) : IReplySender
{
    public Platform Platform => Platform.Telegram;

    public async Task SendAsync(ConversationKey key, ChatKind chat, IReadOnlyList<Reply> replies, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(replies);
        if (key.Platform != Platform.Telegram || !long.TryParse(key.ChatId, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var chatId))
        {
            throw new ArgumentException($"Conversation {key} is not a Telegram chat.", nameof(key));
        }

        var items = new List<OutboundItem>();
        foreach (var reply in replies)
        {
            items.AddRange(await RenderAsync(chatId, chat == ChatKind.Group, reply, cancellationToken).ConfigureAwait(false));
        }

        outbox.Enqueue(items);
    }

    /// <summary>
    /// As the batch overload (one turn, one <see cref="TelegramOutbox.Enqueue"/>, so flood control still sees turns), and
    /// confirms each reply once every API call it became has completed: sent, coalesced into a newer turn or edit, or
    /// dropped for good. A reply the outbox never sent because it stopped is abandoned (it stays in the core's outbox).
    /// </summary>
    public async Task SendAsync(ConversationKey key, ChatKind chat, IReadOnlyList<OutgoingReply> replies, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(replies);
        var chatId = ChatIdOf(key);
        var items = new List<OutboundItem>();
        var rendered = new List<IReadOnlyList<OutboundItem>>(replies.Count);
        foreach (var reply in replies)
        {
            var calls = await RenderAsync(chatId, chat == ChatKind.Group, reply.Reply, cancellationToken).ConfigureAwait(false);
            rendered.Add(calls);
            items.AddRange(calls);
        }

        outbox.Enqueue(items);
        for (var i = 0; i < replies.Count; i++)
        {
            _ = ConfirmWhenDoneAsync(replies[i], rendered[i]);
        }
    }

    private static async Task ConfirmWhenDoneAsync(OutgoingReply reply, IReadOnlyList<OutboundItem> calls)
    {
        try
        {
            foreach (var call in calls)
            {
                await call.Completion.ConfigureAwait(false);
            }

            reply.Confirm();
        }
        catch (OperationCanceledException)
        {
            reply.Abandon();
        }
    }

    private static long ChatIdOf(ConversationKey key) =>
        key.Platform == Platform.Telegram && long.TryParse(key.ChatId, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var chatId)
            ? chatId
            : throw new ArgumentException($"Conversation {key} is not a Telegram chat.", nameof(key));

    /// <summary>Turns one reply into the API calls that show it.</summary>
    internal async Task<IReadOnlyList<OutboundItem>> RenderAsync(long chatId, bool isGroup, Reply reply, CancellationToken cancellationToken)
    {
        switch (reply)
        {
            case TextReply text:
            {
                var pieces = TelegramText.Split(Visible(text.Text));
                var items = new List<OutboundItem>(pieces.Count);
                for (var i = 0; i < pieces.Count; i++)
                {
                    var last = i == pieces.Count - 1;
                    items.Add(new SendTextItem(
                        chatId,
                        isGroup,
                        text.Key,
                        TelegramText.EscapeHtml(pieces[i]),
                        last ? Keyboard(text.Choices) : null,
                        last ? text.Slot : null));
                }

                return items;
            }

            case EditReply edit:
                return [new EditTextItem(chatId, isGroup, edit.Key, edit.Slot, TelegramText.EscapeHtml(TelegramText.Truncate(Visible(edit.Text), TelegramText.MaxMessageLength)), Keyboard(edit.Choices))];

            case MoveToPrivateReply move:
            {
                var me = await identity.GetAsync(cancellationToken).ConfigureAwait(false);
                var url = string.Create(CultureInfo.InvariantCulture, $"https://t.me/{me.Username}?start={Uri.EscapeDataString(move.StartPayload)}");
                var markup = new InlineKeyboardMarkup(InlineKeyboardButton.WithUrl(move.ButtonLabel, url));
                var pieces = TelegramText.Split(Visible(move.Text));
                return [.. pieces.Select((piece, i) => new SendTextItem(chatId, isGroup, move.Key, TelegramText.EscapeHtml(piece), i == pieces.Count - 1 ? markup : null, null) { MergeInGroup = true })];
            }

            case FileReply file:
            {
                var caption = file.Caption is { Length: > 0 } c ? TelegramText.EscapeHtml(TelegramText.Truncate(c, TelegramText.MaxCaptionLength)) : null;
                return [new SendFileItem(chatId, isGroup, file.Key, file.FileName, file.ContentType, file.Content, caption)];
            }

            case NoticeReply notice when !isGroup:
                // no button press to attach it to (e.g. after a restart): in a private chat it is only this person's anyway
                return [new SendTextItem(chatId, isGroup, notice.Key, TelegramText.EscapeHtml(Visible(notice.Text)), null, null)];

            case NoticeReply:
                Log.NoticeDropped(logger, chatId); // personal: never posted for the whole group to see
                return [];

            case DataErasedReply:
                return []; // Telegram keeps the person's messages itself; this adapter stores nothing of theirs on disk

            default:
                throw new ArgumentException($"Unknown reply type {reply.GetType().Name}.", nameof(reply));
        }
    }

    /// <summary>
    /// The inline keyboard for the core's choices; callback_data is the versioned, stamped choice id (at most 64 bytes).
    /// Short labels (numbers on a pain scale) share rows; longer ones get a row each.
    /// </summary>
    internal static InlineKeyboardMarkup? Keyboard(IReadOnlyList<ReplyChoice> choices)
    {
        if (choices.Count == 0)
        {
            return null;
        }

        var longest = choices.Max(c => c.Label.Length);
        var perRow = longest switch
        {
            <= 3 => 6,
            <= 14 => 2,
            _ => 1,
        };
        var rows = choices
            .Select(c => InlineKeyboardButton.WithCallbackData(c.Label, CallbackData(c)))
            .Chunk(perRow)
            .Select(row => (IEnumerable<InlineKeyboardButton>)row);
        return new InlineKeyboardMarkup(rows);
    }

    /// <summary><c>v2:{prompt id}:{choice id}</c> for a stamped choice (the core stamps every button it sends), else <c>v1:{choice id}</c>.</summary>
    internal static string CallbackData(ReplyChoice choice)
    {
        var data = choice.PromptId is { } stamp
            ? string.Create(CultureInfo.InvariantCulture, $"{TelegramUpdateMapper.StampedPrefix}{stamp}:{choice.Id}")
            : TelegramUpdateMapper.CallbackPrefix + choice.Id;
        if (System.Text.Encoding.UTF8.GetByteCount(data) > 64)
        {
            throw new ArgumentException($"Choice id '{choice.Id}' is too long for Telegram's 64-byte callback_data.", nameof(choice));
        }

        return data;
    }

    private static string Visible(string text) => string.IsNullOrWhiteSpace(text) ? "…" : text;
}
