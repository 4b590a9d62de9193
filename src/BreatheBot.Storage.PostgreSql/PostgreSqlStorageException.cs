namespace BreatheBot.Storage.PostgreSql;

/// <summary>
/// The PostgreSQL diary cannot be used (unreachable, login refused, a schema from a newer release). The message is one
/// clear sentence for the person running BreatheBot, never the connection string.
/// </summary>
public sealed class PostgreSqlStorageException : Exception
{
    public PostgreSqlStorageException()
    {
    }

    public PostgreSqlStorageException(string message)
        : base(message)
    {
    }

    public PostgreSqlStorageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
