using System.Text.RegularExpressions;
using BreatheBot.Host.Health;
using BreatheBot.Storage.LiteDb;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace BreatheBot.Host.Tests.Health;

/// <summary>/healthz, /readyz and /metrics on the real host (terminal mode, health enabled), over real HTTP on loopback.</summary>
public sealed partial class HealthEndpointTests
{
    [Fact]
    public async Task Healthz_and_readyz_answer_200_on_loopback_with_the_diary_writer_committing()
    {
        await using var host = await HealthHost.StartAsync();

        Assert.Equal("127.0.0.1", host.BaseAddress.Host);
        var (live, liveBody) = await host.GetJsonAsync("/healthz");
        var (ready, readyBody) = await host.GetJsonAsync("/readyz");

        Assert.Equal(200, live);
        Assert.Equal("Healthy", (string?)liveBody["status"]);
        Assert.Equal("Healthy", (string?)liveBody["checks"]!["storage"]!["status"]);
        Assert.Contains("committed", (string?)liveBody["checks"]!["storage"]!["description"], StringComparison.Ordinal);
        Assert.Equal(200, ready);
        Assert.Equal("Healthy", (string?)readyBody["checks"]!["storage"]!["status"]);
    }

    [Fact]
    public async Task A_stuck_diary_writer_makes_healthz_503_and_healthy_again_once_it_commits()
    {
        await using var host = await HealthHost.StartAsync(new() { ["Storage:LockTimeout"] = "00:00:01" });
        var database = host.Host.Services.GetRequiredService<DiaryDatabase>();
        using var release = new ManualResetEventSlim();
        var stuck = database.Writer.WriteAsync(_ => release.Wait(TimeSpan.FromSeconds(30))); // the writer thread hangs

        var (status, body) = await host.GetJsonAsync("/healthz");
        release.Set();
        await stuck;
        var (after, afterBody) = await host.GetJsonAsync("/healthz");

        Assert.Equal(503, status);
        Assert.Equal("Unhealthy", (string?)body["checks"]!["storage"]!["status"]);
        Assert.Contains("did not commit", (string?)body["checks"]!["storage"]!["description"], StringComparison.Ordinal);
        Assert.Equal(200, after);
        Assert.Equal("Healthy", (string?)afterBody["checks"]!["storage"]!["status"]);
    }

    [Fact]
    public async Task A_stopped_diary_engine_is_unhealthy()
    {
        await using var host = await HealthHost.StartAsync();
        var database = host.Host.Services.GetRequiredService<DiaryDatabase>();
        var checks = host.Host.Services.GetRequiredService<HealthCheckService>();

        database.Database.Dispose(); // as LiteDB does after an I/O error: every later write fails
        var report = await checks.CheckHealthAsync(c => c.Name == "storage");

        Assert.Equal(HealthStatus.Unhealthy, report.Status);
        Assert.Contains("engine has stopped", report.Entries["storage"].Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_after_a_flow_show_turns_flows_and_screens_and_no_label_names_a_person_or_their_words()
    {
        await using var host = await HealthHost.StartAsync();
        foreach (var line in new[] { "/breathe", "headache", "no", "no", "6", "skip breathing", "/history" })
        {
            await host.TypeAsync(line);
        }

        var text = await host.ScrapeAsync();

        Assert.Matches(Sample("breathebot_turns", "event=\"command\"", "outcome=\"ok\"", "platform=\"terminal\""), text);
        Assert.Matches(Sample("breathebot_turns", "event=\"text\"", "outcome=\"ok\"", "platform=\"terminal\""), text);
        Assert.Matches(Sample("breathebot_flows_started", "kind=\""), text);
        Assert.Matches(Sample("breathebot_redflag_screens", "outcome=\"shown\"", "tier=\"emergency\""), text);
        Assert.Matches(Sample("breathebot_replies", "platform=\"terminal\""), text);
        Assert.Matches(@"(?m)^breathebot_turn_duration\w*_count\{[^}]*platform=""terminal""[^}]*\} [1-9]", text);
        Assert.Matches(@"(?m)^breathebot_storage_commit_duration\w*_count(\{[^}]*\})? [1-9]", text);
        Assert.Matches(@"(?m)^breathebot_conversations_live\w*( |\{)", text);
        Assert.Matches(@"(?m)^breathebot_pacers_armed\w*( |\{)", text);

        // every label is one of a few fixed words: no user, chat, delivery id or typed text
        var allowed = new HashSet<string>(StringComparer.Ordinal)
        {
            "terminal", "telegram", "discord", "text", "choice", "command", "timer", "membership", "other",
            "ok", "error", "failed", "duplicate", "headache", "breathing", "points", "emergency", "same_day", "shown", "flagged",
        };
        var values = LabelValue().Matches(text).Select(m => m.Groups["value"].Value).Where(v => !IsNumber(v)).ToList();
        Assert.NotEmpty(values);
        Assert.All(values, v => Assert.Contains(v, allowed));
        Assert.DoesNotContain("local", text, StringComparison.Ordinal);
        Assert.DoesNotContain("skip breathing", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_health_address_that_is_not_loopback_is_refused_at_start_naming_Health_Urls()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Start(new() { ["Health:Urls"] = "http://0.0.0.0:9180" }));
        var problem = BreatheBotHost.StartupProblem(error);

        Assert.NotNull(problem);
        Assert.Contains("Health:Urls", problem, StringComparison.Ordinal);
        Assert.Contains("Health:AllowNonLoopback", problem, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', problem);
    }

    [Theory]
    [InlineData("Health:Urls", "https://127.0.0.1:9180", "Health:Urls")]
    [InlineData("Health:Urls", "http://127.0.0.1:9180/health", "Health:Urls")]
    [InlineData("Health:Urls", "127.0.0.1:9180", "Health:Urls")]
    [InlineData("Health:Enabled", "maybe", "Health:Enabled")]
    [InlineData("Health:TelegramMaxSilence", "00:00:00", "Health:TelegramMaxSilence")]
    public void A_bad_health_setting_fails_start_with_one_line_naming_its_key(string key, string value, string named)
    {
        var error = Record.Exception(() => Start(new() { [key] = value }));

        var problem = BreatheBotHost.StartupProblem(Assert.IsType<OptionsValidationException>(error));
        Assert.NotNull(problem);
        Assert.Contains(named, problem, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', problem);
    }

    [Theory]
    [InlineData("http://127.0.0.1:9180", false, true)]
    [InlineData("http://[::1]:9180", false, true)]
    [InlineData("http://localhost:9180", false, true)]
    [InlineData("http://127.0.0.1:9180;http://[::1]:9180", false, true)]
    [InlineData("http://192.168.1.5:9180", false, false)]
    [InlineData("http://192.168.1.5:9180", true, true)]
    [InlineData("http://0.0.0.0:9180", true, true)]
    public void Loopback_addresses_pass_and_others_only_when_explicitly_allowed(string urls, bool allowNonLoopback, bool valid)
    {
        var result = new HealthOptionsUrlValidator().Validate(null, new HealthOptions { Urls = urls, AllowNonLoopback = allowNonLoopback });

        Assert.Equal(valid, result.Succeeded);
    }

    [Fact]
    public async Task In_the_terminal_the_endpoints_are_off_unless_enabled()
    {
        using var off = BuildTerminal(new());
        using var on = BuildTerminal(new() { ["Health:Enabled"] = "true", ["Health:Urls"] = "http://127.0.0.1:0" });

        Assert.Null(off.Services.GetService<HealthServer>());
        Assert.Null(off.Services.GetService<HealthCheckService>());
        Assert.NotNull(on.Services.GetService<HealthServer>());
        var report = await on.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        Assert.Equal(HealthStatus.Healthy, report.Status);
    }

    private static Microsoft.Extensions.Hosting.IHost BuildTerminal(Dictionary<string, string?> extra)
    {
        var folder = Directory.CreateTempSubdirectory("breathebot-health-").FullName;
        var settings = new Dictionary<string, string?>
        {
            ["Storage:Path"] = Path.Combine(folder, "diary.db"),
            ["Telegram:BotToken"] = string.Empty,
            ["Discord:BotToken"] = string.Empty,
        };
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        return BreatheBotHost.CreateBuilder([], c => Microsoft.Extensions.Configuration.MemoryConfigurationBuilderExtensions.AddInMemoryCollection(c, settings)).Build();
    }

    /// <summary>Builds the host and resolves the validated options, as the start does.</summary>
    private static void Start(Dictionary<string, string?> extra)
    {
        extra.TryAdd("Health:Enabled", "true");
        using var host = BuildTerminal(extra);
        _ = host.Services.GetRequiredService<IOptions<HealthOptions>>().Value;
    }

    private static string Sample(string name, params string[] labels) =>
        $@"(?m)^{name}\w*\{{{string.Concat(labels.Select(l => $"(?=[^}}]*{Regex.Escape(l)})"))}[^}}]*\}} [1-9]";

    private static bool IsNumber(string value) => double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _) || value is "+Inf";

    [GeneratedRegex(@"(?<name>\w+)=""(?<value>[^""]*)""")]
    private static partial Regex LabelValue();
}
