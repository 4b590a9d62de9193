using Microsoft.Extensions.Logging;

namespace BreatheBot.Host.Health;

/// <summary>Health and metrics endpoint log messages (EventIds 6000–6099).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 6000, Level = LogLevel.Information, Message = "Health and metrics endpoints listening on {Address} (/healthz, /readyz, /metrics)")]
    public static partial void Listening(ILogger logger, string address);

    [LoggerMessage(EventId = 6001, Level = LogLevel.Warning, Message = "Health check {Check} is {Status}: {Description}")]
    public static partial void CheckNotHealthy(ILogger logger, string check, string status, string description);
}
