using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace BreatheBot.Host.Tests;

/// <summary>Logging:Console:FormatterName=json gives one JSON object per line, for log shippers.</summary>
public sealed class LogFormatTests
{
    private static ServiceProvider Services(string? formatter)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Data:Directory"] = Path.GetTempPath(),
            ["Telegram:BotToken"] = string.Empty,
            ["Discord:BotToken"] = string.Empty,
        };
        if (formatter is not null)
        {
            settings["Logging:Console:FormatterName"] = formatter;
        }

        return BreatheBotHost.CreateBuilder([], c => c.AddInMemoryCollection(settings)).Services.BuildServiceProvider();
    }

    [Fact]
    public void Json_format_writes_each_event_as_one_line_of_json_even_with_an_exception()
    {
        using var services = Services("json");
        var options = services.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue;
        Assert.Equal(ConsoleFormatterNames.Json, options.FormatterName);
        var formatter = services.GetServices<ConsoleFormatter>().Single(f => f.Name == options.FormatterName);

        using var writer = new StringWriter();
        var entry = new LogEntry<string>(LogLevel.Error, "BreatheBot.Test", new EventId(42, "TurnFailed"), "A turn failed\nsecond line", new InvalidOperationException("boom"), (s, _) => s);
        formatter.Write(entry, null, writer);

        var lines = writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var line = Assert.Single(lines);
        using var json = JsonDocument.Parse(line);
        Assert.Equal("Error", json.RootElement.GetProperty("LogLevel").GetString());
        Assert.Equal(42, json.RootElement.GetProperty("EventId").GetInt32());
        Assert.Contains("boom", json.RootElement.GetProperty("Exception").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_choice_the_simple_console_format_is_used_outside_systemd()
    {
        using var services = Services(null);
        var name = services.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue.FormatterName;
        Assert.True(name is null or ConsoleFormatterNames.Simple, name);
    }
}
