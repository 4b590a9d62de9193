using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace BreatheBot.Host;

public static class ServiceLoggingExtensions
{
    /// <summary>
    /// One log event per line on standard error. Under systemd (<c>Type=notify</c>) the host reports readiness and
    /// stopping to systemd and writes journald's format (priority prefixes, no colours); elsewhere the simple console
    /// format. <c>Logging:Console:FormatterName</c> = <c>json</c> | <c>systemd</c> | <c>simple</c> chooses explicitly, also
    /// under systemd (e.g. JSON lines for a log shipper).
    /// </summary>
    public static IHostApplicationBuilder AddServiceLogging(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Services.Configure<JsonConsoleFormatterOptions>(o => o.JsonWriterOptions = new System.Text.Json.JsonWriterOptions { Indented = false });

        // No-op unless systemd started us: readiness notification, stop on SIGTERM, journald-friendly console output.
        builder.Services.AddSystemd();

        // An explicit choice in configuration wins over systemd's default format.
        if (builder.Configuration["Logging:Console:FormatterName"] is { Length: > 0 } formatter)
        {
            builder.Services.Configure<ConsoleLoggerOptions>(o => o.FormatterName = formatter);
        }

        return builder;
    }
}
