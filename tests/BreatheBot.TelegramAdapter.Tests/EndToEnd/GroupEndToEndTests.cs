using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using BreatheBot.Core.Content;
using BreatheBot.TelegramAdapter.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace BreatheBot.TelegramAdapter.Tests.EndToEnd;

/// <summary>The whole bot in groups (and in webhook mode), against the fake Bot API.</summary>
[Collection(GroupChatsCollection.Name)]
public sealed class GroupEndToEndTests(GroupChatAudit audit) : IAsyncLifetime
{
    private const long Group = -4001;
    private const long Supergroup = -1002000000001;
    private const long Bo = 222;
    private readonly string _database = BotHarness.NewDatabasePath();
    private FakeTelegramServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeTelegramServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        BotHarness.DeleteDatabase(_database);
        audit.Collect(_server);
    }

    private static bool LooksLikeAHealthQuestion(StoredMessage message) =>
        message.PlainText.Contains(Wording.EmergencyScreenIntro, StringComparison.Ordinal)
        || message.PlainText.Contains("pain", StringComparison.OrdinalIgnoreCase)
        || (message.ReplyMarkup?.Contains(":e:", StringComparison.Ordinal) ?? false);

    [Fact]
    public async Task A_headache_asked_for_in_a_group_gets_only_a_deep_link_and_the_flow_continues_in_private()
    {
        await using var bot = await BotHarness.StartAsync(_server, _database);
        await bot.SayAsync(Group, Bo, "/headache@BreatheTestBot");
        await Eventually.TrueAsync(() => _server.MessagesIn(Group).Count == 1, "the group gets one reply");

        var reply = _server.MessagesIn(Group).Single();
        var url = JsonNode.Parse(reply.ReplyMarkup!)!["inline_keyboard"]![0]![0]!["url"]!.GetValue<string>();
        Assert.Equal("https://t.me/BreatheTestBot?start=headache", url);
        Assert.DoesNotContain(_server.MessagesIn(Group), LooksLikeAHealthQuestion);

        await bot.SayAsync(Bo, Bo, "/start headache"); // what Telegram sends when the person opens the link
        await Eventually.TrueAsync(() => bot.FindButton(Bo, d => d == "e:none") is not null, "the safety check is asked in private");
        await Task.Delay(200);
        Assert.Single(_server.MessagesIn(Group));
    }

    [Fact]
    public async Task Breathe_addressed_to_the_bot_runs_a_shared_session_in_the_group_and_other_bots_commands_are_ignored()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var bot = await BotHarness.StartAsync(_server, _database, time);
        await bot.SayAsync(Group, Bo, "/breathe@OtherBot");
        await bot.SayAsync(Group, Bo, "/breathe@BreatheTestBot");

        await Eventually.TrueAsync(() => bot.FindButton(Group, d => d == "sb:stop") is not null, "the shared pacer is shown");
        var pacer = bot.FindButton(Group, d => d == "sb:stop")!.Value.Message;
        time.Advance(TimeSpan.FromSeconds(6));
        await Eventually.TrueAsync(() => _server.CallsTo("editMessageText").Any(c => c.Ok && c.ChatId == Group), "the pacer moves on");

        Assert.All(_server.CallsTo("editMessageText"), c => Assert.Equal(pacer.MessageId, (int)FakeTelegramServer.ReadLong(c.Params, "message_id")!));
        Assert.DoesNotContain(_server.MessagesIn(Group), LooksLikeAHealthQuestion);
        Assert.Equal(2, _server.MessagesIn(Group).Count); // the start line and the pacer: /breathe@OtherBot got nothing
    }

    [Fact]
    public async Task Joining_a_shared_session_is_confirmed_privately_to_the_presser_and_only_admins_get_channel_stats()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var bot = await BotHarness.StartAsync(_server, _database, time);
        await bot.SayAsync(Group, Bo, "/breathe");
        await bot.PressAsync(Group, Bo, "sb:join");
        await bot.PressAsync(Group, Bo, "sb:join");

        var answers = _server.CallsTo("answerCallbackQuery").Select(c => c.Params["text"]?.GetValue<string>()).ToList();
        Assert.Equal([ChannelWording.Joined, ChannelWording.AlreadyJoined], answers);
        Assert.DoesNotContain(_server.MessagesIn(Group), m => m.PlainText.Contains(ChannelWording.Joined, StringComparison.Ordinal));

        _server.MakeAdmin(Group, 333);
        await bot.SayAsync(Group, Bo, "/channelstats");
        await bot.SayAsync(Group, 333, "/channelstats");
        await Eventually.TrueAsync(() => _server.MessagesIn(Group).Count(m => !m.PlainText.Contains("Breathe", StringComparison.OrdinalIgnoreCase)) >= 2, "both are answered");
        Assert.Contains(_server.MessagesIn(Group), m => m.PlainText == ChannelWording.AdminsOnly);
        Assert.Contains(_server.MessagesIn(Group), m => m.PlainText.StartsWith("In this channel so far:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_bot_added_to_a_group_posts_one_short_welcome()
    {
        await using var bot = await BotHarness.StartAsync(_server, _database);
        var added = _server.BotAdded(Group, Bo, "administrator");
        await _server.WaitForConfirmedAsync(added + 1);

        await Eventually.TrueAsync(() => _server.MessagesIn(Group).Count == 1, "the welcome is posted");
        Assert.StartsWith("Hi, I'm BreatheBot.", _server.MessagesIn(Group)[0].PlainText, StringComparison.Ordinal);
        Assert.Contains("admin", _server.MessagesIn(Group)[0].PlainText, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_group_that_becomes_a_supergroup_keeps_its_running_session()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var bot = await BotHarness.StartAsync(_server, _database, time);
        await bot.SayAsync(Group, Bo, "/breathe");
        await Eventually.TrueAsync(() => bot.FindButton(Group, d => d == "sb:stop") is not null, "the shared pacer is shown");

        var migrated = _server.MigrateGroup(Group, Supergroup);
        await _server.WaitForConfirmedAsync(migrated + 1);
        await bot.SayAsync(Supergroup, Bo, "/breathe");

        await Eventually.TrueAsync(() => _server.MessagesIn(Supergroup).Count == 1, "the supergroup is answered");
        Assert.Equal(Wording.SharedBreathingRunning, _server.MessagesIn(Supergroup)[0].PlainText); // the session moved with the chat
    }

    [Fact]
    public async Task In_webhook_mode_the_secret_is_checked_and_a_valid_update_is_answered()
    {
        const string secret = "hook_Secret-42";
        await using var bot = await BotHarness.StartAsync(_server, _database, configure: s =>
        {
            s["Telegram:Mode"] = "Webhook";
            s["Telegram:WebhookUrl"] = "https://bot.example.org/telegram/webhook";
            s["Telegram:WebhookSecret"] = secret;
            s["Telegram:WebhookListenUrl"] = "http://127.0.0.1:0";
        });
        var endpoint = bot.Host.Services.GetServices<IHostedService>().OfType<TelegramWebhookService>().Single().ListenAddresses[0] + "/telegram/webhook";
        using var http = new HttpClient();
        const string update = """
            {"update_id":9001,"message":{"message_id":41,"from":{"id":111,"is_bot":false,"first_name":"Ana"},"chat":{"id":111,"type":"private","first_name":"Ana"},"date":1767225600,"text":"/start","entities":[{"type":"bot_command","offset":0,"length":6}]}}
            """;
        async Task<HttpStatusCode> Post(string? header)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new StringContent(update, Encoding.UTF8, "application/json") };
            if (header is not null)
            {
                request.Headers.Add("X-Telegram-Bot-Api-Secret-Token", header);
            }

            using var response = await http.SendAsync(request);
            return response.StatusCode;
        }

        Assert.Equal(HttpStatusCode.Unauthorized, await Post(null));
        Assert.Equal(HttpStatusCode.Unauthorized, await Post("hook_Secret-43"));
        await Task.Delay(200);
        Assert.Empty(_server.MessagesIn(111));
        Assert.Equal(HttpStatusCode.OK, await Post(secret));

        await Eventually.TrueAsync(() => _server.MessagesIn(111).Count >= 1, "the welcome is sent");
        Assert.Single(_server.CallsTo("setWebhook"));
        var logs = TelegramTestHost.AllText(bot.Logs);
        Assert.DoesNotContain(secret, logs, StringComparison.Ordinal);
        Assert.DoesNotContain(FakeTelegramServer.Token, logs, StringComparison.Ordinal);
    }
}
