using BreatheBot.Core.Conversations;
using BreatheBot.Core.Messaging;
using BreatheBot.Storage.LiteDb;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace BreatheBot.Host;

/// <summary>
/// Builds and runs the BreatheBot host: configuration, the core, storage and the chat adapters.
/// Used by Program.cs and by tests (which pass their own configuration and replace services after).
/// </summary>
public static class BreatheBotHost
{
    /// <summary>Environment variables with this prefix configure BreatheBot, e.g. BreatheBot__Telegram__BotToken.</summary>
    public const string EnvironmentPrefix = "BreatheBot__";

    public static HostApplicationBuilder CreateBuilder(string[] args, Action<IConfigurationBuilder>? configure = null)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
        });

        // appsettings.json and plain environment variables come from the defaults; add the prefixed variables and
        // user secrets (for tokens), then the command line again so it still wins.
        builder.Configuration.AddUserSecrets(typeof(BreatheBotHost).Assembly, optional: true);
        builder.Configuration.AddEnvironmentVariables(EnvironmentPrefix);
        builder.Configuration.AddCommandLine(args);
        configure?.Invoke(builder.Configuration);

        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(15));
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);

        builder.Services.AddBreatheBotCore();
        builder.Services.AddLiteDbStorage();
        builder.Services.AddChartRendering();

        // Registered before the adapters: starts first (re-arms wake-ups) and stops last (drains deliveries).
        builder.Services.AddHostedService<ConversationLifecycleService>();
        builder.Services.AddSingleton<ExitStatus>();
        builder.Services.AddHostedService<DiaryFailureWatcher>();

        // Platform adapters register themselves (an IReplySender and their hosted services) when their token is set.
        // BREATHEBOT-ADAPTERS (keep this marker: adapters add their one line below it)
        builder.AddTelegramAdapter();
        builder.AddDiscordAdapter();

        if (!builder.Services.Any(d => d.ServiceType == typeof(IReplySender)))
        {
            // No platform configured: the terminal chat. Logs go to standard error, and only warnings,
            // so they don't get in the way of the conversation.
            builder.Services.AddTerminalAdapter();
            builder.Logging.AddFilter<ConsoleLoggerProvider>(null, LogLevel.Warning);
        }

        // after the adapters: checks for the ones that run; /healthz, /readyz and /metrics on a loopback address
        builder.AddBreatheBotHealth();

        return builder;
    }

    /// <summary>Runs the host; a configuration or database problem is reported in one clear line with exit code 2.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        try
        {
            using var host = CreateBuilder(args).Build();
            var exit = host.Services.GetRequiredService<ExitStatus>();
            await host.RunAsync().ConfigureAwait(false);
            if (exit.Problem is { } problem)
            {
                // logged in full when it happened; exit non-zero so a supervisor starts BreatheBot again
                await Console.Error.WriteLineAsync($"BreatheBot stopped: {problem}").ConfigureAwait(false);
                return 1;
            }

            return 0;
        }
        catch (Exception exception) when (StartupProblem(exception) is { } problem)
        {
            await Console.Error.WriteLineAsync($"BreatheBot could not start: {problem}").ConfigureAwait(false);
            return 2;
        }
    }

    /// <summary>The message of a start-up failure that a person can fix (configuration, database file), or null.</summary>
    public static string? StartupProblem(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case OptionsValidationException validation:
                    return string.Join(" ", validation.Failures);
                case DiaryDatabaseException database:
                    return database.Message;
                case BreatheBot.TelegramAdapter.TelegramUnauthorizedException telegram:
                    return telegram.Message;
            }
        }

        return null;
    }
}
