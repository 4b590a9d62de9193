using BreatheBot.DiscordAdapter.Gateway;
using BreatheBot.Host.Health;
using BreatheBot.TelegramAdapter;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.Hosting;

public static class HealthServiceCollectionExtensions
{
    /// <summary>
    /// When enabled: the health checks (the diary; Telegram and Discord when their adapter runs) and the endpoint server
    /// for /healthz, /readyz and /metrics. The Health options are validated either way. Call after the adapters. <c>Health:Enabled</c> unset means on
    /// when Telegram or Discord runs and off in the terminal.
    /// </summary>
    public static IHostApplicationBuilder AddBreatheBotHealth(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var telegram = services.Any(d => d.ServiceType == typeof(TelegramReceiveStatus));
        var discord = services.Any(d => d.ServiceType == typeof(DiscordGatewayStatus));

        services.AddSettings<HealthOptions>(HealthOptions.SectionName);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<HealthOptions>, HealthOptionsUrlValidator>());
        if (!(Enabled(builder.Configuration) ?? (telegram || discord)))
        {
            return builder; // off: no checks, no server, no hosted service
        }

        var checks = services.AddHealthChecks().AddStorageCheck(services);
        if (telegram)
        {
            checks.AddCheck<TelegramHealthCheck>(TelegramHealthCheck.Name, tags: [HealthTags.Ready]);
        }

        if (discord)
        {
            checks.AddCheck<DiscordHealthCheck>(DiscordHealthCheck.Name, tags: [HealthTags.Ready]);
        }

        services.TryAddSingleton<HealthServer>();
        services.AddHostedService(sp => sp.GetRequiredService<HealthServer>());
        return builder;
    }

    private static bool? Enabled(IConfiguration configuration)
    {
        var text = configuration[$"{HealthOptions.SectionName}:{nameof(HealthOptions.Enabled)}"];
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return bool.TryParse(text, out var enabled)
            ? enabled
            : throw new OptionsValidationException(HealthOptions.SectionName, typeof(HealthOptions), [$"Health:Enabled must be true or false, not '{text}'."]);
    }
}
