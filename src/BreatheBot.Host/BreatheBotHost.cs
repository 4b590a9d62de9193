using System.Text.RegularExpressions;
using BreatheBot.Core.Conversations;
using BreatheBot.Core.Messaging;
using BreatheBot.Host.DiaryStorage;
using BreatheBot.Storage.LiteDb;
using BreatheBot.Storage.PostgreSql;
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
public static partial class BreatheBotHost
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
        builder.AddDataDirectory();
        builder.AddServiceLogging();

        builder.Services.AddBreatheBotCore();
        builder.AddBreatheBotStorage();
        builder.Services.AddChartRendering();
        builder.Services.AddReportRendering();

        // Registered before the adapters: starts first (re-arms wake-ups) and stops last (drains deliveries).
        builder.Services.AddHostedService<ConversationLifecycleService>();
        builder.Services.AddSingleton<ExitStatus>();
        if (builder.Services.UsesLiteDb())
        {
            builder.Services.AddHostedService<DiaryFailureWatcher>();
        }

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
    public static Task<int> RunAsync(string[] args) => RunAsync(args, Console.Error, customize: null, CancellationToken.None);

    /// <summary>
    /// The entry point with its seams: where the one-line problems go, and changes to the builder after the configuration
    /// (tests replace the terminal). Exit codes: 0 after a normal stop, 1 when BreatheBot stopped itself, 2 when it could
    /// not start for a reason a person can fix (a bad setting, a refused database file, a rejected token).
    /// </summary>
    internal static async Task<int> RunAsync(string[] args, TextWriter error, Action<HostApplicationBuilder>? customize, CancellationToken cancellationToken)
    {
        if (args.Length > 0 && args[0] == CopyDiary.CopyDiaryCommand.Name)
        {
            // a one-off command instead of the bot: moving a LiteDB diary up to PostgreSQL
            return await CopyDiary.CopyDiaryCommand.RunAsync(args[1..], Console.Out, error, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            var builder = CreateBuilder(args);
            customize?.Invoke(builder);
            using var host = builder.Build();
            var exit = host.Services.GetRequiredService<ExitStatus>();

            // every section's settings at once, before any service is created (the host would stop at the first
            // service whose options fail, naming only that section)
            host.Services.GetService<IStartupValidator>()?.Validate();

            // Open (or refuse) the diary before the host starts, so a refusal is the one line below, not a logged stack trace.
            await host.Services.OpenStorageAsync(cancellationToken).ConfigureAwait(false);
            await host.RunAsync(cancellationToken).ConfigureAwait(false);
            if (exit.Problem is { } problem)
            {
                // logged in full when it happened; exit non-zero so a supervisor starts BreatheBot again
                await error.WriteLineAsync($"BreatheBot stopped: {problem}").ConfigureAwait(false);
                return 1;
            }

            return 0;
        }
        catch (Exception exception) when (StartupProblem(exception) is { } problem)
        {
            await error.WriteLineAsync($"BreatheBot could not start: {problem}").ConfigureAwait(false);
            return 2;
        }
    }

    /// <summary>
    /// The message of a start-up failure that a person can fix (configuration, database file, token), as one line, or
    /// null. Every bad setting is in it (the options of all sections are validated together), each named by its key.
    /// </summary>
    public static string? StartupProblem(Exception exception)
    {
        var causes = Causes(exception).ToList();
        var settings = causes.OfType<OptionsValidationException>().SelectMany(v => v.Failures).Distinct().ToList();
        if (settings.Count > 0)
        {
            return OneLine(string.Join(" ", settings));
        }

        foreach (var cause in causes)
        {
            switch (cause)
            {
                case DiaryDatabaseException database:
                    return OneLine(database.Message);
                case PostgreSqlStorageException postgres:
                    return OneLine(postgres.Message);
                case DataDirectoryException data:
                    return OneLine(data.Message);
                case BreatheBot.TelegramAdapter.TelegramUnauthorizedException telegram:
                    return OneLine(telegram.Message);
                case InvalidOperationException binder when BinderFailure().Match(binder.Message) is { Success: true } match:
                    // a setting read outside AddSettings (which names keys itself): the binder's message has the key
                    return $"{match.Groups["key"].Value} is not a valid {match.Groups["type"].Value.Split('.')[^1]}.";
            }
        }

        return null;
    }

    private static IEnumerable<Exception> Causes(Exception exception)
    {
        yield return exception;
        var inner = exception is AggregateException aggregate ? aggregate.InnerExceptions : exception.InnerException is { } one ? [one] : [];
        foreach (var child in inner)
        {
            foreach (var cause in Causes(child))
            {
                yield return cause;
            }
        }
    }

    private static string OneLine(string text) => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    [GeneratedRegex("^Failed to convert configuration value (?:'[^']*' )?at '(?<key>[^']+)' to type '(?<type>[^']+)'")]
    private static partial Regex BinderFailure();
}
