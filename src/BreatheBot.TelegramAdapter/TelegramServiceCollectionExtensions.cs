using BreatheBot.Core.Cluster;
using BreatheBot.Core.Messaging;
using BreatheBot.TelegramAdapter;
using BreatheBot.TelegramAdapter.Outbound;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Telegram.Bot;

namespace Microsoft.Extensions.Hosting;

/// <summary>Wires the Telegram adapter into a host.</summary>
public static class TelegramServiceCollectionExtensions
{
    /// <summary>The named HttpClient the bot client uses (its default request logging is removed: the token is in the path).</summary>
    public const string HttpClientName = "BreatheBot.Telegram";

    /// <summary>
    /// Adds the Telegram adapter when <c>Telegram:BotToken</c> is set (otherwise registers nothing): validated options,
    /// the Telegram.Bot client on a typed HttpClient without loggers, the rate-limited reply sender, and the polling or
    /// webhook hosted service.
    /// </summary>
    public static IHostApplicationBuilder AddTelegramAdapter(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var section = builder.Configuration.GetSection(TelegramOptions.SectionName);
        var token = section[nameof(TelegramOptions.BotToken)];
        if (string.IsNullOrEmpty(token))
        {
            return builder;
        }

        var services = builder.Services;
        services.AddSettings<TelegramOptions>(TelegramOptions.SectionName);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TelegramOptions>, TelegramOptionsValidator>());
        if (string.IsNullOrWhiteSpace(token))
        {
            return builder; // only spaces: a mistake, not "off". The validator stops the start naming Telegram:BotToken.
        }
        services.TryAddSingleton(TimeProvider.System);

        services.AddHttpClient(HttpClientName)
            .RemoveAllLoggers()
            .ConfigureHttpClient((sp, http) =>
            {
                var options = sp.GetRequiredService<IOptions<TelegramOptions>>().Value;
                // longer than a long poll, and than any single send (sends carry their own shorter timeout)
                http.Timeout = TimeSpan.FromSeconds(options.LongPollTimeoutSeconds) + options.RequestTimeout + TimeSpan.FromSeconds(5);
            })
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            .AddTypedClient<ITelegramBotClient>((http, sp) =>
            {
                var options = sp.GetRequiredService<IOptions<TelegramOptions>>().Value;
                var clientOptions = new TelegramBotClientOptions(options.BotToken!, string.IsNullOrEmpty(options.ApiBaseUrl) ? null : options.ApiBaseUrl)
                {
                    // the outbox owns 429 handling (per chat, on the injected clock); the client's own retry would sleep
                    // inside the call and double the waits
                    RetryThreshold = 0,
                    RetryCount = 0,
                };
                return new TelegramBotClient(clientOptions, http);
            });

        services.TryAddSingleton<IClusterLeases, LocalClusterLeases>(); // one node unless storage registered its own (PostgreSQL)
        services.TryAddSingleton<TelegramLeases>();
        services.TryAddSingleton<TelegramBotIdentity>();
        services.TryAddSingleton<TelegramBotSetup>();
        services.TryAddSingleton<TelegramUpdateMapper>();
        services.TryAddSingleton<TelegramMessageExecutor>();
        services.TryAddSingleton<IOutboundExecutor>(sp => sp.GetRequiredService<TelegramMessageExecutor>());
        services.TryAddSingleton<TelegramOutbox>();
        services.TryAddSingleton<TelegramAdminCheck>();
        services.TryAddSingleton<TelegramTopics>();
        services.TryAddSingleton<TelegramUpdateDispatcher>();
        services.TryAddSingleton<TelegramReceiveStatus>(); // read by the host's health check
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IReplySender, TelegramReplySender>());
        services.AddHostedService<TelegramOutboxDrain>(); // sends what is committed before the outbox is disposed

        // read leniently here: a value that is not a mode stops the start, named by the options binding
        if (Enum.TryParse<TelegramMode>(section[nameof(TelegramOptions.Mode)], ignoreCase: true, out var mode) && mode == TelegramMode.Webhook)
        {
            services.TryAddSingleton<TelegramWebhookRegistration>();
            services.TryAddSingleton<TelegramWebhookService>();
            services.AddHostedService(sp => sp.GetRequiredService<TelegramWebhookService>());
        }
        else
        {
            services.TryAddSingleton<TelegramReceiver>();
            services.AddHostedService<TelegramPollingService>();
        }

        return builder;
    }
}
