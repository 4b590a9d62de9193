using System.Net;
using System.Net.Http.Json;
using System.Text;
using BreatheBot.Core.Messaging;
using BreatheBot.TelegramAdapter.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace BreatheBot.TelegramAdapter.Tests;

/// <summary>Webhook mode: Kestrel inside the host, setWebhook at start, the secret header checked.</summary>
public sealed class WebhookTests : IAsyncLifetime
{
    private const string Secret = "s3cret_Value-123";
    private FakeTelegramServer _server = null!;
    private readonly FakeConversationHandler.DurableState _core = new();
    private TelegramTestHost _host = null!;
    private readonly HttpClient _http = new();
    private string _endpoint = string.Empty;

    public async Task InitializeAsync()
    {
        _server = await FakeTelegramServer.StartAsync();
        _host = await TelegramTestHost.StartAsync(_server, _core, s =>
        {
            s["Telegram:Mode"] = "Webhook";
            s["Telegram:WebhookUrl"] = "https://bot.example.org/telegram/webhook";
            s["Telegram:WebhookSecret"] = Secret;
            s["Telegram:WebhookListenUrl"] = "http://127.0.0.1:0";
        });
        var service = _host.Host.Services.GetServices<IHostedService>().OfType<TelegramWebhookService>().Single();
        _endpoint = service.ListenAddresses[0] + "/telegram/webhook";
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _host.DisposeAsync();
        await _server.DisposeAsync();
    }

    private static string TextUpdate(int id, string text) => $$$"""
        {"update_id":{{{id}}},"message":{"message_id":41,"from":{"id":111,"is_bot":false,"first_name":"Ana"},"chat":{"id":111,"type":"private","first_name":"Ana"},"date":1767225600,"text":"{{{text}}}"}}
        """;

    private Task<HttpResponseMessage> PostAsync(string json, string? secret)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, _endpoint) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (secret is not null)
        {
            request.Headers.Add("X-Telegram-Bot-Api-Secret-Token", secret);
        }

        return _http.SendAsync(request);
    }

    [Fact]
    public void Start_sets_the_webhook_with_its_secret_and_update_kinds_and_does_not_poll()
    {
        var set = Assert.Single(_server.CallsTo("setWebhook"));

        Assert.Equal("https://bot.example.org/telegram/webhook", set.Params["url"]!.GetValue<string>());
        Assert.Equal(Secret, set.Params["secret_token"]!.GetValue<string>());
        var allowed = set.Params["allowed_updates"]!.AsArray().Select(a => a!.GetValue<string>()).ToList();
        Assert.Equal(["message", "callback_query", "my_chat_member"], allowed);
        Assert.Empty(_server.CallsTo("getUpdates"));
        Assert.NotNull(_server.CommandsFor("all_private_chats"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong")]
    [InlineData("s3cret_Value-12")]
    public async Task A_request_without_the_right_secret_is_refused_and_nothing_is_handled(string? secret)
    {
        using var response = await PostAsync(TextUpdate(7001, "hello"), secret);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(_core.Handled);
        var log = Assert.Single(_host.Logs.GetSnapshot(), r => r.Id.Id == 2040);
        Assert.DoesNotContain(Secret, TelegramTestHost.AllText(_host.Logs), StringComparison.Ordinal);
        Assert.DoesNotContain("hello", log.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_valid_update_is_acknowledged_after_its_turn_and_a_resent_one_is_handled_once()
    {
        using var first = await PostAsync(TextUpdate(7002, "hello"), Secret);
        using var again = await PostAsync(TextUpdate(7002, "hello"), Secret);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var text = Assert.IsType<TextReceived>(Assert.Single(_core.Handled));
        Assert.Equal("hello", text.Text);
        Assert.Equal("7002", text.DeliveryId);
    }

    [Fact]
    public async Task A_turn_that_fails_is_answered_500_so_Telegram_resends_it_and_after_the_set_attempts_it_is_given_up()
    {
        var failuresLeft = 1;
        _core.BeforeDurable = (e, _) => e is TextReceived { Text: "boom" } && Interlocked.Decrement(ref failuresLeft) >= 0
            ? throw new InvalidOperationException("storage hiccup")
            : Task.CompletedTask;

        using var failed = await PostAsync(TextUpdate(7010, "boom"), Secret);
        using var resent = await PostAsync(TextUpdate(7010, "boom"), Secret);

        Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, resent.StatusCode);
        Assert.Equal("boom", Assert.IsType<TextReceived>(Assert.Single(_core.Handled)).Text);

        _core.BeforeDurable = (e, _) => e is TextReceived { Text: "poison" } ? throw new InvalidOperationException("never works") : Task.CompletedTask;
        var statuses = new List<HttpStatusCode>();
        for (var attempt = 0; attempt < 3; attempt++)
        {
            using var response = await PostAsync(TextUpdate(7011, "poison"), Secret);
            statuses.Add(response.StatusCode);
        }

        // Telegram:MaxUpdateAttempts defaults to 3: two 500s, then it is confirmed and logged as lost
        Assert.Equal([HttpStatusCode.InternalServerError, HttpStatusCode.InternalServerError, HttpStatusCode.OK], statuses);
        Assert.Single(_host.Logs.GetSnapshot(), r => r.Id.Id == 2025);
    }

    [Fact]
    public async Task A_real_shaped_callback_query_binds_and_becomes_a_choice()
    {
        const string json = """
            {"update_id":7003,"callback_query":{"id":"4382bfdwdsb323b2d9","from":{"id":111,"is_bot":false,"first_name":"Ana","language_code":"en"},
             "message":{"message_id":41,"from":{"id":123456789,"is_bot":true,"first_name":"BreatheBot","username":"BreatheTestBot"},"chat":{"id":111,"first_name":"Ana","type":"private"},"date":1767225600,"text":"Pick one",
               "reply_markup":{"inline_keyboard":[[{"text":"4-7-8","callback_data":"v1:pace.478"}]]}},
             "chat_instance":"-8811","data":"v1:pace.478"}}
            """;

        using var response = await PostAsync(json, Secret);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("pace.478", Assert.IsType<ChoiceSelected>(Assert.Single(_core.Handled)).ChoiceId);
        Assert.Single(_server.CallsTo("answerCallbackQuery"));
    }

    [Fact]
    public async Task A_body_that_is_not_an_update_is_refused()
    {
        using var response = await PostAsync("{not json", Secret);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(_core.Handled);
    }
}
