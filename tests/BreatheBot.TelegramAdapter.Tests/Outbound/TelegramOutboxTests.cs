using System.Collections.Concurrent;
using BreatheBot.TelegramAdapter.Outbound;
using BreatheBot.TelegramAdapter.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace BreatheBot.TelegramAdapter.Tests.Outbound;

/// <summary>The outbox's pacing and error policy on a fake clock, with a scripted executor in place of the Bot API.</summary>
public sealed class TelegramOutboxTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 29, 8, 0, 0, TimeSpan.Zero));
    private readonly ScriptedExecutor _executor = new();
    private readonly TelegramOptions _options = new()
    {
        PerChatInterval = TimeSpan.FromSeconds(1),
        RateLimitMargin = TimeSpan.Zero,
        GroupMessagesPerMinute = 20,
        GlobalMessagesPerSecond = 30,
        MaxSendAttempts = 3,
        RetryBaseDelay = TimeSpan.FromSeconds(2),
        RetryMaxDelay = TimeSpan.FromSeconds(10),
    };

    private TelegramOutbox _outbox = null!;

    public Task InitializeAsync()
    {
        _outbox = new TelegramOutbox(Options.Create(_options), _time, NullLogger<TelegramOutbox>.Instance, _executor);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _outbox.DisposeAsync();

    private static SendTextItem Message(long chat, string text = "hi") => new(chat, chat < 0, "test", text, null, null);

    private async Task AdvanceAndSettle(TimeSpan by)
    {
        _time.Advance(by);
        await Task.Delay(50); // let the dispatcher observe the new time
    }

    [Fact]
    public async Task Messages_to_one_chat_go_one_per_interval_in_order()
    {
        _outbox.Enqueue([Message(1, "a"), Message(1, "b"), Message(1, "c")]);
        await Eventually.TrueAsync(() => _outbox.Statistics.Sent == 1, "the first goes at once");
        await Task.Delay(50);
        Assert.Single(_executor.Sent);

        await AdvanceAndSettle(TimeSpan.FromSeconds(1));
        await Eventually.TrueAsync(() => _outbox.Statistics.Sent == 2, "the second after a second");
        await AdvanceAndSettle(TimeSpan.FromSeconds(1));
        await Eventually.TrueAsync(() => _executor.Sent.Count == 3, "the third after another");

        Assert.Equal(["a", "b", "c"], _executor.Sent.Select(s => s.Html));
    }

    [Fact]
    public async Task A_group_gets_at_most_its_per_minute_budget()
    {
        _options.PerChatInterval = TimeSpan.Zero;
        _outbox.Enqueue([.. Enumerable.Range(0, 25).Select(i => Message(-4001, i.ToString(System.Globalization.CultureInfo.InvariantCulture)))]);

        await Eventually.TrueAsync(() => _outbox.Statistics.Sent == 20, "twenty go");
        await Task.Delay(100);
        Assert.Equal(20, _executor.Sent.Count);

        await AdvanceAndSettle(TimeSpan.FromSeconds(61));
        await Eventually.TrueAsync(() => _executor.Sent.Count == 25, "the rest go a minute later");
    }

    [Fact]
    public async Task All_chats_together_get_at_most_the_global_budget_per_second()
    {
        _outbox.Enqueue([.. Enumerable.Range(1, 40).Select(i => Message(i))]);

        await Eventually.TrueAsync(() => _outbox.Statistics.Sent == 30, "thirty go");
        await Task.Delay(100);
        Assert.Equal(30, _executor.Sent.Count);

        await AdvanceAndSettle(TimeSpan.FromSeconds(1));
        await Eventually.TrueAsync(() => _executor.Sent.Count == 40, "the rest go a second later");
    }

    [Fact]
    public async Task A_send_still_in_flight_keeps_its_place_in_the_global_window_until_it_completes()
    {
        _options.GlobalMessagesPerSecond = 2;
        _executor.Block(1);
        _outbox.Enqueue([Message(1, "slow")]);
        await Eventually.TrueAsync(() => _executor.Attempts == 1, "the slow one is in flight");
        _outbox.Enqueue([Message(2, "quick"), Message(3, "waits")]);
        await Eventually.TrueAsync(() => _outbox.Statistics.Sent == 1, "one more fits the budget");

        await AdvanceAndSettle(TimeSpan.FromSeconds(2));
        Assert.DoesNotContain(_executor.Sent, s => s.Html == "waits"); // Telegram may not have seen "slow" yet: no room

        _executor.Release(1);
        await Eventually.TrueAsync(() => _outbox.Statistics.Sent == 2, "the slow one completes");
        await AdvanceAndSettle(TimeSpan.FromSeconds(1));
        await Eventually.TrueAsync(() => _executor.Sent.Any(s => s.Html == "waits"), "a window after it completed, the next goes");
    }

    [Fact]
    public async Task A_429_holds_that_chat_for_retry_after_while_other_chats_go_on()
    {
        _executor.Script(1, new SendResult(SendResultKind.RateLimited, TimeSpan.FromSeconds(5)));
        _outbox.Enqueue([Message(1, "held")]);
        await Eventually.TrueAsync(() => _outbox.Statistics.RateLimited == 1, "the 429 is processed");
        _outbox.Enqueue([Message(2, "other")]);
        await Eventually.TrueAsync(() => _executor.Sent.Any(s => s.Html == "other"), "another chat is not held");

        await AdvanceAndSettle(TimeSpan.FromSeconds(4));
        Assert.DoesNotContain(_executor.Sent, s => s.Html == "held");
        await AdvanceAndSettle(TimeSpan.FromSeconds(1));
        await Eventually.TrueAsync(() => _executor.Sent.Any(s => s.Html == "held"), "sent again after retry_after");

        Assert.Equal(1, _executor.Sent.Count(s => s.Html == "held"));
        Assert.Equal(1, _outbox.Statistics.RateLimited);
    }

    [Fact]
    public async Task Transient_failures_are_retried_with_growing_backoff_and_then_given_up()
    {
        _executor.Script(1, new SendResult(SendResultKind.Transient), new SendResult(SendResultKind.Transient), new SendResult(SendResultKind.Transient));
        var item = Message(1);
        _outbox.Enqueue([item]);
        await Eventually.TrueAsync(() => _outbox.Statistics.Retried == 1, "the first failure is processed");

        await AdvanceAndSettle(TimeSpan.FromSeconds(2));
        await Eventually.TrueAsync(() => _outbox.Statistics.Retried == 2, "retry after 2 s, failed again");
        await AdvanceAndSettle(TimeSpan.FromSeconds(2));
        Assert.Equal(2, _executor.Attempts); // the second backoff is 4 s
        await AdvanceAndSettle(TimeSpan.FromSeconds(2));
        await Eventually.TrueAsync(() => _executor.Attempts == 3, "retry after 4 s");

        Assert.False(await item.Completion.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(1, _outbox.Statistics.Dropped);
    }

    [Fact]
    public async Task A_closed_chat_drops_its_queue_and_takes_nothing_until_it_is_reopened()
    {
        _options.PerChatInterval = TimeSpan.Zero;
        _executor.Script(1, new SendResult(SendResultKind.ChatClosed));
        var items = new[] { Message(1, "a"), Message(1, "b") };
        _outbox.Enqueue(items);
        Assert.False(await items[1].Completion.WaitAsync(TimeSpan.FromSeconds(5)));

        var later = Message(1, "later");
        _outbox.Enqueue([later]);
        Assert.False(await later.Completion.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(1, _executor.Attempts);

        _outbox.Reopen(1);
        var again = Message(1, "again");
        _outbox.Enqueue([again]);
        Assert.True(await again.Completion.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task Pacer_edits_that_cannot_keep_up_are_coalesced_to_the_latest_frame()
    {
        _executor.Block(1);
        _outbox.Enqueue([new EditTextItem(1, false, "pacer", "pacer", "frame 0", null)]);
        await Eventually.TrueAsync(() => _executor.Attempts == 1, "the first edit is in flight");
        for (var i = 1; i <= 50; i++)
        {
            _outbox.Enqueue([new EditTextItem(1, false, "pacer", "pacer", $"frame {i}", null)]);
        }

        _executor.Release(1);
        for (var i = 0; i < 20 && !_outbox.WhenIdleAsync().IsCompleted; i++)
        {
            await AdvanceAndSettle(TimeSpan.FromSeconds(1));
        }

        await _outbox.WhenIdleAsync().WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(["frame 0", "frame 50"], _executor.Sent.Select(s => s.Html));
        Assert.Equal(49, _outbox.Statistics.Coalesced);
    }

    [Fact]
    public async Task An_edit_is_not_coalesced_across_a_new_message_for_the_same_slot()
    {
        _executor.Block(1);
        _outbox.Enqueue([new EditTextItem(1, false, "pacer", "pacer", "old 1", null)]);
        await Eventually.TrueAsync(() => _executor.Attempts == 1, "in flight");
        _outbox.Enqueue([new EditTextItem(1, false, "pacer", "pacer", "old 2", null)]);
        _outbox.Enqueue([new SendTextItem(1, false, "pacer", "new pacer", null, "pacer")]);
        _outbox.Enqueue([new EditTextItem(1, false, "pacer", "pacer", "new 1", null)]);
        _executor.Release(1);
        for (var i = 0; i < 20 && !_outbox.WhenIdleAsync().IsCompleted; i++)
        {
            await AdvanceAndSettle(TimeSpan.FromSeconds(1));
        }

        await _outbox.WhenIdleAsync().WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(["old 1", "old 2", "new pacer", "new 1"], _executor.Sent.Select(s => s.Html));
    }

    private sealed class ScriptedExecutor : IOutboundExecutor
    {
        private readonly ConcurrentDictionary<long, ConcurrentQueue<SendResult>> _scripts = new();
        private readonly ConcurrentDictionary<long, TaskCompletionSource> _blocks = new();
        private int _attempts;

        public ConcurrentQueue<(long Chat, string Html)> SentQueue { get; } = new();

        public IReadOnlyList<(long Chat, string Html)> Sent => [.. SentQueue];

        public int Attempts => Volatile.Read(ref _attempts);

        public void Script(long chat, params SendResult[] results) => _scripts[chat] = new ConcurrentQueue<SendResult>(results);

        public void Block(long chat) => _blocks[chat] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Release(long chat)
        {
            if (_blocks.TryRemove(chat, out var gate))
            {
                gate.SetResult();
            }
        }

        public async Task<SendResult> ExecuteAsync(OutboundItem item, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _attempts);
            var html = item switch
            {
                SendTextItem s => s.Html,
                EditTextItem e => e.Html,
                _ => "file",
            };
            if (_blocks.TryGetValue(item.ChatId, out var gate))
            {
                await gate.Task.WaitAsync(cancellationToken);
            }

            if (_scripts.TryGetValue(item.ChatId, out var script) && script.TryDequeue(out var scripted))
            {
                return scripted;
            }

            SentQueue.Enqueue((item.ChatId, html));
            return SendResult.Sent;
        }
    }
}
