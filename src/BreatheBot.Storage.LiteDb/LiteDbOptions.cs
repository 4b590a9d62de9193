using System.ComponentModel.DataAnnotations;
using BreatheBot.Core.Configuration;

namespace BreatheBot.Storage.LiteDb;

/// <summary>Where and how the diary is stored. Bound from the "Storage" section.</summary>
public sealed class LiteDbOptions
{
    public const string SectionName = "Storage";

    /// <summary>The LiteDB file. A relative path is taken from the data directory (<c>Data:Directory</c>, see the README). Default: breathebot.db.</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "Storage:Path must name the database file, e.g. breathebot.db.")]
    public string Path { get; set; } = "breathebot.db";

    /// <summary>
    /// Optional at-rest encryption with LiteDB's AES (a secret: user secrets or an environment variable, never
    /// appsettings.json). LiteDB 5 uses AES in ECB mode without authentication: it hides the diary from a casual look at
    /// the file, not from a determined attacker. See the README. Set it when the file is created; it cannot be added later.
    /// </summary>
    [NotWhitespace]
    public string? Password { get; set; }

    /// <summary>Most writes grouped into one transaction by the writer thread (group commit).</summary>
    [Range(1, 10_000)]
    public int MaxWriteBatch { get; set; } = 256;

    /// <summary>
    /// Where online backups are written (0600 files in a 0700 folder), relative to the data directory. Empty: no backups.
    /// </summary>
    [NotWhitespace]
    public string? BackupDirectory { get; set; } = "backups";

    /// <summary>How often a backup is taken while the bot runs, counted from the start; 00:00:00 = only on SIGUSR1.</summary>
    [TimeSpanRange("00:00:00", "30.00:00:00")]
    public TimeSpan BackupInterval { get; set; } = TimeSpan.FromDays(1);

    /// <summary>How many backups are kept; the oldest beyond this are deleted after each new one.</summary>
    [Range(1, 1000)]
    public int BackupKeep { get; set; } = 7;

    /// <summary>How long a LiteDB lock may be waited for before failing (the library default is 60 s; we fail fast).</summary>
    [TimeSpanRange("00:00:01", "00:05:00")]
    public TimeSpan LockTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
