using System.Text.Json.Nodes;
using BreatheBot.Core.Conversations;
using BreatheBot.Core.Messaging;
using BreatheBot.TelegramAdapter.Tests.Fakes;

namespace BreatheBot.TelegramAdapter.Tests;

/// <summary>Rendering and sending the core's replies: the real client against the loopback fake (strict mode on).</summary>
public sealed class SendingTests : IAsyncLifetime
{
    private const long Ana = 111;
    private const long Group = -4001;
    private FakeTelegramServer _server = null!;
    private readonly FakeConversationHandler.DurableState _core = new();

    public async Task InitializeAsync() => _server = await FakeTelegramServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static TextReply Text(string key, string text, params (string Id, string Label)[] choices) =>
        new(key, text, [.. choices.Select(c => new ReplyChoice(c.Id, c.Label))]);

    [Fact]
    public async Task A_reply_is_sent_as_escaped_HTML_with_its_choices_as_an_inline_keyboard()
    {
        _core.Respond = e => e is CommandReceived { Name: "start" }
            ? [Text("welcome", "Hi <Ana> & friends: 5 > 3 \"ok\"", ("triage.start", "Start"), ("help", "Help"))]
            : [];
        await using var host = await TelegramTestHost.StartAsync(_server, _core);
        _server.UserText(Ana, Ana, "/start");

        var sent = await _server.WaitForCallAsync("sendMessage");

        Assert.True(sent.Ok, sent.Description);
        Assert.Equal("html", sent.Params["parse_mode"]!.GetValue<string>(), ignoreCase: true);
        Assert.Equal("Hi <Ana> & friends: 5 > 3 \"ok\"", _server.MessagesIn(Ana).Single().PlainText);
        var buttons = sent.Params["reply_markup"]!["inline_keyboard"]!.AsArray().SelectMany(r => r!.AsArray()).ToList();
        Assert.Equal(["v1:triage.start", "v1:help"], buttons.Select(b => b!["callback_data"]!.GetValue<string>()));
        Assert.Empty(_server.Violations);
    }

    [Fact]
    public async Task A_button_press_is_answered_once_and_reaches_the_core_as_the_choice()
    {
        _core.Respond = e => e is CommandReceived ? [Text("q", "Pick one", ("pace.478", "4-7-8"))] : [];
        await using var host = await TelegramTestHost.StartAsync(_server, _core);
        _server.UserText(Ana, Ana, "/breathe");
        await _server.WaitForCallAsync("sendMessage");
        var click = _server.ClickButton(Ana, Ana, "4-7-8");

        await _server.WaitForConfirmedAsync(click + 1);

        var answer = Assert.Single(_server.CallsTo("answerCallbackQuery"));
        Assert.True(answer.Ok);
        var choice = Assert.Single(_core.Handled.OfType<ChoiceSelected>());
        Assert.Equal("pace.478", choice.ChoiceId);
        Assert.Equal(ConversationKey.Private(Platform.Telegram, "111", "111"), choice.Key);
    }

    [Fact]
    public async Task The_pacer_edits_one_message_in_place_and_an_unchanged_frame_is_not_an_error()
    {
        _core.Respond = e => e switch
        {
            CommandReceived =>
            [
                new TextReply("pacer", "Breathe in… 4", [new ReplyChoice("pacer.stop", "Stop")], Slot: "pacer"),
                new EditReply("pacer", "pacer", "Hold… 7", [new ReplyChoice("pacer.stop", "Stop")]),
            ],
            TextReceived { Text: "same" } => [new EditReply("pacer", "pacer", "Hold… 7", [new ReplyChoice("pacer.stop", "Stop")])],
            _ => [new TextReply("after", "Well done")],
        };
        await using var host = await TelegramTestHost.StartAsync(_server, _core);
        _server.UserText(Ana, Ana, "/breathe");
        await _server.WaitForCallAsync("editMessageText");
        _server.UserText(Ana, Ana, "same");
        await _server.WaitForCallAsync("editMessageText", c => c.Description?.Contains("not modified", StringComparison.Ordinal) == true);
        _server.UserText(Ana, Ana, "done");

        await _server.WaitForCallAsync("sendMessage", c => c.Text == "Well done");

        var messages = _server.MessagesIn(Ana);
        Assert.Equal(2, messages.Count);
        Assert.Equal("Hold… 7", messages[0].PlainText);
        var edits = _server.CallsTo("editMessageText");
        Assert.Equal(2, edits.Count);
        Assert.All(edits, e => Assert.Equal(messages[0].MessageId, (int)FakeTelegramServer.ReadLong(e.Params, "message_id")!));
        Assert.Equal(0, host.Outbox.Statistics.Dropped);
        Assert.DoesNotContain(host.Logs.GetSnapshot(), r => r.Level >= Microsoft.Extensions.Logging.LogLevel.Warning);
    }

    [Fact]
    public async Task An_edit_of_a_slot_the_adapter_does_not_know_sends_a_new_message_and_later_edits_update_it()
    {
        _core.Respond = e => e is TextReceived { Text: "tick" }
            ? [new EditReply("timer", "hold", "30 s left", [])]
            : [new EditReply("timer", "hold", "20 s left", [])];
        await using var host = await TelegramTestHost.StartAsync(_server, _core);
        _server.UserText(Ana, Ana, "tick");
        await _server.WaitForCallAsync("sendMessage");
        _server.UserText(Ana, Ana, "tock");

        await _server.WaitForCallAsync("editMessageText", c => c.Ok);

        Assert.Equal("20 s left", Assert.Single(_server.MessagesIn(Ana)).PlainText);
    }

    [Fact]
    public async Task Text_longer_than_4096_characters_is_split_into_valid_messages_in_order()
    {
        var paragraphs = Enumerable.Range(1, 60).Select(i => $"Episode {i}: " + new string('x', 120) + " <&>").ToList();
        var history = string.Join("\n\n", paragraphs);
        _core.Respond = e => e is CommandReceived ? [Text("history", history, ("more", "More"))] : [];
        await using var host = await TelegramTestHost.StartAsync(_server, _core);
        _server.UserText(Ana, Ana, "/history");

        await Eventually.TrueAsync(() => _server.MessagesIn(Ana).Any(m => m.ReplyMarkup is not null), "the last piece (with the keyboard) is sent");

        var messages = _server.MessagesIn(Ana);
        Assert.True(messages.Count >= 3);
        Assert.All(messages, m => Assert.True(m.PlainText.Length <= 4096));
        Assert.Equal(history.Replace("\n", string.Empty, StringComparison.Ordinal), string.Concat(messages.Select(m => m.PlainText.Replace("\n", string.Empty, StringComparison.Ordinal))));
        Assert.NotNull(messages[^1].ReplyMarkup);
        Assert.Empty(_server.Violations);
    }

    [Fact]
    public async Task A_png_is_sent_as_a_photo_upload_and_other_files_as_documents()
    {
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3];
        _core.Respond = e => e is CommandReceived
            ? [new FileReply("chart", "chart.png", "image/png", png, "Pain <before> & after"), new FileReply("export", "diary.csv", "text/csv", "a,b\n"u8.ToArray(), null)]
            : [];
        await using var host = await TelegramTestHost.StartAsync(_server, _core);
        _server.UserText(Ana, Ana, "/chart");

        var photo = await _server.WaitForCallAsync("sendPhoto");
        var document = await _server.WaitForCallAsync("sendDocument");

        Assert.True(photo.Ok, photo.Description);
        Assert.Equal("attach://0", photo.Params["photo"]!.GetValue<string>());
        Assert.Equal(png, photo.Files["0"].Content);
        Assert.Equal("Pain &lt;before&gt; &amp; after", photo.Params["caption"]!.GetValue<string>());
        Assert.Contains(_server.CallsTo("sendChatAction"), c => c.Params["action"]!.GetValue<string>() == "upload_photo");
        Assert.True(document.Ok, document.Description);
        Assert.Equal("diary.csv", document.Files["0"].FileName);
    }

    [Fact]
    public async Task A_429_is_waited_out_for_its_retry_after_and_the_message_is_delivered_exactly_once()
    {
        _server.Script("sendMessage", Fault.Status(429, "Too Many Requests: retry after 1", retryAfter: 1));
        _core.Respond = e => e is CommandReceived ? [Text("welcome", "Hello")] : [];
        await using var host = await TelegramTestHost.StartAsync(_server, _core);
        _server.UserText(Ana, Ana, "/start");

        var delivered = await _server.WaitForCallAsync("sendMessage", c => c.Ok);
        await host.Outbox.WhenIdleAsync().WaitAsync(TimeSpan.FromSeconds(5));

        var calls = _server.CallsTo("sendMessage");
        Assert.Equal(2, calls.Count); // the client's own retry is off: one 429, one success
        Assert.True(delivered.At - calls[0].At >= TimeSpan.FromSeconds(0.95), "waited retry_after before sending again");
        Assert.Single(_server.MessagesIn(Ana));
        Assert.Contains(host.Logs.GetSnapshot(), r => r.Id.Id == 2004);
    }

    [Fact]
    public async Task Server_errors_and_timeouts_are_retried_with_backoff_and_delivered_once()
    {
        _server.Script("sendMessage", Fault.Status(500, "Internal Server Error"), Fault.Delay(TimeSpan.FromSeconds(3)), Fault.Raw(502, "<html>bad gateway</html>"));
        _core.Respond = e => e is CommandReceived ? [Text("welcome", "Hello")] : [];
        await using var host = await TelegramTestHost.StartAsync(_server, _core);
        _server.UserText(Ana, Ana, "/start");

        await _server.WaitForCallAsync("sendMessage", c => c.Ok, TimeSpan.FromSeconds(15));
        await host.Outbox.WhenIdleAsync().WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(4, _server.CallsTo("sendMessage").Count);
        Assert.Single(_server.MessagesIn(Ana));
        Assert.Equal(3, host.Outbox.Statistics.Retried);
    }

    [Fact]
    public async Task Retries_are_bounded_and_then_the_reply_is_dropped_with_a_log_line()
    {
        _server.Script("sendMessage", Fault.Status(500, "Internal Server Error"), Fault.Status(500, "Internal Server Error"), Fault.Status(500, "Internal Server Error"), Fault.Status(500, "Internal Server Error"));
        _core.Respond = e => e is CommandReceived ? [Text("welcome", "Hello")] : [];
        await using var host = await TelegramTestHost.StartAsync(_server, _core);
        _server.UserText(Ana, Ana, "/start");

        await Eventually.TrueAsync(() => host.Outbox.Statistics.Dropped == 1, "the reply is given up");

        Assert.Equal(4, _server.CallsTo("sendMessage").Count);
        Assert.Contains(host.Logs.GetSnapshot(), r => r.Id.Id == 2005);
    }

    [Fact]
    public async Task A_user_who_blocked_the_bot_ends_sending_to_that_chat_without_retries()
    {
        _server.Block(Ana);
        _core.Respond = e => e is CommandReceived ? [Text("a", "one"), Text("b", "two"), Text("c", "three")] : [];
        await using var host = await TelegramTestHost.StartAsync(_server, _core);
        _server.UserText(Ana, Ana, "/start");

        await Eventually.TrueAsync(() => host.Outbox.Statistics.Dropped == 3, "the chat's replies are dropped");

        Assert.Single(_server.CallsTo("sendMessage"));
        var ended = Assert.Single(host.Logs.GetSnapshot(), r => r.Id.Id == 2006);
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Information, ended.Level);
    }

    [Fact]
    public async Task A_refused_request_is_not_retried_and_the_chat_keeps_working_for_the_next_turn()
    {
        _server.Script("sendMessage", Fault.Status(400, "Bad Request: chat not found"));
        _core.Respond = e => e is CommandReceived ? [Text("a", "one"), Text("b", "two")] : [Text("c", "later")];
        await using var host = await TelegramTestHost.StartAsync(_server, _core);
        _server.UserText(Ana, Ana, "/start");
        await Eventually.TrueAsync(() => host.Outbox.Statistics.Dropped == 2, "the turn's replies are dropped");
        _server.UserText(Ana, Ana, "hello again");

        await _server.WaitForCallAsync("sendMessage", c => c.Ok && c.Text == "later");

        Assert.Equal(2, _server.CallsTo("sendMessage").Count);
    }

    [Fact]
    public async Task Messages_to_one_chat_keep_their_spacing_and_order_within_the_servers_limits()
    {
        _server.RateLimits = new FakeRateLimits(TimeSpan.FromMilliseconds(200), 100, 100, TimeSpan.FromMilliseconds(10));
        _core.Respond = e => e is CommandReceived ? [.. Enumerable.Range(1, 6).Select(i => Text("n", $"message {i}"))] : [];
        await using var host = await TelegramTestHost.StartAsync(_server, _core, s => s["Telegram:PerChatInterval"] = "00:00:00.200");
        _server.UserText(Ana, Ana, "/start");

        await Eventually.TrueAsync(() => _server.MessagesIn(Ana).Count == 6, "all six are delivered");

        Assert.Equal(0, _server.TooManyRequestsCount);
        Assert.Equal(Enumerable.Range(1, 6).Select(i => $"message {i}"), _server.MessagesIn(Ana).Select(m => m.PlainText));
    }
}
