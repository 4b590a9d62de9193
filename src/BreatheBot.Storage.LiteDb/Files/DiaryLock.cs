using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using BreatheBot.Core.Files;

namespace BreatheBot.Storage.LiteDb.Files;

/// <summary>
/// Exclusive ownership of a diary for the life of the process: an OS byte-range lock (fcntl on Unix, LockFileEx on
/// Windows) on "&lt;diary&gt;.lock" next to it, which says who holds it ("pid 1234 on host-name"). The OS drops the lock when the
/// process dies, however it dies, so a lock file left by a killed process never blocks a restart. LiteDB's own file
/// sharing lets a second process open the same file (and then both write over each other), hence this lock.
/// </summary>
internal sealed class DiaryLock : IDisposable
{
    /// <summary>The locked byte, past the owner text so reading the owner never touches a locked range.</summary>
    private const long LockedOffset = 1 << 20;

    /// <summary>
    /// POSIX locks belong to the process, so a second lock from the same process would succeed: refuse it here first
    /// (and never open, then close, the lock file of a held diary, which would drop the process's lock on it).
    /// </summary>
    private static readonly ConcurrentDictionary<string, bool> HeldHere = new(StringComparer.Ordinal);

    private readonly FileStream _stream;

    private DiaryLock(string path, FileStream stream)
    {
        Path = path;
        _stream = stream;
    }

    public string Path { get; }

    public static string PathFor(string diaryPath) => diaryPath + ".lock";

    /// <summary>Takes the lock or throws a <see cref="DiaryDatabaseException"/> naming the diary and its owner.</summary>
    public static DiaryLock Acquire(string diaryPath)
    {
        var path = PathFor(diaryPath);
        if (!HeldHere.TryAdd(path, true))
        {
            throw InUse(diaryPath, $"this process ({Owner()})");
        }

        FileStream? stream = null;
        try
        {
            // macOS has no byte-range locks in .NET: there the whole file is locked (flock), and its owner is not shown.
            var share = OperatingSystem.IsMacOS() ? FileShare.None : FileShare.ReadWrite;
            try
            {
                stream = new FileStream(path, PrivateFiles.Options(FileMode.OpenOrCreate, FileAccess.ReadWrite, share));
                if (!OperatingSystem.IsMacOS())
                {
                    stream.Lock(LockedOffset, 1);
                }
            }
            catch (IOException) when (File.Exists(path))
            {
                stream?.Dispose();
                stream = null;
                throw InUse(diaryPath, OperatingSystem.IsMacOS() ? "another process" : ReadOwner(path));
            }

            var owner = Encoding.UTF8.GetBytes(Owner() + "\n");
            stream.SetLength(0);
            stream.Write(owner);
            stream.Flush();
            return new DiaryLock(path, stream);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            stream?.Dispose();
            HeldHere.TryRemove(path, out _);
            throw new DiaryDatabaseException(
                $"BreatheBot could not take the lock file '{path}' for Storage:Path {diaryPath}: {exception.Message} " +
                "Check that the folder is writable by the user running BreatheBot.",
                exception);
        }
        catch (DiaryDatabaseException)
        {
            HeldHere.TryRemove(path, out _);
            throw;
        }
    }

    private static string Owner() =>
        string.Create(CultureInfo.InvariantCulture, $"process {Environment.ProcessId} on {Environment.MachineName}");

    private static string ReadOwner(string path)
    {
        try
        {
            using var reader = new StreamReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
            var line = reader.ReadLine()?.Trim();
            return string.IsNullOrEmpty(line) || line.Length > 200 ? "another process" : line;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return "another process";
        }
    }

    private static DiaryDatabaseException InUse(string diaryPath, string owner) => new(
        $"Storage:Path {diaryPath} is in use by {owner} (another BreatheBot holds its lock file {PathFor(diaryPath)}). " +
        "Two BreatheBots on one diary would lose entries: stop the other one first, or point Storage:Path at another file.");

    public void Dispose()
    {
        // closing the file releases the lock
        _stream.Dispose();
        HeldHere.TryRemove(Path, out _);
    }
}
