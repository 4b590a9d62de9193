using System.Globalization;
using BreatheBot.Core.Conversations;
using BreatheBot.Core.Messaging;
using BreatheBot.TelegramAdapter.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace BreatheBot.TelegramAdapter.Outbound;

/// <summary>
/// Performs outbound items with the Telegram.Bot client and classifies every failure for the outbox.
/// Remembers which message each slot lives in (in memory and bounded: after a restart, or once evicted, an edit sends a
/// fresh message; with several nodes also in a shared document per chat, <see cref="SharedSlotMessages"/>), follows group→supergroup migrations (moving the conversation in the core, then re-sending once; a
/// forgotten migration is learnt again from Telegram's next "migrated" answer).
/// </summary>
internal sealed class TelegramMessageExecutor(
    ITelegramBotClient client,
    IServiceProvider services,
    TelegramTopics topics,
    IOptions<TelegramOptions> options,
    TimeProvider time,
    ILogger<TelegramMessageExecutor> logger) : IOutboundExecutor
{
    internal const int SlotCapacity = 20_000;
    internal static readonly TimeSpan SlotMaxAge = TimeSpan.FromHours(24);
    internal const int MigrationCapacity = 10_000;
    private readonly BoundedMap<(long Chat, string Slot), int> _slots = new(SlotCapacity, SlotMaxAge, time);
    private readonly BoundedMap<long, long> _migrated = new(MigrationCapacity, TimeSpan.FromDays(30), time);
    private readonly Lazy<SharedSlotMessages?> _sharedSlots = new(() =>
        services.GetService<Core.Cluster.ISharedDocuments>() is { } documents ? new SharedSlotMessages(documents, logger) : null);

    /// <summary>Slot messages remembered now (for tests and diagnostics).</summary>
    internal int SlotCount => _slots.Count;

    /// <summary>A smaller slot bound (tests fill past it without sending 20,000 messages).</summary>
    internal int SlotLimit
    {
        get => _slots.Capacity;
        init => _slots = new(value, SlotMaxAge, time);
    }

    /// <summary>Where a chat lives now (a migrated group's supergroup id, or itself).</summary>
    public long Resolve(long chatId) => _migrated.TryGetValue(chatId, out var to) ? to : chatId;

    /// <summary>Moves everything known about a group to its new supergroup id (slots, and future sends).</summary>
    public void RecordMigration(long from, long to)
    {
        _migrated.Set(from, to);
        topics.Move(from, to);
        foreach (var (key, messageId) in _slots.RemoveWhere(k => k.Chat == from))
        {
            _slots.TryAdd((to, key.Slot), messageId);
        }
    }

    public async Task<SendResult> ExecuteAsync(OutboundItem item, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        var chatId = Resolve(item.ChatId);
        try
        {
            await ExecuteOnceAsync(item, chatId, cancellationToken).ConfigureAwait(false);
            return SendResult.Sent;
        }
        catch (ApiRequestException ex) when (ex.ErrorCode == 400 && ex.Parameters?.MigrateToChatId is { } newChatId)
        {
            await MigrateAsync(chatId, newChatId, cancellationToken).ConfigureAwait(false);
            try
            {
                await ExecuteOnceAsync(item, newChatId, cancellationToken).ConfigureAwait(false);
                return SendResult.Sent;
            }
            catch (Exception retryEx) when (retryEx is RequestException || IsTimeout(retryEx, cancellationToken))
            {
                return Classify(retryEx, item, newChatId);
            }
        }
        catch (Exception ex) when (ex is RequestException || IsTimeout(ex, cancellationToken))
        {
            return Classify(ex, item, chatId);
        }
    }

    private async Task ExecuteOnceAsync(OutboundItem item, long chatId, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.RequestTimeout);
        var ct = timeout.Token;
        switch (item)
        {
            case SendTextItem send:
                var sent = await client.SendMessage(
                    chatId: chatId,
                    text: send.Html,
                    parseMode: ParseMode.Html,
                    replyMarkup: send.Markup,
                    messageThreadId: topics.ThreadOf(chatId),
                    linkPreviewOptions: new LinkPreviewOptions { IsDisabled = true },
                    cancellationToken: ct).ConfigureAwait(false);
                if (send.Slot is { } slot)
                {
                    await RememberSlotAsync(chatId, slot, sent.Id).ConfigureAwait(false);
                }

                break;
            case EditTextItem edit:
                await EditAsync(edit, chatId, ct, cancellationToken).ConfigureAwait(false);
                break;
            case SendFileItem file:
                await SendFileAsync(file, chatId, ct).ConfigureAwait(false);
                break;
            default:
                throw new ArgumentException($"Unknown outbound item {item.GetType().Name}.", nameof(item));
        }
    }

    /// <param name="ct">The request's own timeout.</param>
    /// <param name="stopping">The outbox's stop: reading the shared slots is not part of the request.</param>
    private async Task EditAsync(EditTextItem edit, long chatId, CancellationToken ct, CancellationToken stopping)
    {
        if (await FindSlotAsync(chatId, edit.Slot, stopping).ConfigureAwait(false) is { } messageId)
        {
            try
            {
                await client.EditMessageText(
                    chatId: chatId,
                    messageId: messageId,
                    text: edit.Html,
                    parseMode: ParseMode.Html,
                    replyMarkup: edit.Markup,
                    linkPreviewOptions: new LinkPreviewOptions { IsDisabled = true },
                    cancellationToken: ct).ConfigureAwait(false);
                return;
            }
            catch (ApiRequestException ex) when (ex.ErrorCode == 400 && Contains(ex, "message is not modified"))
            {
                return; // the same frame again: nothing to change, not an error
            }
            catch (ApiRequestException ex) when (ex.ErrorCode == 400
                && (Contains(ex, "message to edit not found") || Contains(ex, "message can't be edited")))
            {
                // deleted by the user or too old: fall through and send a fresh message for the slot
            }
        }

        Log.SlotMessageMissing(logger, chatId, edit.Slot);
        var sent = await client.SendMessage(
            chatId: chatId,
            text: edit.Html,
            parseMode: ParseMode.Html,
            replyMarkup: edit.Markup,
            messageThreadId: topics.ThreadOf(chatId),
            linkPreviewOptions: new LinkPreviewOptions { IsDisabled = true },
            cancellationToken: ct).ConfigureAwait(false);
        await RememberSlotAsync(chatId, edit.Slot, sent.Id).ConfigureAwait(false);
    }

    /// <summary>
    /// The slot's message: with several nodes the shared document's (another node may have sent a newer one), else — or
    /// when it knows none, or cannot be read — this node's own memory.
    /// </summary>
    private async Task<int?> FindSlotAsync(long chatId, string slot, CancellationToken stopping)
    {
        if (_sharedSlots.Value is { } shared && await shared.FindAsync(chatId, slot, stopping).ConfigureAwait(false) is { Answered: true, MessageId: { } id })
        {
            _slots.Set((chatId, slot), id);
            return id;
        }

        return _slots.TryGetValue((chatId, slot), out var known) ? known : null;
    }

    /// <summary>
    /// Records a slot's new message here and, with several nodes, for all (not cancellable: the message was sent, and
    /// the next edit on any node must find it).
    /// </summary>
    private async Task RememberSlotAsync(long chatId, string slot, int messageId)
    {
        _slots.Set((chatId, slot), messageId);
        if (_sharedSlots.Value is { } shared)
        {
            await shared.RememberAsync(chatId, slot, messageId, CancellationToken.None).ConfigureAwait(false);
        }
    }

    private async Task SendFileAsync(SendFileItem file, long chatId, CancellationToken ct)
    {
        using var stream = new MemoryStream(file.Content.ToArray(), writable: false);
        var input = InputFile.FromStream(stream, file.FileName);
        if (string.Equals(file.ContentType, "image/png", StringComparison.OrdinalIgnoreCase))
        {
            await client.SendChatAction(chatId: chatId, action: ChatAction.UploadPhoto, cancellationToken: ct).ConfigureAwait(false);
            await client.SendPhoto(chatId: chatId, photo: input, caption: file.CaptionHtml, parseMode: ParseMode.Html, messageThreadId: topics.ThreadOf(chatId), cancellationToken: ct).ConfigureAwait(false);
        }
        else
        {
            await client.SendChatAction(chatId: chatId, action: ChatAction.UploadDocument, cancellationToken: ct).ConfigureAwait(false);
            await client.SendDocument(chatId: chatId, document: input, caption: file.CaptionHtml, parseMode: ParseMode.Html, messageThreadId: topics.ThreadOf(chatId), cancellationToken: ct).ConfigureAwait(false);
        }
    }

    private async Task MigrateAsync(long from, long to, CancellationToken cancellationToken)
    {
        RecordMigration(from, to);
        Log.ChatMigrated(logger, from, to);
        try
        {
            var handler = services.GetRequiredService<IConversationHandler>();
            await handler.MigrateChatAsync(
                Platform.Telegram,
                from.ToString(CultureInfo.InvariantCulture),
                to.ToString(CultureInfo.InvariantCulture),
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Log.MigrationFailed(logger, from, to, ex);
        }
    }

    private SendResult Classify(Exception ex, OutboundItem item, long chatId)
    {
        switch (ex)
        {
            case ApiRequestException { ErrorCode: 429 } api:
                return new SendResult(SendResultKind.RateLimited, TimeSpan.FromSeconds(Math.Max(1, api.Parameters?.RetryAfter ?? 1)));
            case ApiRequestException { ErrorCode: 403 } api:
                Log.SendApiError(logger, chatId, item.ReplyKey, api.ErrorCode, api.Message);
                return new SendResult(SendResultKind.ChatClosed);
            case ApiRequestException { ErrorCode: >= 500 } api:
                Log.SendTransientFailure(logger, chatId, item.ReplyKey, string.Create(CultureInfo.InvariantCulture, $"HTTP {api.ErrorCode}"));
                return new SendResult(SendResultKind.Transient);
            case ApiRequestException api:
                Log.SendApiError(logger, chatId, item.ReplyKey, api.ErrorCode, api.Message);
                return new SendResult(SendResultKind.Rejected);
            case RequestException request when request.HttpStatusCode is { } status && (int)status is >= 400 and < 500 and not 429:
                Log.SendTransientFailure(logger, chatId, item.ReplyKey, string.Create(CultureInfo.InvariantCulture, $"HTTP {(int)status} without an API error body"));
                return new SendResult(SendResultKind.Rejected);
            default:
                Log.SendTransientFailure(logger, chatId, item.ReplyKey, ex is OperationCanceledException ? "timeout" : ex.GetType().Name);
                return new SendResult(SendResultKind.Transient);
        }
    }

    private static bool IsTimeout(Exception ex, CancellationToken stop) => ex is OperationCanceledException && !stop.IsCancellationRequested;

    private static bool Contains(ApiRequestException ex, string text) => ex.Message.Contains(text, StringComparison.OrdinalIgnoreCase);
}
