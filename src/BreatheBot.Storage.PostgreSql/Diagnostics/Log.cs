using Microsoft.Extensions.Logging;

namespace BreatheBot.Storage.PostgreSql.Diagnostics;

/// <summary>PostgreSQL storage log messages (EventIds 4500–4599). Never the connection string, never document contents.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 4500, Level = LogLevel.Information, Message = "Opened the PostgreSQL diary on {Host}:{Port}, database {Database}; schema version {Version} (migrations applied now: {Applied})")]
    public static partial void Opened(ILogger logger, string host, int port, string database, int version, string applied);

    [LoggerMessage(EventId = 4501, Level = LogLevel.Error, Message = "Stored state of {Conversation} could not be read; it starts over from idle")]
    public static partial void UnreadableState(ILogger logger, Exception exception, string conversation);

    [LoggerMessage(EventId = 4502, Level = LogLevel.Warning, Message = "Outbox row {Id} could not be read; it was skipped and removed")]
    public static partial void UnreadableOutboxRow(ILogger logger, string id);

    [LoggerMessage(EventId = 4510, Level = LogLevel.Information, Message = "This node now holds the cluster lease {Lease}")]
    public static partial void LeaseTaken(ILogger logger, string lease);

    [LoggerMessage(EventId = 4511, Level = LogLevel.Warning, Message = "The cluster lease {Lease} was lost (its connection failed); the work it guards stops here and another node may take it")]
    public static partial void LeaseLost(ILogger logger, Exception exception, string lease);

    [LoggerMessage(EventId = 4560, Level = LogLevel.Debug, Message = "Shared document {Name} updated ({Length} characters)")]
    public static partial void SharedDocumentUpdated(ILogger logger, string name, int length);
}
