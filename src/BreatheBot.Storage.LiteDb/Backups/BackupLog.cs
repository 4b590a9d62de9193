using Microsoft.Extensions.Logging;

namespace BreatheBot.Storage.LiteDb.Backups;

internal static partial class BackupLog
{
    [LoggerMessage(EventId = 4101, Level = LogLevel.Information, Message = "Backed up the diary to {Path} ({Bytes} bytes, {Documents} conversations and episodes) in {Milliseconds:F0} ms; {Removed} older backups removed")]
    public static partial void Taken(ILogger logger, string path, long bytes, long documents, double milliseconds, int removed);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Error, Message = "A backup of the diary failed; the bot goes on and tries again at the next interval")]
    public static partial void Failed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Information, Message = "Backups every {Interval} into {Directory}, keeping {Keep}; send SIGUSR1 for one now")]
    public static partial void Scheduled(ILogger logger, TimeSpan interval, string directory, int keep);

    [LoggerMessage(EventId = 4104, Level = LogLevel.Information, Message = "A backup was asked for (SIGUSR1)")]
    public static partial void Requested(ILogger logger);
}
