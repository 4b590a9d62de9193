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

    [LoggerMessage(EventId = 4512, Level = LogLevel.Warning, Message = "This node's lock (node {Node}) was lost with its connection; it is being taken again (meanwhile other nodes may send this node's unsent replies too)")]
    public static partial void NodeLockLost(ILogger logger, Exception exception, int node);

    [LoggerMessage(EventId = 4513, Level = LogLevel.Information, Message = "This node's lock (node {Node}) is held again")]
    public static partial void NodeLockRetaken(ILogger logger, int node);

    [LoggerMessage(EventId = 4514, Level = LogLevel.Information, Message = "Claimed {Count} unsent replies left by nodes that are gone")]
    public static partial void OrphanedOutboxClaimed(ILogger logger, int count);

    [LoggerMessage(EventId = 4560, Level = LogLevel.Debug, Message = "Shared document {Name} updated ({Length} characters)")]
    public static partial void SharedDocumentUpdated(ILogger logger, string name, int length);
}
