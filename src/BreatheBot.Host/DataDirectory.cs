namespace BreatheBot.Host;

/// <summary>
/// The folder every relative path in the configuration is taken from (<c>Storage:Path</c>, <c>Discord:StateFile</c>,
/// <c>Terminal:FilesDirectory</c>): <c>Data:Directory</c> when set; else the systemd state directory
/// (<c>$STATE_DIRECTORY</c>, set by <c>StateDirectory=</c>); else the user's data folder
/// (<c>$XDG_DATA_HOME/breathebot</c>, usually <c>~/.local/share/breathebot</c>). Never the working directory, so a
/// service started without <c>WorkingDirectory=</c> does not write into <c>/</c>.
/// </summary>
public sealed record DataDirectory(string Path, string Source)
{
    public const string ConfigurationKey = "Data:Directory";

    public const string StateDirectoryVariable = "STATE_DIRECTORY";

    public static DataDirectory Resolve(string? configured, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (configured is not null)
        {
            if (string.IsNullOrWhiteSpace(configured))
            {
                throw new DataDirectoryException($"{ConfigurationKey} is empty: name a folder, or leave it unset to use the default.");
            }

            return new DataDirectory(System.IO.Path.GetFullPath(configured), ConfigurationKey);
        }

        // systemd may list several state directories separated by ':'; ours names one.
        if (environment(StateDirectoryVariable) is { Length: > 0 } state)
        {
            return new DataDirectory(System.IO.Path.GetFullPath(state.Split(':')[0]), StateDirectoryVariable);
        }

        var userData = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData);
        if (string.IsNullOrEmpty(userData))
        {
            throw new DataDirectoryException($"there is no home folder to keep the diary in: set {ConfigurationKey} (e.g. BreatheBot__Data__Directory=/var/lib/breathebot).");
        }

        return new DataDirectory(System.IO.Path.Combine(userData, "breathebot"), "the user's data folder");
    }

    /// <summary>An absolute path stays as it is; a relative one is taken from this folder.</summary>
    public string Resolve(string path) =>
        System.IO.Path.IsPathRooted(path) ? path : System.IO.Path.GetFullPath(System.IO.Path.Combine(Path, path));
}

/// <summary>The data directory cannot be worked out from the configuration and environment.</summary>
public sealed class DataDirectoryException(string message) : Exception(message);
