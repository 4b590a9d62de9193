using BreatheBot.Core.Conversations;
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
    ILogger<TelegramUpdateDispatcher> logger)
{
    private readonly RecentIds _recent = new(capacity: 10_000);

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
        if (mapped.CallbackQueryId is { } queryId)
        {
            await AnswerCallbackAsync(update.Id, queryId, cancellationToken).ConfigureAwait(false);
        }

        if (mapped.ChatId is { } chatId)
        {
            outbox.Reopen(chatId);
        }

        if (mapped.Migration is { } migration && executor.Resolve(migration.From) != migration.To)
        {
            executor.RecordMigration(migration.From, migration.To);
            Log.ChatMigrated(logger, migration.From, migration.To);
            await handler.MigrateChatAsync(
                Platform.Telegram,
                migration.From.ToString(System.Globalization.CultureInfo.InvariantCulture),
                migration.To.ToString(System.Globalization.CultureInfo.InvariantCulture),
                cancellationToken).ConfigureAwait(false);
        }

        if (mapped.Inbound is null)
        {
            Log.UpdateIgnored(logger, update.Id);
            return;
        }

        await handler.HandleAsync(mapped.Inbound, replyVia: null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Forgets an update id so a retry of the same update (after a failure) is processed again.</summary>
    public void Forget(int updateId) => _recent.Remove(updateId);

    private async Task AnswerCallbackAsync(int updateId, string queryId, CancellationToken cancellationToken)
    {
        try
        {
            await client.AnswerCallbackQuery(callbackQueryId: queryId, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (ApiRequestException ex)
        {
            // "query is too old" after downtime, or already answered: benign, the press is still handled
            Log.CallbackAnswerFailed(logger, updateId, ex.ErrorCode.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        catch (RequestException ex)
        {
            Log.CallbackAnswerFailed(logger, updateId, ex.GetType().Name);
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
