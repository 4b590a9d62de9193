using Microsoft.Extensions.Logging;

namespace BreatheBot.TerminalAdapter.Diagnostics;

/// <summary>Terminal adapter log messages (EventIds 5000–5999).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 5000, Level = LogLevel.Information, Message = "End of terminal input: stopping")]
    public static partial void EndOfInput(ILogger logger);

    [LoggerMessage(EventId = 5001, Level = LogLevel.Error, Message = "A terminal turn could not be saved")]
    public static partial void TurnNotSaved(ILogger logger, Exception exception);
}
