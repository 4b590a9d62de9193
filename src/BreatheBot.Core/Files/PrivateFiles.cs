namespace BreatheBot.Core.Files;

/// <summary>
/// Files and folders that hold a person's data: on Unix every file BreatheBot creates is readable by its own user only
/// (0600) and every folder it creates is 0700, whatever the process umask. On Windows the defaults apply.
/// </summary>
public static class PrivateFiles
{
    public const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public const UnixFileMode OwnerOnlyDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>Creates the folder (and missing parents) 0700; an existing folder is left as its owner set it.</summary>
    public static void CreateDirectory(string path)
    {
        var full = Path.GetFullPath(path);
        if (Directory.Exists(full))
        {
            return;
        }

        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(full);
            return;
        }

        var parent = Path.GetDirectoryName(full);
        if (!string.IsNullOrEmpty(parent))
        {
            CreateDirectory(parent);
        }

        Directory.CreateDirectory(full, OwnerOnlyDirectory);
    }

    /// <summary>Creates the folder that will hold <paramref name="filePath"/>, 0700.</summary>
    public static void CreateParentDirectory(string filePath)
    {
        var parent = Path.GetDirectoryName(Path.GetFullPath(filePath));
        if (!string.IsNullOrEmpty(parent))
        {
            CreateDirectory(parent);
        }
    }

    /// <summary>Options for a new file that only its owner may read (0600 on Unix).</summary>
    public static FileStreamOptions CreateNew(FileMode mode = FileMode.Create) => Options(mode, FileAccess.Write, FileShare.None);

    /// <summary>File options that create a missing file as 0600 on Unix (an existing file keeps its mode).</summary>
    public static FileStreamOptions Options(FileMode mode, FileAccess access, FileShare share)
    {
        var options = new FileStreamOptions { Mode = mode, Access = access, Share = share };
        if (!OperatingSystem.IsWindows() && access.HasFlag(FileAccess.Write))
        {
            options.UnixCreateMode = OwnerOnlyFile;
        }

        return options;
    }

    /// <summary>Writes a whole file, created 0600 (an existing file is also set to 0600).</summary>
    public static async Task WriteAllBytesAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        CreateParentDirectory(path);
        var stream = new FileStream(path, CreateNew());
        await using (stream.ConfigureAwait(false))
        {
            await stream.WriteAsync(content, cancellationToken).ConfigureAwait(false);
        }

        Restrict(path);
    }

    /// <summary>Sets an existing file to 0600 (a file made by an older version, or by a library that ignores our mode).</summary>
    public static void Restrict(string path)
    {
        if (!OperatingSystem.IsWindows() && File.Exists(path))
        {
            File.SetUnixFileMode(path, OwnerOnlyFile);
        }
    }
}
