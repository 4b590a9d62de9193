using System.Globalization;
using BreatheBot.Core.Files;
using LiteDB;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BreatheBot.Storage.LiteDb.Backups;

/// <summary>
/// An online backup: a consistent copy of the diary taken between two commits, while the bot keeps running. It runs
/// alone on the writer thread (every commit queued before it is in the copy, none after it), checkpoints LiteDB's log
/// into the data file and copies that file (0600) under a temporary name; only a copy that opens and reads back is
/// renamed to <c>breathebot-YYYYMMDD-HHMMSS.db</c>. The oldest copies beyond <c>Storage:BackupKeep</c> are deleted.
/// Commits wait only for the checkpoint and the copy (milliseconds for a diary of a few MB); reads wait likewise.
/// </summary>
public sealed class DiaryBackup(DiaryDatabase database, IOptions<LiteDbOptions> options, TimeProvider time, ILogger<DiaryBackup> logger)
{
    public const string FilePrefix = "breathebot-";

    public const string FileExtension = ".db";

    private readonly SemaphoreSlim _oneAtATime = new(1, 1);

    /// <summary>Takes one backup now; returns its path. Throws <see cref="InvalidOperationException"/> when backups are off.</summary>
    public async Task<string> RunAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (string.IsNullOrWhiteSpace(settings.BackupDirectory))
        {
            throw new InvalidOperationException("Storage:BackupDirectory is not set: backups are off.");
        }

        await _oneAtATime.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var started = time.GetTimestamp();
            PrivateFiles.CreateDirectory(settings.BackupDirectory);
            var name = FilePrefix + time.GetUtcNow().UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture) + FileExtension;
            var target = Path.Combine(settings.BackupDirectory, name);
            var partial = target + ".partial";

            // Alone on the writer thread: no commit and no read runs while the log is checkpointed and the file copied.
            await database.Writer.WriteAsync(db => CopyConsistent(db, database.FilePath, partial), cancellationToken, transactional: false).ConfigureAwait(false);

            var documents = Verify(partial, settings.Password);
            File.Move(partial, target, overwrite: true);
            var removed = Prune(settings.BackupDirectory, settings.BackupKeep, target);
            BackupLog.Taken(logger, target, new FileInfo(target).Length, documents, time.GetElapsedTime(started).TotalMilliseconds, removed);
            return target;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            BackupLog.Failed(logger, exception);
            throw;
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    private static void CopyConsistent(LiteDatabase db, string source, string target)
    {
        db.Checkpoint();
        using var from = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var to = new FileStream(target, PrivateFiles.CreateNew());
        from.CopyTo(to);
        to.Flush(flushToDisk: true);
    }

    /// <summary>A backup that cannot be opened is no backup: open the copy read-only and count what it holds.</summary>
    private static long Verify(string path, string? password)
    {
        var connection = new ConnectionString
        {
            Filename = path,
            Connection = ConnectionType.Direct,
            ReadOnly = true,
            Password = string.IsNullOrEmpty(password) ? null : password,
        };
        try
        {
            using var copy = new LiteDatabase(connection);
            return copy.GetCollection(DiaryDatabase.Conversations).LongCount() + copy.GetCollection(DiaryDatabase.Episodes).LongCount();
        }
        catch
        {
            File.Delete(path);
            throw;
        }
    }

    /// <summary>Deletes the oldest backups so that <paramref name="keep"/> remain (names sort by time).</summary>
    private static int Prune(string directory, int keep, string newest)
    {
        var backups = Directory.GetFiles(directory, FilePrefix + "*" + FileExtension)
            .Where(f => !f.EndsWith("-log" + FileExtension, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
        var removed = 0;
        foreach (var old in backups.Take(Math.Max(0, backups.Count - keep)))
        {
            if (old != newest)
            {
                File.Delete(old);
                removed++;
            }
        }

        return removed;
    }
}
