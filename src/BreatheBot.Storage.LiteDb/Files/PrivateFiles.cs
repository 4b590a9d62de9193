namespace BreatheBot.Storage.LiteDb.Files;

/// <summary>
/// The diary is health data: on Unix every file BreatheBot creates for it is 0600 (owner read/write) and a folder it
/// creates for it is 0700, whatever the umask. Existing files and folders keep their modes (the operator chose them).
/// LiteDB creates its files with the process umask, so BreatheBot creates them first, empty, and LiteDB opens them.
/// </summary>
internal static class PrivateFiles
{
    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>Creates the folder of <paramref name="path"/> (0700 on Unix) if missing, with a clear error if it cannot.</summary>
    public static void EnsureFolder(string path)
    {
        var directory = Path.GetDirectoryName(path);
        if (string.IsNullOrEmpty(directory) || Directory.Exists(directory))
        {
            return;
        }

        try
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(directory);
            }
            else
            {
                // each missing folder on the way, not only the last one (CreateDirectory's mode covers only the last)
                var missing = new Stack<string>();
                for (var folder = directory; !string.IsNullOrEmpty(folder) && !Directory.Exists(folder); folder = Path.GetDirectoryName(folder))
                {
                    missing.Push(folder);
                }

                while (missing.TryPop(out var folder))
                {
                    Directory.CreateDirectory(folder, DirectoryMode);
                }
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new DiaryDatabaseException(
                $"The folder '{directory}' for Storage:Path could not be created: {exception.Message} " +
                "Create it (writable by the user running BreatheBot) or point Storage:Path somewhere writable.",
                exception);
        }
    }

    /// <summary>File options that create a missing file as 0600 on Unix.</summary>
    public static FileStreamOptions Options(System.IO.FileMode mode, FileAccess access, FileShare share)
    {
        var options = new FileStreamOptions { Mode = mode, Access = access, Share = share };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = FileMode;
        }

        return options;
    }

    /// <summary>Creates <paramref name="path"/> empty (0600 on Unix) if no file is there; never opens an existing one.</summary>
    public static void CreateEmptyIfMissing(string path)
    {
        try
        {
            using var created = new FileStream(path, Options(System.IO.FileMode.CreateNew, FileAccess.Write, FileShare.ReadWrite));
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
