using BreatheBot.DiscordAdapter;
using BreatheBot.Storage.LiteDb;
using BreatheBot.TerminalAdapter;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace BreatheBot.Host;

public static class DataDirectoryExtensions
{
    /// <summary>
    /// Works out the data directory once and takes every relative file path in the configuration from it, before the
    /// options are validated.
    /// </summary>
    public static IHostApplicationBuilder AddDataDirectory(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var data = DataDirectory.Resolve(builder.Configuration[DataDirectory.ConfigurationKey], Environment.GetEnvironmentVariable);
        builder.Services.AddSingleton(data);
        builder.Services.PostConfigure<LiteDbOptions>(o =>
        {
            o.Path = ResolveSet(data, o.Path);
            o.BackupDirectory = string.IsNullOrWhiteSpace(o.BackupDirectory) ? o.BackupDirectory : data.Resolve(o.BackupDirectory);
        });
        builder.Services.PostConfigure<DiscordOptions>(o => o.StateFile = ResolveSet(data, o.StateFile));
        builder.Services.PostConfigure<TerminalOptions>(o => o.FilesDirectory = ResolveSet(data, o.FilesDirectory));
        return builder;
    }

    /// <summary>An empty value stays empty, so its validator still names the key.</summary>
    private static string ResolveSet(DataDirectory data, string path) => string.IsNullOrWhiteSpace(path) ? path : data.Resolve(path);
}
