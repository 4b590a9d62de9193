using Microsoft.Extensions.Logging;

namespace BreatheBot.Storage.LiteDb.Diagnostics;

/// <summary>Storage log messages (EventIds 4000–4999). Never document contents.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 4000, Level = LogLevel.Information, Message = "Opened the diary database {Path}")]
    public static partial void Opened(ILogger logger, string path);

    [LoggerMessage(EventId = 4001, Level = LogLevel.Warning, Message = "A write batch of {Count} failed and is retried one by one")]
    public static partial void BatchFailed(ILogger logger, Exception exception, int count);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Error, Message = "Stored state of {Conversation} could not be read; it starts over from idle")]
    public static partial void UnreadableState(ILogger logger, Exception exception, string conversation);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Information, Message = "Closed the diary database after a checkpoint")]
    public static partial void Closed(ILogger logger);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Critical, Message = "The diary database engine stopped itself after an error; no more turns can be saved. BreatheBot must restart (the file is reopened and its log replayed)")]
    public static partial void EngineStopped(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Warning, Message = "Closed the diary database without a checkpoint: its engine had stopped (the next start replays the log)")]
    public static partial void ClosedAfterStop(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 4006, Level = LogLevel.Warning, Message = "Outbox document {Id} is damaged; it was skipped and removed")]
    public static partial void UnreadableOutboxDocument(ILogger logger, string id);
}
