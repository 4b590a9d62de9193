using Microsoft.Extensions.Logging;

namespace BreatheBot.Core.Diagnostics;

/// <summary>Core log messages (EventIds 1000–1999). Never the user's words: keys, steps, outcomes and timings only.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1000, Level = LogLevel.Debug, Message = "Turn {Conversation}: {EventKind} at step {FromStep} → {ToStep}, {ReplyCount} replies, committed in {CommitMs} ms")]
    public static partial void TurnCompleted(ILogger logger, string conversation, string eventKind, string fromStep, string toStep, int replyCount, double commitMs);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Error, Message = "Turn {Conversation} failed at step {Step} handling {EventKind}; the conversation was reset")]
    public static partial void TurnFailed(ILogger logger, Exception exception, string conversation, string step, string eventKind);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Dropped redelivered event for {Conversation}")]
    public static partial void DuplicateDropped(ILogger logger, string conversation);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Error, Message = "Sending replies for {Conversation} failed")]
    public static partial void DeliveryFailed(ILogger logger, Exception exception, string conversation);

    [LoggerMessage(EventId = 1009, Level = LogLevel.Warning, Message = "{Count} replies were not sent because BreatheBot was stopping")]
    public static partial void RepliesDroppedAtStop(ILogger logger, long count);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Warning, Message = "No reply sender is registered for platform {Platform}; {ReplyCount} replies for {Conversation} were dropped")]
    public static partial void NoSender(ILogger logger, string platform, string conversation, int replyCount);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Information, Message = "Resumed {Count} conversations with pending wake-ups ({Overdue} overdue)")]
    public static partial void Resumed(ILogger logger, int count, int overdue);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Error, Message = "A wake-up for {Conversation} could not be processed")]
    public static partial void WakeUpFailed(ILogger logger, Exception exception, string conversation);

    [LoggerMessage(EventId = 1007, Level = LogLevel.Error, Message = "Committing turn {Conversation} failed; the event was not acknowledged")]
    public static partial void CommitFailed(ILogger logger, Exception exception, string conversation);

    [LoggerMessage(EventId = 1008, Level = LogLevel.Information, Message = "Moved conversation {From} to {To}")]
    public static partial void ChatMoved(ILogger logger, string from, string to);

    [LoggerMessage(EventId = 1010, Level = LogLevel.Warning, Message = "{Count} replies were not confirmed by the platform when BreatheBot stopped; they stay in the outbox and go out at the next start")]
    public static partial void RepliesLeftInOutbox(ILogger logger, long count);

    [LoggerMessage(EventId = 1011, Level = LogLevel.Warning, Message = "Outbox entry {EntryId} for {Conversation} cannot be read ({Problem}); it is skipped")]
    public static partial void UnreadableOutboxEntry(ILogger logger, string entryId, string conversation, string problem);

    [LoggerMessage(EventId = 1012, Level = LogLevel.Information, Message = "Resumed the outbox: {Count} unsent replies in {Conversations} conversations")]
    public static partial void OutboxResumed(ILogger logger, int count, int conversations);

    [LoggerMessage(EventId = 1013, Level = LogLevel.Warning, Message = "Marking {Count} outbox entries of {Conversation} as sent failed; they may be sent again at the next start")]
    public static partial void MarkSentFailed(ILogger logger, Exception exception, int count, string conversation);

    [LoggerMessage(EventId = 1014, Level = LogLevel.Information, Message = "Wake-up of {Conversation} was {LateMs:F0} ms overdue; this node fires it (its own node is gone or late)")]
    public static partial void OverdueWakeUpSwept(ILogger logger, string conversation, double lateMs);

    [LoggerMessage(EventId = 1015, Level = LogLevel.Warning, Message = "The cluster sweep failed; the next one tries again")]
    public static partial void ClusterSweepFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1016, Level = LogLevel.Debug, Message = "Wake-up of {Conversation} no longer matches its state (another turn moved it on); ignored")]
    public static partial void StaleWakeUpIgnored(ILogger logger, string conversation);
}
