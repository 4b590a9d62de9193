using BreatheBot.Core.Files;

namespace BreatheBot.Storage.LiteDb.Files;

/// <summary>
/// The diary is health data: on Unix every file BreatheBot creates for it is 0600 (owner read/write) and a folder it
/// creates for it is 0700, whatever the umask. Existing files and folders keep their modes (the operator chose them).
/// LiteDB creates its files with the process umask, so BreatheBot creates them first, empty, and LiteDB opens them.
/// </summary>
internal static class DiaryFiles
{
    /// <summary>Creates the folder of <paramref name="path"/> (0700 on Unix, each missing folder on the way) if missing, with a clear error if it cannot.</summary>
    public static void EnsureFolder(string path)
    {
        try
        {
            PrivateFiles.CreateParentDirectory(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new DiaryDatabaseException(
                $"The folder '{Path.GetDirectoryName(path)}' for Storage:Path could not be created: {exception.Message} " +
                "Create it (writable by the user running BreatheBot) or point Storage:Path somewhere writable.",
                exception);
        }
    }

    /// <summary>Creates <paramref name="path"/> empty (0600 on Unix) if no file is there; never opens an existing one.</summary>
    public static void CreateEmptyIfMissing(string path)
    {
        try
        {
            using var created = new FileStream(path, PrivateFiles.Options(FileMode.CreateNew, FileAccess.Write, FileShare.ReadWrite));
        }
        catch (IOException) when (File.Exists(path))
        {
            // there already: LiteDB opens it as it is
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new DiaryDatabaseException(
                $"The file '{path}' could not be created: {exception.Message} " +
                "Check that its folder is writable by the user running BreatheBot, or point Storage:Path somewhere writable.",
                exception);
        }
    }
}
