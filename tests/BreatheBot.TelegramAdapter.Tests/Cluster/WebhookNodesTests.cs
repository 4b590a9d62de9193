using System.Net;
using System.Text;
using BreatheBot.Core.Cluster;
using BreatheBot.TelegramAdapter.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace BreatheBot.TelegramAdapter.Tests.Cluster;

/// <summary>
/// Webhook mode with several nodes behind one load balancer: every node serves the webhook, and only the node holding
/// the webhook set-up lease calls setWebhook; none deletes it. Two hosts sharing one <see cref="LocalClusterLeases"/>
/// stand for two nodes sharing PostgreSQL's advisory locks.
/// </summary>
public sealed class WebhookNodesTests : IAsyncLifetime
{
    private const string Secret = "s3cret_Value-123";
    private const string Url = "https://bot.example.org/telegram/webhook";
    private FakeTelegramServer _server = null!;
    private readonly FakeConversationHandler.DurableState _database = new();
    private readonly LocalClusterLeases _leases = new();
    private readonly HttpClient _http = new();

    public async Task InitializeAsync() => _server = await FakeTelegramServer.StartAsync();

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    private Task<TelegramTestHost> StartNodeAsync() =>
        TelegramTestHost.StartAsync(
            _server,
            _database,
            s =>
            {
                s["Telegram:Mode"] = "Webhook";
                s["Telegram:WebhookUrl"] = Url;
                s["Telegram:WebhookSecret"] = Secret;
                s["Telegram:WebhookListenUrl"] = "http://127.0.0.1:0";
                s["Telegram:LeaseRetryInterval"] = "00:00:00.050";
            },
            services: services => services.AddSingleton<IClusterLeases>(_leases));

    private static TelegramWebhookService Webhook(TelegramTestHost node) =>
        node.Host.Services.GetServices<IHostedService>().OfType<TelegramWebhookService>().Single();

    private async Task<HttpStatusCode> PostAsync(TelegramTestHost node, int updateId, string text)
    {
        var json = $$$"""
            {"update_id":{{{updateId}}},"message":{"message_id":41,"from":{"id":111,"is_bot":false,"first_name":"Ana"},"chat":{"id":111,"type":"private","first_name":"Ana"},"date":1767225600,"text":"{{{text}}}"}}
            """;
        using var request = new HttpRequestMessage(HttpMethod.Post, Webhook(node).ListenAddresses[0] + "/telegram/webhook")
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Telegram-Bot-Api-Secret-Token", Secret);
        using var response = await _http.SendAsync(request);
        return response.StatusCode;
    }

    [Fact]
    public async Task Of_two_nodes_one_sets_the_webhook_both_serve_it_and_the_other_sets_it_again_when_the_first_stops()
    {
        var first = await StartNodeAsync();
        await using var second = await StartNodeAsync();

        var set = Assert.Single(_server.CallsTo("setWebhook"));
        Assert.Equal(Url, set.Params["url"]!.GetValue<string>());
        Assert.True(Webhook(first).Registration.HoldsLease);
        Assert.False(Webhook(second).Registration.HoldsLease);
        Assert.Equal(2, _server.CallsTo("getMe").Count); // each node checks the token at its start
        Assert.NotNull(_server.CommandsFor("all_private_chats")); // the menus, by the lease holder
        Assert.Equal(HttpStatusCode.OK, await PostAsync(first, 7001, "to the first"));
        Assert.Equal(HttpStatusCode.OK, await PostAsync(second, 7002, "to the second"));
        Assert.Equal(HttpStatusCode.OK, await PostAsync(second, 7001, "to the first")); // a resend on the other node: dropped
        Assert.Equal(["7001", "7002"], _database.Handled.Select(e => e.DeliveryId!));
        await Task.Delay(200); // several retry intervals: the second node keeps standing by
        Assert.Single(_server.CallsTo("setWebhook"));

        await first.DisposeAsync();

        await Webhook(second).SetUp.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(Webhook(second).Registration.HoldsLease);
        Assert.All(_server.CallsTo("setWebhook"), call => Assert.Equal(Url, call.Params["url"]!.GetValue<string>()));
        Assert.Equal(2, _server.CallsTo("setWebhook").Count);
        Assert.Empty(_server.CallsTo("deleteWebhook")); // a stopping node never takes the webhook from the others
        Assert.Equal((Url, (string?)Secret), _server.Webhook);
    }
}
