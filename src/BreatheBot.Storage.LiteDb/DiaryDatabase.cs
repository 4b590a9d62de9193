using System.Globalization;
using BreatheBot.Storage.LiteDb.Diagnostics;
using LiteDB;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BreatheBot.Storage.LiteDb;

/// <summary>
/// The one <see cref="LiteDatabase"/> of the process (direct connection), with UTC dates, a private mapper, a pinned
/// collation and the indexes our queries use. All writes go through <see cref="Writer"/>.
/// </summary>
public sealed class DiaryDatabase : IDisposable
{
    public const string Conversations = "conversations";
    public const string Episodes = "episodes";
    public const string Users = "users";

    private readonly ILogger<DiaryDatabase> _logger;
    private bool _disposed;

    public DiaryDatabase(IOptions<LiteDbOptions> options, ILogger<DiaryDatabase> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _logger = logger;
        var settings = options.Value;
        FilePath = System.IO.Path.GetFullPath(settings.Path);
        Database = Open(FilePath, settings);
        Writer = new SingleWriter(Database, settings.MaxWriteBatch, logger);
        Log.Opened(_logger, FilePath);
    }

    public string FilePath { get; }

    /// <summary>For reads (snapshot reads are safe from any thread; materialise results at once).</summary>
    public LiteDatabase Database { get; }

    public SingleWriter Writer { get; }

    private static LiteDatabase Open(string path, LiteDbOptions settings)
    {
        var directory = System.IO.Path.GetDirectoryName(path);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        var connection = new ConnectionString
        {
            Filename = path,
            Connection = ConnectionType.Direct,
            // Pinned so ids compare the same on every machine, whatever its culture.
            Collation = new Collation(CultureInfo.InvariantCulture.LCID, CompareOptions.Ordinal),
        };

        LiteDatabase? database = null;
        try
        {
            database = new LiteDatabase(connection, new BsonMapper());
            database.UtcDate = true;
            database.Timeout = settings.LockTimeout;

            // Touch every collection and index now: a damaged file fails here, at start, not mid-conversation.
            var conversations = database.GetCollection(Conversations);
            conversations.EnsureIndex("wakeAt", "$.wakeAt");
            var episodes = database.GetCollection(Episodes);
            episodes.EnsureIndex("user", "$.user");
            episodes.EnsureIndex("startedAt", "$.startedAt");
            database.GetCollection(Users).EnsureIndex("_id", "$._id", unique: true);
            _ = conversations.Count();
            _ = episodes.Count();
            return database;
        }
        catch (Exception exception) when (exception is LiteException or IOException or InvalidCastException or InvalidOperationException or ArgumentException or IndexOutOfRangeException or NotSupportedException or UnauthorizedAccessException)
        {
            database?.Dispose();
            throw new DiaryDatabaseException(
                $"The diary database '{path}' could not be opened: {exception.Message} " +
                "It may be damaged, encrypted with another password, locked by another BreatheBot, or not a BreatheBot database. " +
                "BreatheBot will not start over it. Move the file (and any '-log' file next to it) aside or restore a backup, " +
                "or point Storage:Path at another file.",
                exception);
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        Writer.Dispose();
        try
        {
            Database.Checkpoint();
        }
        finally
        {
            Database.Dispose();
            Log.Closed(_logger);
        }
    }
}
