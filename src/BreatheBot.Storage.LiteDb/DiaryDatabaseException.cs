namespace BreatheBot.Storage.LiteDb;

/// <summary>The database file could not be opened. The message names the file and what to do.</summary>
public sealed class DiaryDatabaseException : Exception
{
    public DiaryDatabaseException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public DiaryDatabaseException(string message)
        : base(message)
    {
    }

    public DiaryDatabaseException()
    {
    }
}
