using BreatheBot.Core.Configuration;

namespace BreatheBot.Host.DiaryStorage;

/// <summary>Where the diary lives.</summary>
public enum StorageProvider
{
    /// <summary>One LiteDB file on this machine (the default; one BreatheBot process).</summary>
    LiteDb = 0,

    /// <summary>A PostgreSQL database (cluster mode): Storage:ConnectionString says which.</summary>
    PostgreSql = 1,
}

/// <summary>Which storage the host composes. Bound from the "Storage" section (with the chosen provider's own settings).</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary><c>LiteDb</c> (default) or <c>PostgreSql</c>.</summary>
    public StorageProvider Provider { get; set; } = StorageProvider.LiteDb;

    /// <summary>
    /// The provider as configured, read before the services are composed (they depend on it). A value that is not a
    /// provider reads as LiteDb here; the options validation then stops the start naming <c>Storage:Provider</c>.
    /// </summary>
    public static StorageProvider Configured(Microsoft.Extensions.Configuration.IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var text = configuration[$"{SectionName}:{nameof(Provider)}"];
        return Enum.TryParse<StorageProvider>(text, ignoreCase: true, out var provider) && Enum.IsDefined(provider) ? provider : StorageProvider.LiteDb;
    }
}
