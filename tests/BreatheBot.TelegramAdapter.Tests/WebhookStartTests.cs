using System.Net;
using System.Net.Sockets;
using BreatheBot.TelegramAdapter.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Testing;

namespace BreatheBot.TelegramAdapter.Tests;

/// <summary>Webhook mode when Telegram cannot be reached at start: the start goes on and set-up is retried, as polling does.</summary>
public sealed class WebhookStartTests
{
    [Fact(Timeout = 60_000)]
    public async Task With_the_api_refusing_connections_at_start_the_webhook_set_up_is_retried_until_it_comes_up()
    {
        var port = FreeLoopbackPort(); // nothing listens there yet: connections are refused
        var logs = new FakeLogCollector();
        var settings = new Dictionary<string, string?>
        {
            ["Telegram:BotToken"] = FakeTelegramServer.Token,
            ["Telegram:ApiBaseUrl"] = $"http://127.0.0.1:{port}",
            ["Telegram:RequestTimeout"] = "00:00:01",
            ["Telegram:PollingBackoffBase"] = "00:00:00.050",
            ["Telegram:PollingBackoffMax"] = "00:00:00.200",
            ["Telegram:Mode"] = "Webhook",
            ["Telegram:WebhookUrl"] = "https://bot.example.org/telegram/webhook",
            ["Telegram:WebhookSecret"] = "s3cret_Value-123",
            ["Telegram:WebhookListenUrl"] = "http://127.0.0.1:0",
        };
        using var host = TelegramTestHost.Build(settings, new FakeConversationHandler.DurableState(), logs);

        await host.StartAsync(); // does not throw: an unreachable API is not a reason to give up
        var service = host.Services.GetServices<IHostedService>().OfType<TelegramWebhookService>().Single();
        Assert.False(service.SetUp.IsCompleted);
        await Eventually.TrueAsync(() => logs.GetSnapshot().Count(r => r.Id.Id == 2031) >= 2, "the set-up failed twice (retried with backoff)", TimeSpan.FromSeconds(20));

        await using var server = await FakeTelegramServer.StartAsync(port);
        await service.SetUp.WaitAsync(TimeSpan.FromSeconds(30));

        var set = Assert.Single(server.CallsTo("setWebhook"));
        Assert.Equal("https://bot.example.org/telegram/webhook", set.Params["url"]!.GetValue<string>());
        Assert.Contains(logs.GetSnapshot(), r => r.Id.Id == 2041); // "webhook set"
        await host.StopAsync();
    }

    [Fact(Timeout = 60_000)]
    public async Task A_rejected_token_at_start_still_stops_the_start_in_webhook_mode()
    {
        await using var server = await FakeTelegramServer.StartAsync();
        server.Script("getMe", Fault.Status(401, "Unauthorized"));
        var settings = TelegramTestHost.DefaultSettings(server);
        settings["Telegram:Mode"] = "Webhook";
        settings["Telegram:WebhookUrl"] = "https://bot.example.org/telegram/webhook";
        settings["Telegram:WebhookSecret"] = "s3cret_Value-123";
        settings["Telegram:WebhookListenUrl"] = "http://127.0.0.1:0";
        using var host = TelegramTestHost.Build(settings, new FakeConversationHandler.DurableState(), new FakeLogCollector());

        await Assert.ThrowsAsync<TelegramUnauthorizedException>(() => host.StartAsync());

        Assert.Empty(server.CallsTo("setWebhook"));
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
