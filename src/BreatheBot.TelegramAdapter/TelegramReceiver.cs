using System.Globalization;
using BreatheBot.TelegramAdapter.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;

namespace BreatheBot.TelegramAdapter;

/// <summary>Telegram refused the bot token: nothing will work until the configuration is fixed.</summary>
public sealed class TelegramUnauthorizedException(Exception inner)
    : Exception("Telegram rejected the bot token (401 Unauthorized). Set Telegram:BotToken to the token @BotFather gave.", inner);

/// <summary>
/// One long-polling pass at a time, for <see cref="TelegramPollingService"/> to loop over. Asks for updates with the
/// offset of the last fully handled batch (which is what confirms it to Telegram), handles the batch (chats in
/// parallel, each chat in order) until every turn is durable, and only then moves the offset on. A crash between
/// therefore redelivers the batch, and the core drops what it already handled. An update whose handling fails (its
/// turn is not durable) stops its chat's part of the batch and keeps the offset where it was: the batch is asked for
/// again after a backoff, and what was handled is dropped as a repeat. After <see cref="TelegramOptions.MaxUpdateAttempts"/>
/// failures an update is given up and confirmed, so one update can never stop receiving for good. Errors never escape
/// except on shutdown or a rejected token; the returned delay tells the loop how long to back off.
/// </summary>
internal sealed class TelegramReceiver
{
    private readonly ITelegramBotClient _client;
    private readonly TelegramBotSetup _setup;
    private readonly TelegramUpdateDispatcher _dispatcher;
    private readonly TelegramOptions _options;
    private readonly ILogger<TelegramReceiver> _logger;
    private readonly UpdateAttempts _attempts;
    private readonly TelegramReceiveStatus? _status;
    private int? _offset;
    private int _failures;
    private int _batchRetries;
    private bool _initialized;

    public TelegramReceiver(
        ITelegramBotClient client,
        TelegramBotSetup setup,
        TelegramUpdateDispatcher dispatcher,
        IOptions<TelegramOptions> options,
        ILogger<TelegramReceiver> logger,
        TelegramReceiveStatus? status = null)
    {
        _client = client;
        _setup = setup;
        _dispatcher = dispatcher;
        _options = options.Value;
        _logger = logger;
        _attempts = new UpdateAttempts(_options.MaxUpdateAttempts);
        _status = status;
    }

    /// <summary>The offset the next getUpdates will send (null before the first batch).</summary>
    public int? Offset => _offset;

    /// <summary>
    /// This node has just taken the poller lease: ask from the oldest update Telegram has not had confirmed (no offset),
    /// not from an offset this node remembers from an earlier turn as poller (ids may jump, and a stale higher offset
    /// would confirm updates nobody handled). What another node already handled is dropped by the store as a repeat.
    /// </summary>
    public void StartLeading()
    {
        _offset = null;
        _batchRetries = 0;
    }

    /// <summary>getMe, deleteWebhook (keeping pending updates), setMyCommands. Throws on a rejected token.</summary>
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _setup.ConnectAsync(cancellationToken).ConfigureAwait(false);
            await _client.DeleteWebhook(dropPendingUpdates: false, cancellationToken: cancellationToken).ConfigureAwait(false);
            await _setup.RegisterCommandsAsync(cancellationToken).ConfigureAwait(false);
            _initialized = true;
            Log.PollingStarted(_logger);
        }
        catch (ApiRequestException ex) when (ex.ErrorCode == 401)
        {
            Log.Unauthorized(_logger);
            throw new TelegramUnauthorizedException(ex);
        }
    }

    /// <summary>One getUpdates and the handling of what it returned. Returns how long to wait before the next pass.</summary>
    public async Task<TimeSpan> ReceiveOnceAsync(CancellationToken cancellationToken)
    {
        if (!_initialized)
        {
            try
            {
                await InitializeAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not TelegramUnauthorizedException && !(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
            {
                var delay = NextBackoff();
                Log.StartupFailed(_logger, Reason(ex), delay.TotalSeconds, ex);
                return delay;
            }
        }

        Update[] updates;
        try
        {
            updates = await _client.GetUpdates(
                offset: _offset,
                limit: 100,
                timeout: _options.LongPollTimeoutSeconds,
                allowedUpdates: TelegramBotSetup.AllowedUpdates,
                cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (ApiRequestException ex) when (ex.ErrorCode == 401)
        {
            Log.Unauthorized(_logger);
            throw new TelegramUnauthorizedException(ex);
        }
        catch (ApiRequestException ex) when (ex.ErrorCode == 409)
        {
            _failures++;
            if (ex.Message.Contains("webhook", StringComparison.OrdinalIgnoreCase))
            {
                _initialized = false; // someone set a webhook since we started: the next pass deletes it again
            }

            var delay = _options.ConflictBackoff > NextBackoff(count: false) ? _options.ConflictBackoff : NextBackoff(count: false);
            Log.PollingConflict(_logger, delay.TotalSeconds);
            return delay;
        }
        catch (Exception ex)
        {
            var delay = NextBackoff();
            Log.PollingFailed(_logger, Reason(ex), delay.TotalSeconds, ex);
            return delay;
        }

        _failures = 0;
        _status?.Received();
        if (updates.Length == 0)
        {
            return TimeSpan.Zero;
        }

        if (!await HandleBatchAsync(updates, cancellationToken).ConfigureAwait(false))
        {
            // not confirmed: the next getUpdates (same offset) brings the unhandled updates back
            _batchRetries++;
            return Outbound.TelegramOutbox.Backoff(_options.PollingBackoffBase, _options.PollingBackoffMax, _batchRetries);
        }

        _batchRetries = 0;
        _offset = updates[^1].Id + 1; // confirmed to Telegram by the next getUpdates
        return TimeSpan.Zero;
    }

    /// <summary>Handles a batch; false when some update must be handled again before the batch may be confirmed.</summary>
    private async Task<bool> HandleBatchAsync(Update[] updates, CancellationToken cancellationToken)
    {
        // each chat's updates in order; different chats at the same time (the core serializes per conversation anyway).
        // Each chat starts on the thread pool: a turn does synchronous work (LiteDB reads, the engine) before its first
        // await, so starting them inline would run a whole batch's turns one after another on this thread.
        var perChat = updates.GroupBy(ChatOf).Select(group => Task.Run(() => HandleInOrderAsync([.. group], cancellationToken), CancellationToken.None));
        var handled = await Task.WhenAll(perChat).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        return handled.All(done => done);
    }

    /// <summary>One chat's updates in order; stops at the first that must be retried (so the order is kept) and returns false.</summary>
    private async Task<bool> HandleInOrderAsync(Update[] updates, CancellationToken cancellationToken)
    {
        foreach (var update in updates)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                return false;
            }

            try
            {
                await _dispatcher.DispatchAsync(update, cancellationToken).ConfigureAwait(false);
                _attempts.Done(update.Id);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                _dispatcher.Forget(update.Id);
                return false; // shutting down: the batch is not confirmed and comes again after the restart
            }
#pragma warning disable CA1031 // one bad update must never stop receiving (a timeout that is not shutdown included)
            catch (Exception ex)
#pragma warning restore CA1031
            {
                var attempt = _attempts.Failed(update.Id);
                if (_attempts.MayRetry(attempt))
                {
                    Log.UpdateWillBeRetried(_logger, update.Id, attempt, _attempts.MaxAttempts, ex);
                    _dispatcher.Forget(update.Id);
                    return false;
                }

                _attempts.Done(update.Id);
                Log.UpdateFailed(_logger, update.Id, attempt, ex);
                await _dispatcher.TellGivenUpAsync(update, cancellationToken).ConfigureAwait(false);
            }
        }

        return true;
    }

    private static long ChatOf(Update update) =>
        update.Message?.Chat?.Id ?? update.CallbackQuery?.Message?.Chat?.Id ?? update.MyChatMember?.Chat?.Id ?? 0; // null-safe: a chat-less update must not fail the batch

    private TimeSpan NextBackoff(bool count = true)
    {
        if (count)
        {
            _failures++;
        }

        var delay = Outbound.TelegramOutbox.Backoff(_options.PollingBackoffBase, _options.PollingBackoffMax, Math.Max(1, _failures));
        var jitter = 1 + ((Random.Shared.NextDouble() - 0.5) / 5); // ±10 %
        return TimeSpan.FromTicks((long)(delay.Ticks * jitter));
    }

    internal static string Reason(Exception ex) => ex switch
    {
        ApiRequestException api => string.Create(CultureInfo.InvariantCulture, $"HTTP {api.ErrorCode}"),
        RequestException { HttpStatusCode: { } status } => string.Create(CultureInfo.InvariantCulture, $"HTTP {(int)status}"),
        RequestException => "network error or timeout",
        OperationCanceledException => "timeout",
        _ => ex.GetType().Name,
    };
}
