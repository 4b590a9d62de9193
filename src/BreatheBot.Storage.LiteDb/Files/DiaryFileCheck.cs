using System.Buffers.Binary;
using System.Globalization;
using LiteDB;
using LiteDB.Engine;

namespace BreatheBot.Storage.LiteDb.Files;

/// <summary>
/// Decides, before LiteDB opens a diary for writing, whether it is new (no file, or an empty one) or a healthy diary,
/// and refuses anything else with one line saying what is wrong, leaving the diary and its "-log" file byte for byte
/// as they were (LiteDB itself may write a header byte, truncate or grow a file it fails to open).
/// Two passes: the page structure is read directly (sizes, page ids and types, the log's page numbers); then LiteDB
/// opens the files read-only through an <see cref="OverlayStream"/>, replays the log, runs BreatheBot's own open
/// steps, reads every document and checkpoints, all of its writes kept in memory.
/// </summary>
internal static class DiaryFileCheck
{
    public const int PageSize = 8192;

    private const int PageIdOffset = 0;
    private const int PageTypeOffset = 4;
    private const byte HeaderPageType = 1;
    private const byte HighestPageType = 4; // Empty 0, Header 1, Collection 2, Index 3, Data 4
    private const int LastPageIdOffset = 64;
    private const int InvalidStateOffset = 191;
    private const int HeaderTextOffset = 32;
    private const byte FileVersion = 8;
    private const byte EncryptedMarker = 1;

    /// <summary>The text LiteDB v5 writes at offset 32 of an unencrypted file's first page.</summary>
    private static ReadOnlySpan<byte> HeaderText => "** This is a LiteDB file **"u8;

    /// <summary>LiteDB's name for the log of <paramref name="path"/>: "diary.db" → "diary-log.db".</summary>
    public static string LogPathFor(string path) => Path.Combine(
        Path.GetDirectoryName(path) ?? string.Empty,
        Path.GetFileNameWithoutExtension(path) + "-log" + Path.GetExtension(path));

    /// <summary>True when there is no diary yet (a new one may be created); throws when the file must be refused.</summary>
    public static bool Check(string path, string? password, Collation collation, Action<LiteDatabase> prepare)
    {
        var log = LogPathFor(path);
        var dataLength = LengthOf(path);
        var logLength = LengthOf(log);
        if (dataLength == 0)
        {
            if (logLength > 0)
            {
                throw Refused(path, $"is missing or empty, but its '-log' file {log} is not ({logLength:N0} bytes)");
            }

            return true;
        }

        var encrypted = password is not null;
        try
        {
            CheckData(path, dataLength, logLength, encrypted);
            if (!encrypted)
            {
                CheckLog(log, logLength, dataLength / PageSize);
            }
        }
        catch (IOException exception)
        {
            throw new DiaryDatabaseException($"The diary '{path}' could not be read: {exception.Message}", exception);
        }

        TryOpen(path, log, dataLength, logLength, password, collation, prepare);
        return false;
    }

    private static long LengthOf(string path)
    {
        var file = new FileInfo(path);
        return file.Exists ? file.Length : 0;
    }

    private static void CheckData(string path, long length, long logLength, bool encrypted)
    {
        if (length < PageSize)
        {
            throw Refused(path, $"is cut short: {length:N0} bytes, where a diary is at least {PageSize:N0}");
        }

        if (length % PageSize != 0)
        {
            throw Refused(path, $"is cut short or was added to: {length:N0} bytes is not a whole number of {PageSize:N0}-byte pages");
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.SequentialScan);
        var page = new byte[PageSize];
        stream.ReadExactly(page);
        CheckFirstPage(path, page, encrypted);
        if (encrypted)
        {
            return; // the pages are ciphertext: LiteDB checks the password and the pages in the trial open
        }

        var pages = length / PageSize;
        if (BinaryPrimitives.ReadUInt32LittleEndian(page.AsSpan(LastPageIdOffset)) >= pages && logLength == 0)
        {
            throw Refused(path, $"is cut short: its header counts more pages than the {pages:N0} in the file");
        }

        for (var id = 1L; id < pages; id++)
        {
            stream.ReadExactly(page);
            if (page.AsSpan().IndexOfAnyExcept((byte)0) < 0)
            {
                continue; // never written (a checkpoint cut short by a kill); LiteDB rewrites it from the log
            }

            if (BinaryPrimitives.ReadUInt32LittleEndian(page.AsSpan(PageIdOffset)) != id || page[PageTypeOffset] is HeaderPageType or > HighestPageType)
            {
                throw Refused(path, $"is damaged: page {id.ToString("N0", CultureInfo.InvariantCulture)} (at byte {(id * PageSize).ToString("N0", CultureInfo.InvariantCulture)}) is not a valid page");
            }
        }
    }

    private static void CheckFirstPage(string path, ReadOnlySpan<byte> page, bool encrypted)
    {
        if (page[0] == EncryptedMarker)
        {
            if (!encrypted)
            {
                throw new DiaryDatabaseException(
                    $"The diary database '{path}' is encrypted. Set Storage:Password to its password " +
                    "(e.g. the environment variable BreatheBot__Storage__Password), or point Storage:Path at another file.");
            }

            return;
        }

        if (encrypted)
        {
            throw new DiaryDatabaseException(
                $"Storage:Password is set but the diary database '{path}' is not encrypted. LiteDB cannot encrypt an existing file in place: " +
                "remove Storage:Password, or point Storage:Path at a new file.");
        }

        var valid = page.Slice(HeaderTextOffset, HeaderText.Length).SequenceEqual(HeaderText)
            && page[HeaderTextOffset + HeaderText.Length] == FileVersion
            && BinaryPrimitives.ReadUInt32LittleEndian(page[PageIdOffset..]) == 0
            && page[PageTypeOffset] == HeaderPageType;
        if (!valid)
        {
            throw Refused(path, "is not a BreatheBot (LiteDB 5) database, or its first page is damaged");
        }

        if (page[InvalidStateOffset] != 0)
        {
            throw Refused(path, "is marked as damaged in its header (LiteDB sets this mark when it finds a damaged page)");
        }
    }

    /// <summary>
    /// Every page LiteDB would copy from the log into the diary goes at its page number: a log page that names a page
    /// beyond what the diary and the log together can hold is damage (replayed, it grows the diary to terabytes).
    /// </summary>
    private static void CheckLog(string log, long length, long dataPages)
    {
        if (length == 0)
        {
            return;
        }

        if (length % PageSize != 0)
        {
            throw Refused(log, $"(the diary's '-log' file) is cut short: {length:N0} bytes is not a whole number of {PageSize:N0}-byte pages", log: true);
        }

        var highest = dataPages + (length / PageSize);
        using var stream = new FileStream(log, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.SequentialScan);
        var page = new byte[PageSize];
        for (var index = 0L; index < length / PageSize; index++)
        {
            stream.ReadExactly(page);
            if (page.AsSpan().IndexOfAnyExcept((byte)0) < 0)
            {
                continue;
            }

            var id = BinaryPrimitives.ReadUInt32LittleEndian(page.AsSpan(PageIdOffset));
            var type = page[PageTypeOffset];
            if (id >= highest || type > HighestPageType || (type == HeaderPageType) != (id == 0))
            {
                throw Refused(log, $"(the diary's '-log' file) is damaged: its page {index.ToString("N0", CultureInfo.InvariantCulture)} is not a valid page", log: true);
            }
        }
    }

    private static void TryOpen(string path, string log, long dataLength, long logLength, string? password, Collation collation, Action<LiteDatabase> prepare)
    {
        // Room for the trial's own work (the open steps may build a missing index), never for terabytes.
        var room = dataLength + logLength + (64L * 1024 * 1024);
        using var data = new OverlayStream(path, dataLength + room);
        using var logStream = new OverlayStream(log, logLength + room);
        using var temp = new MemoryStream();
        LiteDatabase? database = null;
        try
        {
            var engine = new LiteEngine(new EngineSettings
            {
                DataStream = data,
                LogStream = logStream,
                TempStream = temp,
                Password = password,
                Collation = collation,
            });
            database = new LiteDatabase(engine, new BsonMapper(), disposeOnClose: true);
            database.UtcDate = true;
            prepare(database);
            ReadEverything(database);
            database.Checkpoint();
            database.Dispose();
            database = null;
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            throw Explain(path, password, exception, data, logStream);
        }
        finally
        {
            try
            {
                database?.Dispose();
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                // the trial failed already; its error is the one reported
                _ = exception;
            }
        }
    }

    /// <summary>
    /// Reads every document of every collection through its _id index: each data page is decoded once. (Walking every
    /// other index as well read each document again and tripled the time; index pages are checked by the page pass.)
    /// </summary>
    private static void ReadEverything(LiteDatabase database)
    {
        foreach (var name in database.GetCollectionNames().ToList())
        {
            foreach (var document in database.GetCollection(name).FindAll())
            {
                _ = document;
            }
        }
    }

    private static DiaryDatabaseException Explain(string path, string? password, Exception exception, OverlayStream data, OverlayStream log)
    {
        if (password is not null && exception.Message.Contains("password", StringComparison.OrdinalIgnoreCase))
        {
            return new DiaryDatabaseException(
                $"The diary database '{path}' could not be opened: {exception.Message} Check Storage:Password; BreatheBot has not changed the file.",
                exception);
        }

        var grows = data.HighestLengthAsked > data.MaxLength || log.HighestLengthAsked > log.MaxLength;
        var what = grows
            ? $"is damaged: replaying its '-log' file would grow it to {Math.Max(data.HighestLengthAsked, log.HighestLengthAsked):N0} bytes"
            : $"is damaged: LiteDB could not read it ({Flatten(exception.Message)})";
        return Refused(path, what, exception);
    }

    private static string Flatten(string message) => message.ReplaceLineEndings(" ").Trim().TrimEnd('.');

    private static DiaryDatabaseException Refused(string path, string what, Exception? inner = null, bool log = false)
    {
        var subject = log ? $"The file '{path}'" : $"The diary '{path}'";
        var message = $"{subject} {what}. BreatheBot will not start over it and has not changed it: restore the diary and its '-log' file " +
            "from your copy, or move them aside to start a new diary, or point Storage:Path at another file.";
        return inner is null ? new DiaryDatabaseException(message) : new DiaryDatabaseException(message, inner);
    }
}
