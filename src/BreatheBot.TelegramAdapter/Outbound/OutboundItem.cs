using Telegram.Bot.Types.ReplyMarkups;

namespace BreatheBot.TelegramAdapter.Outbound;

/// <summary>One API call the outbox paces: a message, an edit or a file, for one chat.</summary>
internal abstract class OutboundItem(long chatId, bool isGroup, string replyKey)
{
    private readonly TaskCompletionSource<bool> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The target chat (the executor follows a group's migration to its supergroup).</summary>
    public long ChatId { get; } = chatId;

    public bool IsGroup { get; } = isGroup;

    /// <summary>The core's name for the reply (never its text): safe to log.</summary>
    public string ReplyKey { get; protected set; } = replyKey;

    /// <summary>Which turn's replies the item belongs to (the outbox numbers each <c>Enqueue</c> call).</summary>
    public long Turn { get; set; }

    /// <summary>Attempts that failed with a 5xx or a timeout.</summary>
    public int TransientFailures { get; set; }

    /// <summary>Attempts answered with 429.</summary>
    public int RateLimitHits { get; set; }

    /// <summary>
    /// True once delivered (or coalesced into a later edit), false when dropped for good (a closed chat, a refused
    /// request, too many failures); cancelled when the outbox stopped before it was sent (it stays in the core's durable
    /// outbox for the next start).
    /// </summary>
    public Task<bool> Completion => _done.Task;

    public void Complete(bool delivered) => _done.TrySetResult(delivered);

    /// <summary>Not sent because the outbox is stopping.</summary>
    public void Abandon() => _done.TrySetCanceled();
}

/// <summary>sendMessage. <see cref="Slot"/> remembers the message for later edits.</summary>
internal sealed class SendTextItem(long chatId, bool isGroup, string replyKey, string html, InlineKeyboardMarkup? markup, string? slot)
    : OutboundItem(chatId, isGroup, replyKey)
{
    public string Html { get; } = html;

    public InlineKeyboardMarkup? Markup { get; } = markup;

    public string? Slot { get; } = slot;

    /// <summary>A group post that answers everyone alike (the "continue in private" note): a burst of identical ones is merged.</summary>
    public bool MergeInGroup { get; init; }
}

/// <summary>editMessageText on the message of a slot (or a new message when the slot is unknown). Coalescable.</summary>
internal sealed class EditTextItem(long chatId, bool isGroup, string replyKey, string slot, string html, InlineKeyboardMarkup? markup)
    : OutboundItem(chatId, isGroup, replyKey)
{
    public string Slot { get; } = slot;

    public string Html { get; private set; } = html;

    public InlineKeyboardMarkup? Markup { get; private set; } = markup;

    /// <summary>A newer edit of the same slot arrived before this one was sent: only the newest content is sent.</summary>
    public void Supersede(EditTextItem newer)
    {
        Html = newer.Html;
        Markup = newer.Markup;
        ReplyKey = newer.ReplyKey;
    }
}

/// <summary>sendPhoto (image/png) or sendDocument.</summary>
internal sealed class SendFileItem(long chatId, bool isGroup, string replyKey, string fileName, string contentType, ReadOnlyMemory<byte> content, string? captionHtml)
    : OutboundItem(chatId, isGroup, replyKey)
{
    public string FileName { get; } = fileName;

    public string ContentType { get; } = contentType;

    public ReadOnlyMemory<byte> Content { get; } = content;

    public string? CaptionHtml { get; } = captionHtml;
}

internal enum SendResultKind
{
    /// <summary>Delivered (including "message is not modified").</summary>
    Sent,

    /// <summary>429: wait <see cref="SendResult.RetryAfter"/> and send again.</summary>
    RateLimited,

    /// <summary>5xx, timeout or network failure: retry with backoff, a bounded number of times.</summary>
    Transient,

    /// <summary>403: the user blocked the bot or it left the group. Stop sending to this chat.</summary>
    ChatClosed,

    /// <summary>400: Telegram refused the request. Never retried; the rest of this chat's queue is dropped.</summary>
    Rejected,
}

internal readonly record struct SendResult(SendResultKind Kind, TimeSpan RetryAfter = default)
{
    public static SendResult Sent { get; } = new(SendResultKind.Sent);
}

/// <summary>Performs one outbound item against the Bot API and classifies the outcome; never throws for API errors.</summary>
internal interface IOutboundExecutor
{
    Task<SendResult> ExecuteAsync(OutboundItem item, CancellationToken cancellationToken);
}
