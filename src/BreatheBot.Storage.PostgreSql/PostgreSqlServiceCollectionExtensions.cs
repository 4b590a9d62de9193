using BreatheBot.Core.Cluster;
using BreatheBot.Core.Storage;
using BreatheBot.Storage.PostgreSql;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

public static class PostgreSqlServiceCollectionExtensions
{
    /// <summary>
    /// The diary on PostgreSQL (cluster mode) behind the core's store interfaces. Call
    /// <see cref="PostgreSqlDiary.OpenAsync"/> before the host starts: it connects and migrates the schema.
    /// </summary>
    public static IServiceCollection AddPostgreSqlStorage(this IServiceCollection services)
    {
        services.AddSettings<PostgreSqlOptions>(PostgreSqlOptions.SectionName);
        services.TryAddSingleton<PostgreSqlDiary>();
        services.TryAddSingleton<PostgreSqlConversationStore>();
        services.TryAddSingleton<IConversationStore>(sp => sp.GetRequiredService<PostgreSqlConversationStore>());
        services.TryAddSingleton<PostgreSqlEpisodeStore>();
        services.TryAddSingleton<IEpisodeStore>(sp => sp.GetRequiredService<PostgreSqlEpisodeStore>());
        // replaces the core's single-node leases: this one is shared by every node on the database
        services.AddSingleton<IClusterLeases, PostgreSqlClusterLeases>();
        // state an adapter shares between nodes (the Discord adapter uses it instead of its state file when registered)
        services.TryAddSingleton<ISharedDocuments, PostgreSqlSharedDocuments>();
        services.TryAddSingleton(TimeProvider.System);
        return services;
    }
}
