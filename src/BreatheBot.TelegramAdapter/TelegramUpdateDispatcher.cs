using System.Globalization;
using BreatheBot.Core.Conversations;
using BreatheBot.Core.Messaging;
using BreatheBot.Core.Outbox;
using BreatheBot.TelegramAdapter.Diagnostics;
using BreatheBot.TelegramAdapter.Outbound;
using Microsoft.Extensions.Logging;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;

namespace BreatheBot.TelegramAdapter;

/// <summary>
/// Handles one update, whether it came by polling or webhook: drops a repeat of a recent update_id, answers a button
/// press at once (so the spinner stops), follows a group migration, and hands the event to the core. Completes when
/// the core's turn is durable, so the caller may then confirm the update to Telegram.
/// </summary>
internal sealed class TelegramUpdateDispatcher(
    ITelegramBotClient client,
    TelegramUpdateMapper mapper,
    TelegramBotIdentity identity,
    IConversationHandler handler,
    TelegramOutbox outbox,
    TelegramMessageExecutor executor,
    TelegramAdminCheck admins,
    TelegramTopics topics,
    IEnumerable<IReplySender> senders,
    ILogger<TelegramUpdateDispatcher> logger)
{
    private static readonly TimeSpan CallbackAnswerWait = TimeSpan.FromSeconds(5);
    private readonly RecentIds _recent = new(capacity: 10_000);

    /// <summary>Updates whose button press was answered: a press handled again after a failed turn is not answered twice.</summary>
    private readonly RecentIds _answered = new(capacity: 10_000);

    public async Task DispatchAsync(Update update, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(update);
        if (!_recent.Add(update.Id))
        {
            Log.DuplicateUpdate(logger, update.Id);
            return;
        }

        var me = await identity.GetAsync(cancellationToken).ConfigureAwait(false);
        var mapped = mapper.Map(update, me.Username ?? string.Empty);
        if (mapped.ChatId is { } chatId)
        {
            outbox.Reopen(chatId);
        }

        if ((update.Message ?? update.CallbackQuery?.Message) is { Chat.Type: Telegram.Bot.Types.Enums.ChatType.Supergroup } inChat && mapped.Inbound is not null)
        {
            topics.Observe(inChat.Chat.Id, inChat.MessageThreadId, inChat.IsTopicMessage || (inChat.Chat.IsForum && inChat.MessageThreadId is not null));
        }

        if (mapped.Migration is { } migration && executor.Resolve(migration.From) != migration.To)
        {
            executor.RecordMigration(migration.From, migration.To);
            Log.ChatMigrated(logger, migration.From, migration.To);
            await handler.MigrateChatAsync(
                Platform.Telegram,
                migration.From.ToString(CultureInfo.InvariantCulture),
                migration.To.ToString(CultureInfo.InvariantCulture),
                cancellationToken).ConfigureAwait(false);
        }

        var inbound = mapped.Inbound;
        if (inbound is null)
        {
            if (mapped.CallbackQueryId is { } stale)
            {
                await AnswerCallbackAsync(update.Id, stale, null, cancellationToken).ConfigureAwait(false);
            }

            Log.UpdateIgnored(logger, update.Id);
            return;
        }

        if (inbound.Chat == ChatKind.Group && inbound is CommandReceived or ChoiceSelected && !inbound.SenderIsAdmin
            && long.TryParse(inbound.Key.ChatId, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var groupId)
            && long.TryParse(inbound.SenderId, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var userId))
        {
            inbound = inbound with { SenderIsAdmin = await admins.IsAdminAsync(groupId, userId, cancellationToken).ConfigureAwait(false) };
        }

        if (mapped.CallbackQueryId is not { } queryId)
        {
            await handler.HandleAsync(inbound, replyVia: null, cancellationToken).ConfigureAwait(false);
            return;
        }

        // A button press: its answer (which stops the spinner) carries the turn's notice, if the core has one for the
        // person who pressed. It is sent once the turn is durable and its replies are handed over, and exactly once.
        var turnSender = new CallbackTurnSender(senders.First(s => s.Platform == Platform.Telegram));
        try
        {
            var receipt = await handler.HandleAsync(inbound, turnSender, cancellationToken).ConfigureAwait(false);
            await receipt.Delivered.WaitAsync(CallbackAnswerWait, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // replies are slow to be handed over: answer without a notice rather than leave the spinner turning
        }
        finally
        {
            // once per press: the spinner stops even when the turn failed and will be handled again
            if (_answered.Add(update.Id))
            {
                await AnswerCallbackAsync(update.Id, queryId, turnSender.Notice, CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Forgets an update id so a retry of the same update (after a failure) is processed again.</summary>
    public void Forget(int updateId) => _recent.Remove(updateId);

    /// <summary>
    /// After an update was given up: in a private chat, tell the person it was not taken in, so they don't wait for an
    /// answer that never comes (groups are left alone). Never throws.
    /// </summary>
    public async Task TellGivenUpAsync(Update update, CancellationToken cancellationToken)
    {
        try
        {
            var me = await identity.GetAsync(cancellationToken).ConfigureAwait(false);
            if (mapper.Map(update, me.Username ?? string.Empty).Inbound is { Chat: ChatKind.Private } inbound)
            {
                await senders.First(s => s.Platform == Platform.Telegram)
                    .SendAsync(inbound.Key, ChatKind.Private, [new TextReply("error", BreatheBot.Core.Content.Wording.NotTakenIn)], cancellationToken)
                    .ConfigureAwait(false);
            }
        }
#pragma warning disable CA1031 // a courtesy message: its failure is logged, never thrown
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.GivenUpNoticeFailed(logger, update.Id, ex.GetType().Name);
        }
    }

    private async Task AnswerCallbackAsync(int updateId, string queryId, string? notice, CancellationToken cancellationToken)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(CallbackAnswerWait);
            await client.AnswerCallbackQuery(
                callbackQueryId: queryId,
                text: notice is null ? null : TelegramText.Truncate(notice, 200),
                cancellationToken: timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Log.CallbackAnswerFailed(logger, updateId, "timeout");
        }
        catch (ApiRequestException ex)
        {
            // "query is too old" after downtime, or already answered: benign, the press is still handled
            Log.CallbackAnswerFailed(logger, updateId, ex.ErrorCode.ToString(CultureInfo.InvariantCulture));
        }
        catch (RequestException ex)
        {
            Log.CallbackAnswerFailed(logger, updateId, ex.GetType().Name);
        }
    }

    /// <summary>
    /// The sender for one button-press turn: keeps a <see cref="NoticeReply"/> for the callback answer (only the person who
    /// pressed sees it) and hands every other reply to the adapter's sender.
    /// </summary>
    private sealed class CallbackTurnSender(IReplySender inner) : IReplySender
    {
        public Platform Platform => inner.Platform;

        public string? Notice { get; private set; }

        public Task SendAsync(ConversationKey key, ChatKind chat, IReadOnlyList<Reply> replies, CancellationToken cancellationToken)
        {
            var rest = new List<Reply>(replies.Count);
            foreach (var reply in replies)
            {
                if (reply is NoticeReply notice)
                {
                    Notice = Notice is null ? notice.Text : Notice + "\n" + notice.Text;
                }
                else
                {
                    rest.Add(reply);
                }
            }

            return rest.Count == 0 ? Task.CompletedTask : inner.SendAsync(key, chat, rest, cancellationToken);
        }

        /// <summary>The outbox's path: a notice is taken (confirmed: the callback answer carries it), the rest goes on.</summary>
        public Task SendAsync(ConversationKey key, ChatKind chat, IReadOnlyList<OutgoingReply> replies, CancellationToken cancellationToken)
        {
            var rest = new List<OutgoingReply>(replies.Count);
            foreach (var reply in replies)
            {
                if (reply.Reply is NoticeReply notice)
                {
                    Notice = Notice is null ? notice.Text : Notice + "\n" + notice.Text;
                    reply.Confirm();
                }
                else
                {
                    rest.Add(reply);
                }
            }

            return rest.Count == 0 ? Task.CompletedTask : inner.SendAsync(key, chat, rest, cancellationToken);
        }
    }

    /// <summary>A bounded set of recently seen update ids. Membership, never "id &lt;= last": ids turn random after a quiet week.</summary>
    private sealed class RecentIds(int capacity)
    {
        private readonly object _gate = new();
        private readonly HashSet<int> _set = [];
        private readonly Queue<int> _order = new();

        public bool Add(int id)
        {
            lock (_gate)
            {
                if (!_set.Add(id))
                {
                    return false;
                }

                _order.Enqueue(id);
                while (_order.Count > capacity)
                {
                    _set.Remove(_order.Dequeue());
                }

                return true;
            }
        }

        public void Remove(int id)
        {
            lock (_gate)
            {
                _set.Remove(id);
            }
        }
    }
}
