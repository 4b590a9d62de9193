using System.Collections.Concurrent;
using BreatheBot.Core.Conversations;
using BreatheBot.Core.Messaging;
using BreatheBot.Core.Outbox;
using BreatheBot.Core.Storage;
using BreatheBot.Core.Tests.Support;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace BreatheBot.Core.Tests.Outbox;

/// <summary>
/// Issue 15, durable outbox: a turn's replies are committed with it, each leaves the outbox once the platform confirmed
/// it, and a crash between commit and send (or during a send) loses none; it repeats at most the send in flight.
/// </summary>
public sealed class OutboxDeliveryTests : IAsyncDisposable
{
    private static readonly ConversationKey Person = ConversationKey.Private(Platform.Telegram, "7", "7");
    private readonly FakeTimeProvider _time = new(EngineDriver.Start);
    private readonly InMemoryConversationStore _store = new();
    private readonly List<ConversationService> _services = [];

    public async ValueTask DisposeAsync()
    {
        foreach (var service in _services)
        {
            await service.DisposeAsync();
        }
    }

    private ConversationService Start(IReplySender sender, FakeLogger<ConversationService>? logger = null)
    {
        var service = new ConversationService(
            new ConversationEngine(Options.Create(new ConversationOptions { EmergencyNumbers = "999" })), _store, [sender], _time,
            logger ?? new FakeLogger<ConversationService>());
        _services.Add(service);
        return service;
    }

    private async Task<TurnReceipt> SayAsync(ConversationService service, string command) =>
        await service.HandleAsync(new CommandReceived(Person, ChatKind.Private, Person.UserId, _time.GetUtcNow(), null, command, null));

    /// <summary>Presses a button of the current question (stamped with the stored PromptId, as an adapter would).</summary>
    private async Task<TurnReceipt> PressAsync(ConversationService service, string choice) =>
        await service.HandleAsync(new ChoiceSelected(Person, ChatKind.Private, Person.UserId, _time.GetUtcNow(), null, choice)
        {
            PromptId = _store.Get(Person)!.State.PromptId,
        });

    [Fact]
    public async Task A_turns_replies_are_committed_with_it_as_numbered_entries_and_leave_the_outbox_once_sent()
    {
        var committed = new List<OutboxEntry>();
        _store.BeforeCommit = commit =>
        {
            Assert.Empty(_store.Outbox); // nothing of this turn is visible before its commit
            committed.AddRange(commit.Outbox);
            return Task.CompletedTask;
        };
        var sender = new RecordingSender();
        var service = Start(sender);

        await (await SayAsync(service, "headache")).Delivered;
        await service.WhenSentAsync();

        Assert.Equal(sender.KeysFor(Person), committed.Select(e => ReplySerializer.TryDeserialize(e.Payload, out var r, out _) ? r.Key : "?"));
        Assert.All(committed.Zip(committed.Skip(1)), pair => Assert.True(pair.Second.Sequence > pair.First.Sequence));
        Assert.Equal(committed[^1].Sequence, _store.Get(Person)!.OutboxSequence);
        Assert.Empty(_store.Outbox);
        Assert.Equal(1, _store.MarkSentCalls); // confirmed together, marked in one write
    }

    [Fact]
    public async Task The_pacer_phase_edits_go_from_memory_while_its_first_message_and_the_end_are_committed()
    {
        var committed = new List<string>();
        _store.BeforeCommit = commit =>
        {
            committed.AddRange(commit.Outbox.Select(e => ReplySerializer.TryDeserialize(e.Payload, out var r, out _) ? r.GetType().Name + ":" + r.Key : "?"));
            return Task.CompletedTask;
        };
        var sender = new RecordingSender();
        var service = Start(sender);
        var n = 0;
        foreach (var text in new[] { "/breathe", "headache", "no", "no", "5", "resonance", "1" })
        {
            InboundEvent message = text.StartsWith('/')
                ? new CommandReceived(Person, ChatKind.Private, Person.UserId, _time.GetUtcNow(), $"m{n++}", text[1..], null)
                : new TextReceived(Person, ChatKind.Private, Person.UserId, _time.GetUtcNow(), $"m{n++}", text);
            await (await service.HandleAsync(message)).Delivered;
        }

        Assert.Equal("breathing.pacer", sender.KeysFor(Person)[^1]); // the pacer started: its first message is committed
        Assert.Contains("TextReply:breathing.pacer", committed);
        var before = committed.Count;

        for (var step = 0; step < 200 && _store.Get(Person)!.State is BreathingState; step++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(500));
            await service.WhenSentAsync();
        }

        var edits = sender.KeysFor(Person).Count(k => k == "breathing.pacer") - 1;
        Assert.True(edits > 5, $"the pacer ran ({edits} phase edits)");
        // only the last edit, sent with the question that ends the exercise, is committed (with it)
        Assert.Equal(["EditReply:breathing.pacer", "TextReply:pain.after-breathing"], committed.Skip(before));
        Assert.Empty(_store.Outbox);
    }

    [Fact]
    public async Task A_ticked_options_edit_is_committed_so_a_crash_cannot_lose_the_tick_the_person_waits_to_see()
    {
        var committed = new List<string>();
        _store.BeforeCommit = commit =>
        {
            committed.AddRange(commit.Outbox.Select(e => ReplySerializer.TryDeserialize(e.Payload, out var r, out _) ? r.GetType().Name : "?"));
            return Task.CompletedTask;
        };
        var service = Start(new RecordingSender());
        await (await SayAsync(service, "headache")).Delivered;
        foreach (var choice in new[] { "e:none", "s:none", "pb:5" })
        {
            await (await PressAsync(service, choice)).Delivered;
        }

        var before = committed.Count;
        await (await PressAsync(service, "loc:0")).Delivered; // a tick: the turn only re-draws the question with it

        Assert.Equal(["EditReply"], committed.Skip(before));
    }

    [Fact]
    public async Task Emergency_advice_committed_just_before_a_crash_is_sent_when_the_bot_starts_again()
    {
        var platform = new RecordingSender();
        var dying = new DyingSender(platform);
        var first = Start(dying);
        await (await SayAsync(first, "headache")).Delivered;
        await first.WhenSentAsync();

        dying.Dead = true; // the process is gone between the commit and the send
        await PressAsync(first, "e:yes");
        await dying.Reached.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await first.DisposeAsync();
        Assert.DoesNotContain("triage.emergency.advice", platform.KeysFor(Person));
        Assert.Equal(2, _store.Outbox.Count);

        var second = Start(platform);
        await second.ResumeAsync(CancellationToken.None);
        await second.WhenSentAsync();

        Assert.Equal(["triage.emergency.advice", "triage.emergency.record"], platform.KeysFor(Person).TakeLast(2));
        Assert.Empty(_store.Outbox);
    }

    [Fact]
    public async Task A_send_the_platform_took_but_never_confirmed_is_the_only_one_repeated()
    {
        var platform = new ConcurrentQueue<string>();
        var first = Start(new CrashAfterAcceptSender(platform, crashAt: 1));

        await (await SayAsync(first, "headache")).Delivered;
        await first.WhenSentAsync();
        var keys = platform.ToList();
        Assert.Equal(2, keys.Count); // the platform shows both; the second was never confirmed to us
        Assert.Single(_store.Outbox);

        var second = Start(new CrashAfterAcceptSender(platform, crashAt: -1));
        await second.ResumeAsync(CancellationToken.None);
        await second.WhenSentAsync();

        Assert.Equal([keys[0], keys[1], keys[1]], platform); // the one in flight is repeated, nothing is lost
        Assert.Empty(_store.Outbox);
    }

    [Fact]
    public async Task An_unreadable_entry_is_logged_once_and_skipped_and_never_blocks_the_chat()
    {
        var now = _time.GetUtcNow();
        _store.Outbox["future"] = new OutboxEntry("future", Person, ChatKind.Private, 1, """{"v":9,"type":"hologram"}""", now);
        _store.Outbox["good"] = new OutboxEntry("good", Person, ChatKind.Private, 2, ReplySerializer.Serialize(new TextReply("still.here", "Hello")), now);
        var logger = new FakeLogger<ConversationService>();
        var sender = new RecordingSender();
        var service = Start(sender, logger);

        await service.ResumeAsync(CancellationToken.None);
        await service.WhenSentAsync();
        await Start(sender, logger).ResumeAsync(CancellationToken.None);

        Assert.Equal(["still.here"], sender.KeysFor(Person));
        var line = Assert.Single(logger.Collector.GetSnapshot(), r => r.Id.Id == 1011);
        Assert.Equal("Outbox entry future for telegram:7:7 cannot be read (payload version 9); it is skipped", line.Message);
        Assert.Empty(_store.Outbox);
    }

    [Fact]
    public async Task Replies_left_by_a_previous_run_go_out_before_the_first_new_turns_replies()
    {
        _store.Outbox["old"] = new OutboxEntry("old", Person, ChatKind.Private, 5, ReplySerializer.Serialize(new TextReply("left.over", "From before")), _time.GetUtcNow());
        var sender = new RecordingSender();
        var service = Start(sender);

        await service.ResumeAsync(CancellationToken.None);
        await (await SayAsync(service, "headache")).Delivered;
        await service.WhenSentAsync();

        Assert.Equal("left.over", sender.KeysFor(Person)[0]);
        Assert.True(sender.KeysFor(Person).Count > 1);
    }

    [Fact]
    public async Task Forget_erases_the_persons_unsent_replies_but_sends_its_own_confirmation()
    {
        var sender = new RecordingSender();
        var service = Start(sender);
        _store.Outbox["old"] = new OutboxEntry("old", Person, ChatKind.Private, 1, ReplySerializer.Serialize(new TextReply("pain.before", "How bad?")), _time.GetUtcNow());
        var other = ConversationKey.Private(Platform.Telegram, "8", "8");
        _store.Outbox["other"] = new OutboxEntry("other", other, ChatKind.Private, 1, ReplySerializer.Serialize(new TextReply("other", "Hi")), _time.GetUtcNow());

        await (await SayAsync(service, "forget")).Delivered;
        await PressAsync(service, "fg:yes");
        await service.WhenSentAsync();

        Assert.Contains("forget.done", sender.KeysFor(Person));
        Assert.False(_store.Outbox.ContainsKey("old"));
        Assert.True(_store.Outbox.ContainsKey("other"));
    }

    /// <summary>A process that dies once <see cref="Dead"/>: its sends never reach the platform.</summary>
    private sealed class DyingSender(RecordingSender platform) : IReplySender
    {
        public bool Dead { get; set; }

        public TaskCompletionSource Reached { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Platform Platform => Platform.Telegram;

        public async Task SendAsync(ConversationKey key, ChatKind chat, IReadOnlyList<Reply> replies, CancellationToken cancellationToken)
        {
            if (Dead)
            {
                Reached.TrySetResult();
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }

            await platform.SendAsync(key, chat, replies, cancellationToken);
        }
    }

    /// <summary>Confirms reply by reply; at <c>crashAt</c> the platform takes the reply but the answer never comes back.</summary>
    private sealed class CrashAfterAcceptSender(ConcurrentQueue<string> platform, int crashAt) : IReplySender
    {
        public Platform Platform => Platform.Telegram;

        public Task SendAsync(ConversationKey key, ChatKind chat, IReadOnlyList<Reply> replies, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("the outbox sends reply by reply");

        public Task SendAsync(ConversationKey key, ChatKind chat, IReadOnlyList<OutgoingReply> replies, CancellationToken cancellationToken)
        {
            for (var i = 0; i < replies.Count; i++)
            {
                platform.Enqueue(replies[i].Reply.Key);
                if (i == crashAt)
                {
                    throw new IOException("connection reset after the platform took the message");
                }

                replies[i].Confirm();
            }

            return Task.CompletedTask;
        }
    }
}
