using BreatheBot.Core.Conversations;
using BreatheBot.Core.Messaging;
using BreatheBot.Core.Tests.Support;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace BreatheBot.Core.Tests.Conversations;

/// <summary>
/// Issue 12 item 4: replies that never went out because BreatheBot was stopping are counted in one log line. Issue 15:
/// with the durable outbox they are not lost but sent at the next start.
/// </summary>
public sealed class ShutdownDropTests
{
    [Fact]
    public async Task Replies_still_sending_when_the_shutdown_time_is_up_stay_in_the_outbox_counted_in_one_line_and_go_out_at_the_next_start()
    {
        var time = new FakeTimeProvider(EngineDriver.Start);
        var logger = new FakeLogger<ConversationService>();
        var sender = new StuckSender();
        var store = new InMemoryConversationStore();
        await using var service = new ConversationService(
            new ConversationEngine(Options.Create(new ConversationOptions())), store, [sender], time, logger);

        foreach (var id in new[] { "1", "2", "3" })
        {
            var key = ConversationKey.Private(Platform.Telegram, id, id);
            await service.HandleAsync(new CommandReceived(key, ChatKind.Private, id, time.GetUtcNow(), null, "headache", null));
        }

        await sender.ThreeStarted.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await service.StopAsync(new CancellationToken(canceled: true)); // the host's shutdown timeout has passed

        var line = Assert.Single(logger.Collector.GetSnapshot(), r => r.Id.Id == 1010);
        Assert.Equal($"{sender.Replies} replies were not confirmed by the platform when BreatheBot stopped; they stay in the outbox and go out at the next start", line.Message);
        Assert.True(sender.Replies >= 3);
        Assert.Equal(sender.Replies, store.Outbox.Count);
        Assert.DoesNotContain(logger.Collector.GetSnapshot(), r => r.Id.Id is 1003 or 1009); // not one "sending failed" per conversation, nothing lost

        var next = new RecordingSender();
        await using var restarted = new ConversationService(
            new ConversationEngine(Options.Create(new ConversationOptions())), store, [next], time, new FakeLogger<ConversationService>());
        await restarted.ResumeAsync(CancellationToken.None);
        await restarted.WhenSentAsync();
        Assert.Equal(sender.Replies, next.Sent.Values.Sum(q => q.Count));
        Assert.Empty(store.Outbox);
    }

    [Fact]
    public async Task Without_a_durable_outbox_replies_still_sending_at_the_stop_are_counted_as_lost_in_one_line()
    {
        var time = new FakeTimeProvider(EngineDriver.Start);
        var logger = new FakeLogger<ConversationService>();
        var sender = new StuckSender();
        await using var service = new ConversationService(
            new ConversationEngine(Options.Create(new ConversationOptions())), new MemoryOnlyStore(new InMemoryConversationStore()), [sender], time, logger);

        foreach (var id in new[] { "1", "2", "3" })
        {
            var key = ConversationKey.Private(Platform.Telegram, id, id);
            await service.HandleAsync(new CommandReceived(key, ChatKind.Private, id, time.GetUtcNow(), null, "headache", null));
        }

        await sender.ThreeStarted.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await service.StopAsync(new CancellationToken(canceled: true));

        var line = Assert.Single(logger.Collector.GetSnapshot(), r => r.Id.Id == 1009);
        Assert.Equal($"{sender.Replies} replies were not sent because BreatheBot was stopping", line.Message);
        Assert.DoesNotContain(logger.Collector.GetSnapshot(), r => r.Id.Id == 1003);
    }

    [Fact]
    public async Task A_stop_with_nothing_in_flight_logs_no_dropped_replies()
    {
        var time = new FakeTimeProvider(EngineDriver.Start);
        var logger = new FakeLogger<ConversationService>();
        var sender = new RecordingSender();
        await using var service = new ConversationService(
            new ConversationEngine(Options.Create(new ConversationOptions())), new InMemoryConversationStore(), [sender], time, logger);
        var key = ConversationKey.Private(Platform.Telegram, "1", "1");
        var receipt = await service.HandleAsync(new CommandReceived(key, ChatKind.Private, "1", time.GetUtcNow(), null, "headache", null));
        await receipt.Delivered;

        await service.StopAsync(new CancellationToken(canceled: true));

        Assert.DoesNotContain(logger.Collector.GetSnapshot(), r => r.Id.Id is 1009 or 1010);
    }

    /// <summary>A platform that never answers: every send waits until it is cancelled.</summary>
    private sealed class StuckSender : IReplySender
    {
        private int _started;
        private int _replies;

        public TaskCompletionSource ThreeStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Replies => Volatile.Read(ref _replies);

        public Platform Platform => Platform.Telegram;

        public async Task SendAsync(ConversationKey key, ChatKind chat, IReadOnlyList<Reply> replies, CancellationToken cancellationToken)
        {
            Interlocked.Add(ref _replies, replies.Count);
            if (Interlocked.Increment(ref _started) == 3)
            {
                ThreeStarted.SetResult();
            }

            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
    }
}
