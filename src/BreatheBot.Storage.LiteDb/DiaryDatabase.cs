using System.Globalization;
using BreatheBot.Storage.LiteDb.Diagnostics;
using BreatheBot.Storage.LiteDb.Files;
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
    public const string Identities = "identities";
    public const string LinkCodes = "linkCodes";

    /// <summary>Daily check-in answers (one document per person and local day, id "user|yyyy-MM-dd").</summary>
    public const string Days = "days";

    /// <summary>
    /// Replies committed with their turn and not yet confirmed by the platform (issue 15). No secondary index: it is read
    /// whole once at start and otherwise only deleted from by id. Created at open when missing (older diaries).
    /// </summary>
    public const string Outbox = "outbox";

    /// <summary>
    /// The index behind a person's history: its key sorts one person's episodes together, oldest to newest, ties by id.
    /// "user|2026-03-10T09:00:00.1230000Z|id": STRING() of a date is its round-trip ("o") UTC text, which is fixed-width
    /// and culture-independent, so the text order is the time order. Read newest first with a range on "user|" and a
    /// limit, LiteDB loads only the episodes it returns (<see cref="LiteDbEpisodeStore.ListByUserAsync"/>).
    /// Created at open when missing, so files written before it existed get it too.
    /// </summary>
    public const string HistoryIndex = "history";

    /// <summary>The expression of <see cref="HistoryIndex"/>; a query must use this exact text to be served by it.</summary>
    public const string HistoryKey = "$.user + '|' + STRING($.startedAt) + '|' + $._id";

    /// <summary>Separates the user from the rest of a <see cref="HistoryKey"/>; no person key contains it.</summary>
    public const char HistoryKeySeparator = '|';

    private readonly ILogger<DiaryDatabase> _logger;
    private readonly CancellationTokenSource _engineStopped = new();

    /// <summary>
    /// Reads share it; a commit (and a checkpoint) holds it alone. LiteDB 5.0.21 is meant to let readers run during a
    /// write, but under load a read that overlapped a commit failed with "page type must be collection page" (B7, on
    /// a busy box), after which the engine stopped itself and every later turn failed. Reads are short (a document or
    /// a page of the index), so excluding them from commits costs little.
    /// </summary>
    private readonly ReaderWriterLockSlim _access = new(LockRecursionPolicy.NoRecursion);
    private readonly DiaryLock _lock;
    private Exception? _stopCause;
    private bool _disposed;

    public DiaryDatabase(IOptions<LiteDbOptions> options, ILogger<DiaryDatabase> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _logger = logger;
        var settings = options.Value;
        FilePath = System.IO.Path.GetFullPath(settings.Path);
        DiaryFiles.EnsureFolder(FilePath);
        _lock = DiaryLock.Acquire(FilePath);
        try
        {
            Database = Open(FilePath, settings);
        }
        catch
        {
            _lock.Dispose();
            throw;
        }

        Writer = new SingleWriter(Database, settings.MaxWriteBatch, logger, OnEngineStopped, _access);
        Log.Opened(_logger, FilePath);
    }

    /// <summary>
    /// Cancelled once LiteDB's engine has stopped itself after an error (it then refuses every read and write until the
    /// file is opened again by a new process). The host stops on it, so nothing is confirmed that was not saved.
    /// </summary>
    public CancellationToken EngineStopped => _engineStopped.Token;

    /// <summary>The error that stopped the engine, or null while it runs.</summary>
    public Exception? StopCause => Volatile.Read(ref _stopCause);

    /// <summary>
    /// Runs a read on <see cref="Database"/>, never while a commit runs (materialise the result inside); a failure that
    /// means the engine stopped is reported (and rethrown). Every read of the diary goes through here.
    /// </summary>
    public T Read<T>(Func<LiteDatabase, T> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        _access.EnterReadLock();
        try
        {
            return read(Database);
        }
        catch (Exception exception) when (SingleWriter.IsEngineStopped(exception))
        {
            OnEngineStopped(exception);
            throw;
        }
        finally
        {
            _access.ExitReadLock();
        }
    }

    public string FilePath { get; }

    /// <summary>
    /// The LiteDB instance. While the bot runs, read only through <see cref="Read{T}"/> and write only through
    /// <see cref="Writer"/>; direct use is for tests and tools that have the file to themselves.
    /// </summary>
    public LiteDatabase Database { get; }

    public SingleWriter Writer { get; }

    private static LiteDatabase Open(string path, LiteDbOptions settings)
    {
        var password = string.IsNullOrEmpty(settings.Password) ? null : settings.Password;
        // Pinned so ids compare the same on every machine, whatever its culture.
        var collation = new Collation(CultureInfo.InvariantCulture.LCID, CompareOptions.Ordinal);

        // LiteDB may write to, truncate or grow a file it fails to open: only a new or healthy diary reaches it.
        DiaryFileCheck.Check(path, password, collation, Prepare);
        DiaryFiles.CreateEmptyIfMissing(path);
        DiaryFiles.CreateEmptyIfMissing(DiaryFileCheck.LogPathFor(path));

        var connection = new ConnectionString
        {
            Filename = path,
            Connection = ConnectionType.Direct,
            Collation = collation,
            Password = password,
        };

        LiteDatabase? database = null;
        try
        {
            database = new LiteDatabase(connection, new BsonMapper());
            database.UtcDate = true;
            database.Timeout = settings.LockTimeout;
            Prepare(database);
            return database;
        }
        catch (Exception exception) when (exception is LiteException or IOException or InvalidCastException or InvalidOperationException or ArgumentException or IndexOutOfRangeException or NotSupportedException or UnauthorizedAccessException)
        {
            database?.Dispose();
            throw new DiaryDatabaseException(
                $"The diary database '{path}' could not be opened: {exception.Message} " +
                "It may be damaged or not a BreatheBot database. BreatheBot will not start over it: restore the diary " +
                "and its '-log' file from your copy, or move them aside, or point Storage:Path at another file.",
                exception);
        }
    }

    /// <summary>
    /// Touches every collection and index: a damaged file fails here, at start, not mid-conversation. Also run by
    /// <see cref="DiaryFileCheck"/> on a copy in memory first, so it never fails half way on the real file.
    /// </summary>
    private static void Prepare(LiteDatabase database)
    {
        var conversations = database.GetCollection(Conversations);
        conversations.EnsureIndex("wakeAt", "$.wakeAt");
        var episodes = database.GetCollection(Episodes);
        episodes.EnsureIndex("user", "$.user");
        episodes.EnsureIndex("startedAt", "$.startedAt");
        episodes.EnsureIndex(HistoryIndex, HistoryKey);
        database.GetCollection(Identities).EnsureIndex("person", "$.person");
        database.GetCollection(LinkCodes).EnsureIndex("person", "$.person");
        database.GetCollection(Days).EnsureIndex("user", "$.user");
        // Every collection exists before the first turn: LiteDB must never create one while other threads read it.
        CreateIfMissing(database, Users);
        CreateIfMissing(database, Outbox);
        _ = conversations.Count();
        _ = episodes.Count();
    }

    private static void CreateIfMissing(LiteDatabase database, string name)
    {
        if (database.CollectionExists(name))
        {
            return;
        }

        // LiteDB creates a collection with its first document; this one is removed in the same transaction
        database.BeginTrans();
        var collection = database.GetCollection(name);
        collection.Insert(new BsonDocument { ["_id"] = "~created" });
        collection.Delete("~created");
        database.Commit();
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
            if (StopCause is null)
            {
                // like every write: never while a read runs
                _access.EnterWriteLock();
                try
                {
                    Database.Checkpoint();
                }
                finally
                {
                    _access.ExitWriteLock();
                }
            }
        }
        catch (Exception exception) when (SingleWriter.IsEngineStopped(exception))
        {
            OnEngineStopped(exception);
        }
        finally
        {
            try
            {
                Database.Dispose();
            }
            catch (Exception exception) when (SingleWriter.IsEngineStopped(exception))
            {
                // a stopped engine has closed its files already
            }

            if (StopCause is { } cause)
            {
                Log.ClosedAfterStop(_logger, cause);
            }
            else
            {
                Log.Closed(_logger);
            }

            _engineStopped.Dispose();
            _access.Dispose();
            _lock.Dispose();
        }
    }

    private void OnEngineStopped(Exception exception)
    {
        if (Interlocked.CompareExchange(ref _stopCause, exception, null) is not null)
        {
            return;
        }

        Log.EngineStopped(_logger, exception);
        // never run the host's reaction on the writer thread
        ThreadPool.UnsafeQueueUserWorkItem(static source => TryCancel(source), _engineStopped, preferLocal: false);
    }

    private static void TryCancel(CancellationTokenSource source)
    {
        try
        {
            source.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // closed meanwhile
        }
    }
}
