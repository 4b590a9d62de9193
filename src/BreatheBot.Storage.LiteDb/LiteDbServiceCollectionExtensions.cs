using BreatheBot.Core.Storage;
using BreatheBot.Storage.LiteDb;
using BreatheBot.Storage.LiteDb.Backups;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

public static class LiteDbServiceCollectionExtensions
{
    /// <summary>The LiteDB diary: one database per process (disposed with a checkpoint at shutdown) behind the core's store interfaces.</summary>
    public static IServiceCollection AddLiteDbStorage(this IServiceCollection services)
    {
        services.AddSettings<LiteDbOptions>(LiteDbOptions.SectionName);
        services.TryAddSingleton<DiaryDatabase>();
        services.TryAddSingleton<LiteDbConversationStore>();
        services.TryAddSingleton<IConversationStore>(sp => sp.GetRequiredService<LiteDbConversationStore>());
        services.TryAddSingleton<LiteDbEpisodeStore>();
        services.TryAddSingleton<IEpisodeStore>(sp => sp.GetRequiredService<LiteDbEpisodeStore>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<DiaryBackup>();
        services.TryAddSingleton<BackupService>();
        services.AddHostedService(sp => sp.GetRequiredService<BackupService>());
        return services;
    }
}
