using BreatheBot.Host.Health;
using BreatheBot.Host.DiaryStorage;
using BreatheBot.Storage.LiteDb;
using BreatheBot.Storage.PostgreSql;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.Extensions.Hosting;

public static class StorageExtensions
{
    /// <summary>
    /// The diary chosen by <c>Storage:Provider</c>: LiteDB (the file, its lock, its backups, and the watcher that stops the
    /// host when its engine stops) or PostgreSQL (no file, no lock, no backups: the database server keeps the data).
    /// <see cref="OpenStorageAsync"/> opens it before the host starts.
    /// </summary>
    public static IHostApplicationBuilder AddBreatheBotStorage(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSettings<StorageOptions>(StorageOptions.SectionName);
        if (StorageOptions.Configured(builder.Configuration) == StorageProvider.PostgreSql)
        {
            builder.Services.AddPostgreSqlStorage();
        }
        else
        {
            builder.Services.AddLiteDbStorage();
        }

        return builder;
    }

    /// <summary>Whether the composed diary is the LiteDB file (its watcher and health check apply).</summary>
    internal static bool UsesLiteDb(this IServiceCollection services) => services.Any(d => d.ServiceType == typeof(DiaryDatabase));

    /// <summary>
    /// Opens (or refuses) the diary: the LiteDB file is checked and opened; PostgreSQL is reached and its schema migrated.
    /// A refusal is a <see cref="DiaryDatabaseException"/> or <see cref="PostgreSqlStorageException"/> with one clear line.
    /// </summary>
    public static async Task OpenStorageAsync(this IServiceProvider services, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.GetService<PostgreSqlDiary>() is { } postgres)
        {
            await postgres.OpenAsync(cancellationToken).ConfigureAwait(false);
        }
        else
        {
            services.GetRequiredService<DiaryDatabase>();
        }
    }

    /// <summary>The storage health check for the composed provider.</summary>
    internal static IHealthChecksBuilder AddStorageCheck(this IHealthChecksBuilder checks, IServiceCollection services) =>
        services.UsesLiteDb()
            ? checks.AddCheck<DiaryHealthCheck>(DiaryHealthCheck.Name, tags: [HealthTags.Live, HealthTags.Ready])
            : checks.AddCheck<PostgreSqlHealthCheck>(DiaryHealthCheck.Name, tags: [HealthTags.Live, HealthTags.Ready]);
}
