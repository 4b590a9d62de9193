using BreatheBot.Core.Cluster;
using BreatheBot.Core.Conversations;
using BreatheBot.Core.Messaging;
using BreatheBot.DiscordAdapter;
using BreatheBot.DiscordAdapter.Gateway;
using BreatheBot.DiscordAdapter.Rest;
using BreatheBot.DiscordAdapter.State;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.Hosting;

public static class DiscordServiceCollectionExtensions
{
    /// <summary>
    /// Adds the Discord adapter when <c>Discord:BotToken</c> is set (otherwise registers nothing): validated options,
    /// one REST client, the gateway client, the Discord <see cref="IReplySender"/> and the hosted service. The gateway runs
    /// while this node holds the shard's cluster lease; the state goes to the shared documents when they are registered.
    /// Parts a test or deployment may swap are registered with TryAdd.
    /// </summary>
    public static IHostApplicationBuilder AddDiscordAdapter(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var token = builder.Configuration[$"{DiscordOptions.SectionName}:{nameof(DiscordOptions.BotToken)}"];
        if (string.IsNullOrEmpty(token))
        {
            return builder;
        }

        var services = builder.Services;
        services.AddSettings<DiscordOptions>(DiscordOptions.SectionName);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DiscordOptions>, DiscordOptionsValidator>());
        if (string.IsNullOrWhiteSpace(token))
        {
            return builder; // only spaces: a mistake, not "off". The validator stops the start naming Discord:BotToken.
        }

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IRandomSource, SharedRandomSource>();
        services.TryAddSingleton<DiscordKillSwitch>();
        // cluster mode (shared documents registered by the PostgreSQL storage): the state every node shares; else the file
        services.TryAddSingleton<IDiscordStateStore>(sp => sp.GetService<ISharedDocuments>() is { } shared
            ? new SharedDocumentDiscordStateStore(shared, sp.GetRequiredService<ILogger<SharedDocumentDiscordStateStore>>())
            : new FileDiscordStateStore(sp.GetRequiredService<IOptions<DiscordOptions>>()));
        services.TryAddSingleton<IClusterLeases, LocalClusterLeases>(); // the core's; PostgreSQL mode replaces it

        services.TryAddSingleton<DiscordRestClient>();
        services.TryAddSingleton<IDiscordRestClient>(sp => sp.GetRequiredService<DiscordRestClient>());
        services.TryAddSingleton<IGatewayTransportFactory, WebSocketGatewayTransportFactory>();
        services.TryAddSingleton<IdentifyLimiter>();
        services.TryAddSingleton<DiscordGatewayStatus>(); // read by the host's health check
        services.TryAddSingleton<DiscordGatewayClient>();
        services.TryAddSingleton<IDiscordGateway>(sp => sp.GetRequiredService<DiscordGatewayClient>());
        services.TryAddSingleton<GatewaySessionSharing>();
        services.TryAddSingleton<ShardOwnership>();

        services.TryAddSingleton<SlotRegistry>();
        services.TryAddSingleton<DmChannelCache>();
        services.TryAddSingleton<GuildChannelMap>();
        services.TryAddSingleton<DiscordInbox>();
        services.TryAddSingleton<DiscordReplySender>();
        services.TryAddSingleton<DiscordEventRouter>();
        services.TryAddSingleton<DiscordDispatcher>();
        services.TryAddSingleton<DiscordCommandRegistrar>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IReplySender, DiscordReplySender>(sp => sp.GetRequiredService<DiscordReplySender>()));
        services.AddHostedService<DiscordAdapterService>();
        services.PostConfigure<ConversationOptions>(o => o.SetCommandSyntax(Platform.Discord, DiscordCommandRegistrar.TypedSyntax));
        return builder;
    }
}
