using BreatheBot.TelegramAdapter.Outbound;
using BreatheBot.TelegramAdapter.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Telegram.Bot;

namespace BreatheBot.TelegramAdapter.Tests.Outbound;

/// <summary>
/// What the adapter remembers per chat in memory is bounded (issue 12 item 7): the slot → message-id map of the pacer
/// and other in-place messages, and the forum topic of each group. A forgotten slot degrades to a new message.
/// </summary>
public sealed class BoundedMemoryTests : IAsyncLifetime
{
    private readonly FakeConversationHandler.DurableState _core = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 3, 9, 0, 0, TimeSpan.Zero));
    private FakeTelegramServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeTelegramServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private TelegramMessageExecutor Executor(TelegramTestHost host, int slotLimit) =>
        new(host.Host.Services.GetRequiredService<ITelegramBotClient>(), host.Host.Services, new TelegramTopics(_time),
            host.Host.Services.GetRequiredService<IOptions<TelegramOptions>>(), _time, NullLogger<TelegramMessageExecutor>.Instance)
        {
            SlotLimit = slotLimit,
        };

    /// <summary>A busy test machine must not turn a slow send into a failed one (the default test timeout is 1 s).</summary>
    private static void Patient(Dictionary<string, string?> settings) => settings["Telegram:RequestTimeout"] = "00:00:10";

    private static SendTextItem Pacer(long chat) => new(chat, false, "pacer", "Breathe in… 4", null, "pacer");

    private static EditTextItem Tick(long chat, string text) => new(chat, false, "pacer", "pacer", text, null);

    [Fact(Timeout = 30_000)]
    public async Task The_slot_map_stays_bounded_the_newest_slots_still_edit_and_an_evicted_one_becomes_a_new_message()
    {
        await using var host = await TelegramTestHost.StartAsync(_server, _core, Patient);
        var executor = Executor(host, slotLimit: 3);
        for (long chat = 201; chat <= 210; chat++)
        {
            Assert.Equal(SendResult.Sent, await executor.ExecuteAsync(Pacer(chat), CancellationToken.None));
        }

        Assert.Equal(3, executor.SlotCount);

        // the most recent chat still edits its pacer in place
        Assert.Equal(SendResult.Sent, await executor.ExecuteAsync(Tick(210, "Hold… 7"), CancellationToken.None));
        var recent = Assert.Single(_server.MessagesIn(210));
        Assert.Equal("Hold… 7", recent.PlainText);

        // the oldest was forgotten: its edit sends a fresh message (the core's contract), which later edits update
        Assert.Equal(SendResult.Sent, await executor.ExecuteAsync(Tick(201, "Hold… 7"), CancellationToken.None));
        Assert.Equal(SendResult.Sent, await executor.ExecuteAsync(Tick(201, "Breathe out… 8"), CancellationToken.None));
        var oldest = _server.MessagesIn(201);
        Assert.Equal(["Breathe in… 4", "Breathe out… 8"], oldest.Select(m => m.PlainText));
        Assert.Equal(3, executor.SlotCount);
    }

    [Fact(Timeout = 30_000)]
    public async Task A_slot_unused_for_a_day_is_forgotten_and_its_next_edit_sends_a_new_message()
    {
        await using var host = await TelegramTestHost.StartAsync(_server, _core, Patient);
        var executor = Executor(host, slotLimit: 100);
        Assert.Equal(SendResult.Sent, await executor.ExecuteAsync(Pacer(301), CancellationToken.None));
        _time.Advance(TelegramMessageExecutor.SlotMaxAge);

        Assert.Equal(SendResult.Sent, await executor.ExecuteAsync(Tick(301, "Hold… 7"), CancellationToken.None));

        Assert.Equal(["Breathe in… 4", "Hold… 7"], _server.MessagesIn(301).Select(m => m.PlainText));
    }

    [Fact]
    public void Forum_topics_are_remembered_for_a_bounded_number_of_groups()
    {
        var topics = new TelegramTopics(_time);
        for (long chat = 1; chat <= TelegramTopics.Capacity + 500; chat++)
        {
            topics.Observe(-chat, 7, isTopicMessage: true);
        }

        Assert.Equal(TelegramTopics.Capacity, topics.Count);
        Assert.Equal(7, topics.ThreadOf(-(TelegramTopics.Capacity + 500)));
        Assert.Null(topics.ThreadOf(-1)); // forgotten: replies go to the General topic
    }

    [Fact(Timeout = 30_000)]
    public async Task The_outbox_forgets_the_lanes_of_chats_that_went_quiet()
    {
        await using var outbox = new TelegramOutbox(Options.Create(new TelegramOptions { PerChatInterval = TimeSpan.Zero, GlobalMessagesPerSecond = 100_000 }),
            _time, NullLogger<TelegramOutbox>.Instance, new AlwaysSent());
        for (long chat = 1; chat <= 2_000; chat++)
        {
            outbox.Enqueue([new SendTextItem(chat, false, "t", "hi", null, null)]);
        }

        await Eventually.TrueAsync(() => outbox.Statistics.Sent == 2_000, "everything is sent");
        Assert.Equal(2_000, outbox.LaneCount);

        _time.Advance(TimeSpan.FromMinutes(2));
        outbox.Enqueue([new SendTextItem(5_000, false, "t", "hi", null, null)]);

        await Eventually.TrueAsync(() => outbox.LaneCount <= 1, "idle lanes are swept");
    }

    private sealed class AlwaysSent : IOutboundExecutor
    {
        public Task<SendResult> ExecuteAsync(OutboundItem item, CancellationToken cancellationToken) => Task.FromResult(SendResult.Sent);
    }
}
