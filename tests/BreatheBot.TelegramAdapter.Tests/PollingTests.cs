using System.Text.Json.Nodes;
using BreatheBot.Core.Cluster;
using BreatheBot.Core.Conversations;
using BreatheBot.Core.Messaging;
using BreatheBot.TelegramAdapter.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;

namespace BreatheBot.TelegramAdapter.Tests;

/// <summary>Receiving by long polling: the real Telegram.Bot client against the loopback fake.</summary>
public sealed class PollingTests : IAsyncLifetime
{
    private const long Ana = 111;
    private FakeTelegramServer _server = null!;
    private readonly FakeConversationHandler.DurableState _core = new();

    public async Task InitializeAsync() => _server = await FakeTelegramServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Start_registers_menus_deletes_the_webhook_keeping_updates_and_long_polls_for_the_needed_kinds()
    {
        await using var host = await TelegramTestHost.StartAsync(_server, _core);
        var poll = await _server.WaitForCallAsync("getUpdates");

        Assert.Single(_server.CallsTo("getMe"));
        var deleteWebhook = Assert.Single(_server.CallsTo("deleteWebhook"));
        Assert.NotEqual(true, deleteWebhook.Params["drop_pending_updates"]?.GetValue<bool>());
        var privateMenu = _server.CommandsFor("all_private_chats")!.Select(c => c!["command"]!.GetValue<string>()).ToList();
        var groupMenu = _server.CommandsFor("all_group_chats")!.Select(c => c!["command"]!.GetValue<string>()).ToList();
        Assert.Contains("headache", privateMenu);
        Assert.Contains("start", privateMenu);
        Assert.Contains("breathe", groupMenu);
        Assert.DoesNotContain("start", groupMenu);
        Assert.True(poll.Params["timeout"]!.GetValue<int>() > 0);
        var allowed = poll.Params["allowed_updates"]!.AsArray().Select(a => a!.GetValue<string>()).ToList();
        Assert.Contains("message", allowed);
        Assert.Contains("callback_query", allowed);
        Assert.Contains("my_chat_member", allowed);
        Assert.DoesNotContain(_server.CallsTo("getUpdates"), c => (FakeTelegramServer.ReadLong(c.Params, "offset") ?? 0) < 0);
    }

    [Fact]
    public async Task Updates_are_handled_in_order_and_confirmed_with_the_next_offset_only_after_their_turns()
    {
        await using var host = await TelegramTestHost.StartAsync(_server, _core);
        var first = _server.UserText(Ana, Ana, "one");
        _server.UserText(Ana, Ana, "two");
        var last = _server.UserText(Ana, Ana, "three");

        await _server.WaitForConfirmedAsync(last + 1);

        var texts = _core.Handled.OfType<TextReceived>().Select(t => t.Text).ToList();
        Assert.Equal(["one", "two", "three"], texts);
        Assert.Equal(first.ToString(System.Globalization.CultureInfo.InvariantCulture), _core.Handled[0].DeliveryId);
        Assert.Equal(last + 1, _server.ConfirmedOffset);
        Assert.Equal(0, _server.PendingUpdateCount);
    }

    [Fact]
    public async Task Chats_of_one_batch_are_handled_at_the_same_time_even_when_a_turn_does_synchronous_work()
    {
        // The real core reads LiteDB synchronously before its first await; a batch's chats must still share the cores
        // (seen in issue 7's B8 stack samples: a batch's turns ran one after another on the polling thread).
        const long Ben = 222;
        using var benStarted = new ManualResetEventSlim();
        var anaSawBen = false;
        _core.BeforeDurable = (e, _) =>
        {
            if (e.Key.ChatId == "222")
            {
                benStarted.Set();
            }
            else
            {
                anaSawBen = benStarted.Wait(TimeSpan.FromSeconds(3)); // blocks the thread, as synchronous I/O does
            }

            return Task.CompletedTask;
        };
        _server.UserText(Ana, Ana, "one"); // both queued before the bot starts: they arrive in one batch
        var last = _server.UserText(Ben, Ben, "two");
        await using var host = await TelegramTestHost.StartAsync(_server, _core);

        await _server.WaitForConfirmedAsync(last + 1);

        Assert.True(anaSawBen, "Ben's turn started while Ana's was still busy");
    }

    [Fact]
    public async Task A_turn_that_fails_is_not_confirmed_and_is_handled_again_in_order_while_other_chats_go_on()
    {
        const long Ben = 222;
        var failuresLeft = 1;
        _core.BeforeDurable = (e, _) => e is TextReceived { Text: "boom" } && Interlocked.Decrement(ref failuresLeft) >= 0
            ? throw new InvalidOperationException("storage hiccup")
            : Task.CompletedTask;
        var boom = _server.UserText(Ana, Ana, "boom");
        _server.UserText(Ben, Ben, "hello");
        var fine = _server.UserText(Ana, Ana, "fine");
        await using var host = await TelegramTestHost.StartAsync(_server, _core);

        await _server.WaitForConfirmedAsync(fine + 1);

        // Ana's turns in her order, each once; Ben's once, though his batch was asked for again
        Assert.Equal(["boom", "fine"], _core.Handled.OfType<TextReceived>().Where(t => t.Key.ChatId == "111").Select(t => t.Text));
        Assert.Equal("hello", Assert.Single(_core.Handled.OfType<TextReceived>(), t => t.Key.ChatId == "222").Text);
        // the failed update was asked for again: a later getUpdates still had an offset at or below it
        Assert.True(_server.CallsTo("getUpdates").Count(c => c.Ok && (FakeTelegramServer.ReadLong(c.Params, "offset") ?? 0) <= boom) >= 2);
        var retried = Assert.Single(host.Logs.GetSnapshot(), r => r.Id.Id == 2026);
        Assert.IsType<InvalidOperationException>(retried.Exception);
        Assert.DoesNotContain(host.Logs.GetSnapshot(), r => r.Id.Id == 2025);
    }

    [Fact]
    public async Task When_the_attempts_cannot_be_counted_a_failing_update_is_kept_past_the_set_attempts_and_handled_once_it_works()
    {
        var attempts = 0;
        _core.BeforeDurable = (e, _) => e is TextReceived { Text: "later" } && Interlocked.Increment(ref attempts) <= 5
            ? throw new InvalidOperationException("storage away")
            : Task.CompletedTask;
        await using var host = await TelegramTestHost.StartAsync(_server, _core, services: s => s.AddSingleton<IDeliveryAttempts>(new UnreachableDeliveryAttempts()));
        var later = _server.UserText(Ana, Ana, "later");

        await _server.WaitForConfirmedAsync(later + 1);

        Assert.Equal(6, attempts); // five failures, more than Telegram:MaxUpdateAttempts (3), and it was not given up
        Assert.Equal("later", Assert.Single(_core.Handled.OfType<TextReceived>()).Text);
        Assert.Equal(5, host.Logs.GetSnapshot().Count(r => r.Id.Id == 2092));
        Assert.DoesNotContain(host.Logs.GetSnapshot(), r => r.Id.Id == 2025);
    }

    [Fact]
    public async Task An_update_that_keeps_failing_is_given_up_after_the_set_attempts_and_receiving_goes_on()
    {
        var attempts = 0;
        _core.BeforeDurable = (e, _) => e is TextReceived { Text: "poison" }
            ? throw new TaskCanceledException($"an inner timeout, attempt {Interlocked.Increment(ref attempts)}")
            : Task.CompletedTask;
        await using var host = await TelegramTestHost.StartAsync(_server, _core);
        _server.UserText(Ana, Ana, "poison");
        var after = _server.UserText(Ana, Ana, "after");

        await _server.WaitForConfirmedAsync(after + 1);

        Assert.Equal(3, attempts); // Telegram:MaxUpdateAttempts defaults to 3
        Assert.Equal("after", Assert.Single(_core.Handled.OfType<TextReceived>()).Text);
        await Eventually.TrueAsync(() => _server.MessagesIn(Ana).Any(m => m.PlainText.Contains("send it again", StringComparison.Ordinal)), "the person is told to send it again");
        Assert.Equal(2, host.Logs.GetSnapshot().Count(r => r.Id.Id == 2026));
        var lost = Assert.Single(host.Logs.GetSnapshot(), r => r.Id.Id == 2025);
        Assert.IsType<TaskCanceledException>(lost.Exception);
    }

    [Fact]
    public async Task Bad_gateway_pages_are_survived_with_backoff_instead_of_a_hot_loop()
    {
        _server.Script("getUpdates", Fault.Raw(502, "<html>bad gateway</html>"), Fault.Raw(502, "<html>bad gateway</html>"), Fault.Raw(502, "<html>bad gateway</html>"));
        await using var host = await TelegramTestHost.StartAsync(_server, _core);
        var update = _server.UserText(Ana, Ana, "still there?");

        await _server.WaitForConfirmedAsync(update + 1);

        Assert.Equal(3, _server.CallsTo("getUpdates").Count(c => c.Status == 502));
        Assert.Equal(3, host.Logs.GetSnapshot().Count(r => r.Id.Id == 2024));
        var failures = _server.CallsTo("getUpdates").Where(c => c.Status == 502).Select(c => c.At).ToList();
        Assert.True(failures[2] - failures[0] >= TimeSpan.FromMilliseconds(100), "retries after a failure must wait (backoff 50 ms, then 100 ms)");
    }

    [Fact]
    public async Task A_conflict_with_another_poller_is_logged_with_what_to_do_and_backed_off()
    {
        _server.Script("getUpdates", Fault.Status(409, "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"));
        await using var host = await TelegramTestHost.StartAsync(_server, _core);
        var update = _server.UserText(Ana, Ana, "hello");

        await _server.WaitForConfirmedAsync(update + 1);

        var conflict = Assert.Single(host.Logs.GetSnapshot(), r => r.Id.Id == 2023);
        Assert.Contains("single instance", conflict.Message, StringComparison.Ordinal);
        var polls = _server.CallsTo("getUpdates");
        var afterConflict = polls.SkipWhile(c => c.Status != 409).Skip(1).First();
        Assert.True(afterConflict.At - polls.First(c => c.Status == 409).At >= TimeSpan.FromMilliseconds(90));
    }

    [Fact]
    public async Task A_webhook_set_behind_our_back_is_deleted_again_and_polling_resumes()
    {
        _server.Script("getUpdates", Fault.Status(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"));
        await using var host = await TelegramTestHost.StartAsync(_server, _core);
        var update = _server.UserText(Ana, Ana, "hello");

        await _server.WaitForConfirmedAsync(update + 1);

        Assert.Equal(2, _server.CallsTo("deleteWebhook").Count);
        Assert.Single(_core.Handled);
    }

    [Fact]
    public async Task A_repeated_update_id_is_handled_once_and_a_random_lower_id_after_a_jump_is_still_handled()
    {
        var body = () => new JsonObject
        {
            ["message"] = new JsonObject
            {
                ["message_id"] = 7,
                ["from"] = FakeTelegramServer.UserJson(Ana),
                ["chat"] = new JsonObject { ["id"] = Ana, ["type"] = "private", ["first_name"] = "Ana" },
                ["date"] = 1767225600,
                ["text"] = "hi",
            },
        };
        _server.InjectUpdate(body(), forceUpdateId: 900_000);
        _server.InjectUpdate(body(), forceUpdateId: 900_000); // the same update delivered twice
        await using var host = await TelegramTestHost.StartAsync(_server, _core);
        await _server.WaitForConfirmedAsync(900_001);
        var low = _server.InjectUpdate(body(), forceUpdateId: 42); // ids become random after a quiet week
        await _server.WaitForCallAsync("getUpdates", c => c.Params["offset"]?.GetValue<int>() == low + 1);

        Assert.Equal(["900000", "42"], _core.Handled.Select(e => e.DeliveryId!).ToArray());
    }

    [Fact]
    public async Task Stopping_during_a_long_poll_ends_quickly_and_sends_nothing_afterwards()
    {
        _server.LongPollCap = TimeSpan.FromSeconds(20);
        var host = await TelegramTestHost.StartAsync(_server, _core, s => s["Telegram:LongPollTimeoutSeconds"] = "30");
        await Eventually.TrueAsync(() => _server.PollPending, "a long poll is pending");

        var stopping = host.DisposeAsync().AsTask();
        await stopping.WaitAsync(TimeSpan.FromSeconds(4));
        var count = _server.Calls.Count(c => c.Status != 0);
        await Task.Delay(200);

        Assert.Equal(count, _server.Calls.Count(c => c.Status != 0)); // the abandoned poll itself is recorded late with status 0
    }

    [Fact]
    public async Task A_rejected_token_fails_start_with_a_message_naming_the_setting()
    {
        var logs = new Microsoft.Extensions.Logging.Testing.FakeLogCollector();
        var settings = TelegramTestHost.DefaultSettings(_server);
        settings["Telegram:BotToken"] = "987654321:WRONG_token-xyz";
        using var host = TelegramTestHost.Build(settings, _core, logs);

        var error = await Assert.ThrowsAsync<TelegramUnauthorizedException>(() => host.StartAsync());

        Assert.Contains("Telegram:BotToken", error.Message, StringComparison.Ordinal);
        Assert.Contains(logs.GetSnapshot(), r => r.Id.Id == 2029 && r.Level == Microsoft.Extensions.Logging.LogLevel.Critical);
        Assert.DoesNotContain("WRONG_token", TelegramTestHost.AllText(logs), StringComparison.Ordinal);
    }
}
