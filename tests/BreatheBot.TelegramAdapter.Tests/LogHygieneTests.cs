using BreatheBot.Core.Messaging;
using BreatheBot.TelegramAdapter.Tests.Fakes;

namespace BreatheBot.TelegramAdapter.Tests;

/// <summary>The bot token and what people write never reach a log line, even on every error path.</summary>
public sealed class LogHygieneTests : IAsyncLifetime
{
    private FakeTelegramServer _server = null!;
    private readonly FakeConversationHandler.DurableState _core = new();

    public async Task InitializeAsync() => _server = await FakeTelegramServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Neither_the_token_nor_user_text_appears_in_any_captured_log_line()
    {
        const string private1 = "my private symptom: aura and numb arm";
        _server.Script("getUpdates", Fault.Abort(), Fault.Raw(502, "<html>bad gateway</html>"), Fault.Status(409, "Conflict: terminated by other getUpdates request"), Fault.Status(500, "Internal Server Error"));
        _server.Script("sendMessage", Fault.Status(500, "Internal Server Error"), Fault.Abort(), Fault.Status(429, "Too Many Requests: retry after 1", retryAfter: 1), Fault.Delay(TimeSpan.FromSeconds(2)), Fault.Status(400, "Bad Request: chat not found"));
        _core.BeforeDurable = (e, _) => e is TextReceived { Text: "crash" } ? throw new InvalidOperationException("turn failed") : Task.CompletedTask;
        _core.Respond = e => e is TextReceived t ? [new TextReply("echo", "You said: " + t.Text)] : [];
        await using var host = await TelegramTestHost.StartAsync(_server, _core);
        _server.UserText(111, 111, private1);
        _server.UserText(111, 111, "crash");
        _server.UserText(222, 222, private1);
        _server.UserText(333, 333, private1);

        await Eventually.TrueAsync(() => _server.MessagesIn(111).Count + _server.MessagesIn(222).Count + _server.MessagesIn(333).Count >= 2, "replies get through the faults", TimeSpan.FromSeconds(20));
        await host.Outbox.WhenIdleAsync().WaitAsync(TimeSpan.FromSeconds(20));

        var text = TelegramTestHost.AllText(host.Logs);
        Assert.True(host.Logs.GetSnapshot().Count > 10, "the faults were logged");
        Assert.DoesNotContain(FakeTelegramServer.Token, text, StringComparison.Ordinal);
        Assert.DoesNotContain("TEST_token-abc", text, StringComparison.Ordinal);
        Assert.DoesNotContain("aura", text, StringComparison.Ordinal);
        Assert.DoesNotContain("You said", text, StringComparison.Ordinal);
        Assert.All(host.Logs.GetSnapshot().Where(r => r.Category?.StartsWith("BreatheBot.TelegramAdapter", StringComparison.Ordinal) == true), r => Assert.InRange(r.Id.Id, 2000, 2999));
    }
}
