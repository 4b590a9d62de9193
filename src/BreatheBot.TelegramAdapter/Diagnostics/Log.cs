using Microsoft.Extensions.Logging;

namespace BreatheBot.TelegramAdapter.Diagnostics;

/// <summary>
/// Every log line of the Telegram adapter (EventIds 2000-2999). Never logs the bot token, the webhook secret or
/// anything a person wrote: only chat ids, update ids, reply keys, counts and outcomes.
/// </summary>
internal static partial class Log
{
    // 2000-2019: sending
    [LoggerMessage(2001, LogLevel.Debug, "Telegram: not sending reply {ReplyKey} to chat {ChatId}: the chat stopped accepting messages")]
    public static partial void SendSkippedChatClosed(ILogger logger, long chatId, string replyKey);

    [LoggerMessage(2002, LogLevel.Error, "Telegram outbox: dispatch pass failed; retrying in a second")]
    public static partial void OutboxDispatchFailed(ILogger logger, Exception exception);

    [LoggerMessage(2003, LogLevel.Error, "Telegram: sending reply {ReplyKey} to chat {ChatId} failed unexpectedly; dropping it")]
    public static partial void SendFailedUnexpectedly(ILogger logger, long chatId, string replyKey, Exception exception);

    [LoggerMessage(2004, LogLevel.Warning, "Telegram: rate limited (429) sending to chat {ChatId}; waiting {RetryAfterSeconds} s before sending again")]
    public static partial void RateLimited(ILogger logger, long chatId, int retryAfterSeconds);

    [LoggerMessage(2005, LogLevel.Warning, "Telegram: gave up on reply {ReplyKey} to chat {ChatId} after {Attempts} failed attempts")]
    public static partial void SendGivenUp(ILogger logger, long chatId, string replyKey, int attempts);

    [LoggerMessage(2006, LogLevel.Information, "Telegram: chat {ChatId} no longer accepts messages (the user blocked the bot or it left the group); ended sending to it and dropped {Dropped} queued replies")]
    public static partial void ChatClosed(ILogger logger, long chatId, int dropped);

    [LoggerMessage(2007, LogLevel.Warning, "Telegram refused reply {ReplyKey} to chat {ChatId} (400, not retried); dropped it and {Dropped} later replies of this chat")]
    public static partial void SendRejected(ILogger logger, long chatId, string replyKey, int dropped);

    [LoggerMessage(2008, LogLevel.Warning, "Telegram: sending reply {ReplyKey} to chat {ChatId} failed ({Reason}); will retry")]
    public static partial void SendTransientFailure(ILogger logger, long chatId, string replyKey, string reason);

    [LoggerMessage(2009, LogLevel.Information, "Telegram: group {FromChatId} became supergroup {ToChatId}; conversation moved")]
    public static partial void ChatMigrated(ILogger logger, long fromChatId, long toChatId);

    [LoggerMessage(2010, LogLevel.Debug, "Telegram: no message known for slot {Slot} in chat {ChatId}; sending a new one")]
    public static partial void SlotMessageMissing(ILogger logger, long chatId, string slot);

    [LoggerMessage(2013, LogLevel.Warning, "Telegram: the shared slot messages could not be read or written for slot {Slot} in chat {ChatId}; this node's own memory answers")]
    public static partial void SharedSlotsUnreachable(ILogger logger, long chatId, string slot, Exception exception);

    [LoggerMessage(2011, LogLevel.Warning, "Telegram: moving chat {FromChatId} to {ToChatId} failed")]
    public static partial void MigrationFailed(ILogger logger, long fromChatId, long toChatId, Exception exception);

    [LoggerMessage(2012, LogLevel.Debug, "Telegram: Bot API error {ErrorCode} for reply {ReplyKey} to chat {ChatId}: {Description}")]
    public static partial void SendApiError(ILogger logger, long chatId, string replyKey, int errorCode, string description);

    // 2020-2039: receiving
    [LoggerMessage(2020, LogLevel.Information, "Telegram: connected as @{Username} (bot id {BotId})")]
    public static partial void Connected(ILogger logger, string username, long botId);

    [LoggerMessage(2021, LogLevel.Information, "Telegram: receiving by long polling (any webhook deleted, pending updates kept)")]
    public static partial void PollingStarted(ILogger logger);

    [LoggerMessage(2022, LogLevel.Information, "Telegram: command menus registered ({PrivateCount} for private chats, {GroupCount} for group members, {AdminCount} for group admins)")]
    public static partial void CommandsRegistered(ILogger logger, int privateCount, int groupCount, int adminCount);

    [LoggerMessage(2023, LogLevel.Error, "Telegram: getUpdates conflict (409): another instance is polling with this token, or a webhook is set. Run a single instance (or stop the other one); backing off {DelaySeconds} s")]
    public static partial void PollingConflict(ILogger logger, double delaySeconds);

    [LoggerMessage(2024, LogLevel.Warning, "Telegram: getUpdates failed ({Reason}); retrying in {DelaySeconds} s")]
    public static partial void PollingFailed(ILogger logger, string reason, double delaySeconds, Exception exception);

    [LoggerMessage(2025, LogLevel.Error, "Telegram: handling update {UpdateId} failed {Attempts} times; it is confirmed without its turn (lost) and receiving goes on")]
    public static partial void UpdateFailed(ILogger logger, int updateId, int attempts, Exception exception);

    [LoggerMessage(2045, LogLevel.Warning, "Telegram: telling the person that update {UpdateId} was not taken in failed ({Reason})")]
    public static partial void GivenUpNoticeFailed(ILogger logger, int updateId, string reason);

    [LoggerMessage(2026, LogLevel.Warning, "Telegram: handling update {UpdateId} failed (attempt {Attempt} of {MaxAttempts}); it stays unconfirmed and is handled again")]
    public static partial void UpdateWillBeRetried(ILogger logger, int updateId, int attempt, int maxAttempts, Exception exception);

    [LoggerMessage(2090, LogLevel.Warning, "Telegram: the failed attempt at update {UpdateId} could not be counted ({Reason}); the update may be tried again")]
    public static partial void UpdateAttemptsUnreachable(ILogger logger, int updateId, string reason, Exception exception);

    [LoggerMessage(2092, LogLevel.Warning, "Telegram: handling update {UpdateId} failed (attempt not counted); it stays unconfirmed and is handled again")]
    public static partial void UpdateWillBeRetriedUncounted(ILogger logger, int updateId, Exception exception);

    [LoggerMessage(2091, LogLevel.Debug, "Telegram: the count of failed attempts at update {UpdateId} could not be cleared ({Reason}); it expires on its own")]
    public static partial void UpdateAttemptsNotCleared(ILogger logger, int updateId, string reason);

    [LoggerMessage(2027, LogLevel.Debug, "Telegram: update {UpdateId} was seen before; dropped")]
    public static partial void DuplicateUpdate(ILogger logger, int updateId);

    [LoggerMessage(2028, LogLevel.Debug, "Telegram: answering the button press of update {UpdateId} failed ({Reason})")]
    public static partial void CallbackAnswerFailed(ILogger logger, int updateId, string reason);

    [LoggerMessage(2029, LogLevel.Critical, "Telegram rejected the bot token (401 Unauthorized). Set Telegram:BotToken to the token @BotFather gave (it may have been revoked). Stopping.")]
    public static partial void Unauthorized(ILogger logger);

    [LoggerMessage(2030, LogLevel.Error, "Telegram: the receive loop failed; restarting it in {DelaySeconds} s")]
    public static partial void ReceiveLoopFailed(ILogger logger, double delaySeconds, Exception exception);

    [LoggerMessage(2031, LogLevel.Warning, "Telegram: start-up calls failed ({Reason}); retrying in {DelaySeconds} s")]
    public static partial void StartupFailed(ILogger logger, string reason, double delaySeconds, Exception exception);

    [LoggerMessage(2032, LogLevel.Debug, "Telegram: update {UpdateId} means nothing to the bot; confirmed")]
    public static partial void UpdateIgnored(ILogger logger, int updateId);

    [LoggerMessage(2033, LogLevel.Warning, "Telegram: could not check whether a member of chat {ChatId} is an admin (error {ErrorCode}); treating them as a member")]
    public static partial void AdminCheckFailed(ILogger logger, long chatId, int errorCode);

    [LoggerMessage(2034, LogLevel.Debug, "Telegram: a notice for chat {ChatId} has no button press to answer; not posted in the group")]
    public static partial void NoticeDropped(ILogger logger, long chatId);

    // 2040-2059: webhook
    [LoggerMessage(2040, LogLevel.Warning, "Telegram webhook: refused a request from {RemoteAddress}: missing or wrong secret header")]
    public static partial void WebhookRejected(ILogger logger, string remoteAddress);

    [LoggerMessage(2041, LogLevel.Information, "Telegram: webhook set to {WebhookUrl} (max {MaxConnections} connections)")]
    public static partial void WebhookSet(ILogger logger, string webhookUrl, int maxConnections);

    [LoggerMessage(2042, LogLevel.Information, "Telegram webhook: listening on {Address}{Path}")]
    public static partial void WebhookListening(ILogger logger, string address, string path);

    [LoggerMessage(2043, LogLevel.Warning, "Telegram webhook: a request body was not a valid update; refused")]
    public static partial void WebhookBadPayload(ILogger logger, Exception exception);

    [LoggerMessage(2044, LogLevel.Warning, "Telegram: {Count} replies were not sent because BreatheBot was stopping (the outbox did not empty in time; {SentCount} sent since the start)")]
    public static partial void OutboxNotDrained(ILogger logger, int count, long sentCount);

    // 2070-2079: several nodes (cluster leases)
    [LoggerMessage(2070, LogLevel.Information, "Telegram: this node holds lease {Lease}")]
    public static partial void LeaseTaken(ILogger logger, string lease);

    [LoggerMessage(2071, LogLevel.Information, "Telegram: another node holds lease {Lease}; this node stands by and tries again every {IntervalSeconds} s")]
    public static partial void LeaseHeldElsewhere(ILogger logger, string lease, double intervalSeconds);

    [LoggerMessage(2072, LogLevel.Warning, "Telegram: lease {Lease} was lost (its database connection failed); this node stopped the work it guards at once (polling: nothing more is confirmed, the next holder gets the unconfirmed updates again) and stands by")]
    public static partial void LeaseLost(ILogger logger, string lease);

    [LoggerMessage(2073, LogLevel.Warning, "Telegram: trying to take lease {Lease} failed ({Reason}); trying again in {IntervalSeconds} s")]
    public static partial void LeaseFailed(ILogger logger, string lease, string reason, double intervalSeconds, Exception exception);

    [LoggerMessage(2074, LogLevel.Information, "Telegram: gave up lease {Lease}")]
    public static partial void LeaseReleased(ILogger logger, string lease);

    // 2060-2069: flood control
    [LoggerMessage(2060, LogLevel.Debug, "Telegram: chat {ChatId} writes faster than replies go out: {Count} unsent replies of {Turns} older turns left out for the newest answer")]
    public static partial void FloodCoalesced(ILogger logger, long chatId, int count, int turns);

    [LoggerMessage(2061, LogLevel.Debug, "Telegram: group {ChatId}: reply {ReplyKey} merged into the identical post still waiting")]
    public static partial void GroupPostMerged(ILogger logger, long chatId, string replyKey);

    // 2080-2089: limits shared by several nodes
    [LoggerMessage(2080, LogLevel.Debug, "Telegram: chat {ChatId} waits {WaitMs} ms for the limit all nodes share on {Scope}")]
    public static partial void SharedLimitWait(ILogger logger, long chatId, string scope, long waitMs);
}
