using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace BreatheBot.Storage.LiteDb;

/// <summary>Where and how the diary is stored. Bound from the "Storage" section.</summary>
public sealed class LiteDbOptions
{
    public const string SectionName = "Storage";

    /// <summary>The LiteDB file. Relative paths are taken from the current directory. Default: data/breathebot.db.</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "Storage:Path must name the database file, e.g. data/breathebot.db.")]
    public string Path { get; set; } = System.IO.Path.Combine("data", "breathebot.db");

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
