using BreatheBot.Core.Conversations;
using BreatheBot.Core.Messaging;
using BreatheBot.DiscordAdapter;
using BreatheBot.DiscordAdapter.Gateway;
using BreatheBot.DiscordAdapter.Rest;
using BreatheBot.DiscordAdapter.State;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.Hosting;

public static class DiscordServiceCollectionExtensions
{
    /// <summary>
    /// Adds the Discord adapter when <c>Discord:BotToken</c> is set (otherwise registers nothing): validated options,
    /// one REST client, the gateway client, the Discord <see cref="IReplySender"/> and the hosted service.
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
        services.TryAddSingleton<IDiscordStateStore, FileDiscordStateStore>();

        services.TryAddSingleton<DiscordRestClient>();
        services.TryAddSingleton<IDiscordRestClient>(sp => sp.GetRequiredService<DiscordRestClient>());
        services.TryAddSingleton<IGatewayTransportFactory, WebSocketGatewayTransportFactory>();
        services.TryAddSingleton<IdentifyLimiter>();
        services.TryAddSingleton<DiscordGatewayStatus>(); // read by the host's health check
        services.TryAddSingleton<DiscordGatewayClient>();
        services.TryAddSingleton<IDiscordGateway>(sp => sp.GetRequiredService<DiscordGatewayClient>());

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
