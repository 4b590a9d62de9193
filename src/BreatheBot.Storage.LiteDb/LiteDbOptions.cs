using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

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
    public string? Password { get; set; }

    /// <summary>Most writes grouped into one transaction by the writer thread (group commit).</summary>
    [Range(1, 10_000)]
    public int MaxWriteBatch { get; set; } = 256;

    /// <summary>How long a LiteDB lock may be waited for before failing (the library default is 60 s; we fail fast).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan LockTimeout { get; set; } = TimeSpan.FromSeconds(5);
}

[OptionsValidator]
public sealed partial class LiteDbOptionsValidator : IValidateOptions<LiteDbOptions>
{
}
