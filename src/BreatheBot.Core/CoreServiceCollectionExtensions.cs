using BreatheBot.Core.Cluster;
using BreatheBot.Core.Conversations;
using BreatheBot.Core.Diagnostics;
using BreatheBot.Core.Privacy;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

public static class CoreServiceCollectionExtensions
{
    /// <summary>
    /// The conversation core: options (validated at start), the engine, the conversation service and the system clock
    /// (replaceable: tests register a FakeTimeProvider first). Storage and reply senders are registered by their own projects.
    /// </summary>
    public static IServiceCollection AddBreatheBotCore(this IServiceCollection services)
    {
        services.AddSettings<ConversationOptions>(ConversationOptions.SectionName);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ConversationOptions>, ConversationOptionsCrossFieldValidator>());

        services.AddSettings<PrivacyOptions>(PrivacyOptions.SectionName);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PrivacyOptions>, PrivacyOptionsValidator>());

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IClusterLeases, LocalClusterLeases>(); // PostgreSQL mode registers its own first
        services.TryAddSingleton<ISharedRateLimits, LocalSharedRateLimits>(); // likewise: one node keeps its limits in process
        services.TryAddSingleton<IDeliveryAttempts, LocalDeliveryAttempts>(); // PostgreSQL mode: counted by all nodes
        services.TryAddSingleton<BreatheBotMetrics>(); // its meter comes from the host's IMeterFactory when there is one
        services.TryAddSingleton<ConversationEngine>();
        services.TryAddSingleton<ConversationService>();
        services.TryAddSingleton<IConversationHandler>(sp => sp.GetRequiredService<ConversationService>());
        return services;
    }
}
