using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using BreatheBot.Host.Health;
using BreatheBot.TelegramAdapter.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace BreatheBot.TelegramAdapter.Tests.EndToEnd;

/// <summary>The real host's health and metrics endpoints with Telegram polling the fake Bot API.</summary>
public sealed partial class TelegramHealthTests : IAsyncLifetime
{
    private const long Ana = 111;
    private readonly string _database = BotHarness.NewDatabasePath();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(20) };
    private FakeTelegramServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeTelegramServer.StartAsync();

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
        BotHarness.DeleteDatabase(_database);
    }

    [Fact]
    public async Task Telegram_is_unready_while_getUpdates_goes_unanswered_and_ready_again_once_it_answers()
    {
        await using var bot = await BotHarness.StartAsync(_server, _database, configure: s => s["Health:TelegramMaxSilence"] = "00:00:01.500");
        var checks = bot.Host.Services.GetRequiredService<HealthCheckService>();
        await WaitForAsync(checks, HealthStatus.Healthy, "healthy while polling");

        _server.Script("getUpdates", Fault.Delay(TimeSpan.FromSeconds(5))); // Telegram stops answering for a while
        var unhealthy = await WaitForAsync(checks, HealthStatus.Unhealthy, "unhealthy while getUpdates hangs");
        var (ready, readyBody) = await GetJsonAsync(bot, "/readyz");
        var (live, _) = await GetJsonAsync(bot, "/healthz");

        Assert.Contains("no getUpdates answered", unhealthy.Entries["telegram"].Description, StringComparison.Ordinal);
        Assert.Equal(503, ready);
        Assert.Equal("Unhealthy", (string?)readyBody["checks"]!["telegram"]!["status"]);
        Assert.Equal(200, live); // a network outage is not cured by a restart: Telegram is a readiness check only
        await WaitForAsync(checks, HealthStatus.Healthy, "healthy again once getUpdates answers", TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task Metrics_after_a_Telegram_flow_count_its_turns_and_no_label_carries_the_chat_or_the_words()
    {
        await using var bot = await BotHarness.StartAsync(_server, _database);
        _server.UserText(Ana, Ana, "/breathe");
        await Eventually.TrueAsync(() => _server.MessagesIn(Ana).Count > 0, "the bot answered", TimeSpan.FromSeconds(30));
        _server.UserText(Ana, Ana, "my head hurts since lunch");
        var text = "";
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!text.Contains("event=\"text\"", StringComparison.Ordinal) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
            text = await _http.GetStringAsync(new Uri(BaseAddress(bot), "/metrics")); // until the typed turn is counted
        }

        Assert.Matches(@"(?m)^breathebot_turns\{(?=[^}]*platform=""telegram"")(?=[^}]*event=""command"")[^}]*\} [1-9]", text);
        Assert.Matches(@"(?m)^breathebot_turns\{(?=[^}]*platform=""telegram"")(?=[^}]*event=""text"")[^}]*\} [1-9]", text);
        Assert.Matches(@"(?m)^breathebot_replies\{platform=""telegram""\} [1-9]", text);
        Assert.Matches(@"(?m)^breathebot_outbox_depth\{platform=""telegram""\} \d", text);
        var allowed = new HashSet<string>(StringComparer.Ordinal)
        {
            "terminal", "telegram", "discord", "text", "choice", "command", "timer", "membership", "other",
            "ok", "error", "failed", "duplicate", "headache", "breathing", "points", "emergency", "same_day", "shown", "flagged",
        };
        var values = LabelValue().Matches(text).Select(m => m.Groups["value"].Value).Where(v => !double.TryParse(v, System.Globalization.CultureInfo.InvariantCulture, out _) && v != "+Inf").ToList();
        Assert.NotEmpty(values);
        Assert.All(values, v => Assert.Contains(v, allowed));
        Assert.DoesNotContain("head hurts", text, StringComparison.Ordinal);
    }

    private static Uri BaseAddress(BotHarness bot) => new(bot.Host.Services.GetRequiredService<HealthServer>().ListenAddresses[0]);

    private async Task<(int Status, JsonObject Body)> GetJsonAsync(BotHarness bot, string path)
    {
        using var response = await _http.GetAsync(new Uri(BaseAddress(bot), path));
        return ((int)response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject());
    }

    private static async Task<HealthReport> WaitForAsync(HealthCheckService checks, HealthStatus wanted, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            var report = await checks.CheckHealthAsync(c => c.Name == "telegram");
            if (report.Status == wanted)
            {
                return report;
            }

            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting until {what}; last: {report.Status}");
            await Task.Delay(50);
        }
    }

    [GeneratedRegex(@"(?<name>\w+)=""(?<value>[^""]*)""")]
    private static partial Regex LabelValue();
}
