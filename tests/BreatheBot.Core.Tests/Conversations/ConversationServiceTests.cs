using BreatheBot.Core.Conversations;
using BreatheBot.Core.Episodes;
using BreatheBot.Core.Messaging;
using BreatheBot.Core.Storage;
using BreatheBot.Core.Tests.Support;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace BreatheBot.Core.Tests.Conversations;

public sealed class ConversationServiceTests : IAsyncDisposable
{
    private readonly FakeTimeProvider _time = new(EngineDriver.Start);
    private readonly InMemoryConversationStore _store = new();
    private readonly RecordingSender _sender = new();
    private readonly FakeLogger<ConversationService> _logger = new();
    private readonly ConversationService _service;

    public ConversationServiceTests()
    {
        _service = new ConversationService(
            new ConversationEngine(Options.Create(new ConversationOptions())), _store, [_sender], _time, _logger);
    }

    public ValueTask DisposeAsync() => _service.DisposeAsync();

    private static ConversationKey Person(int id) => ConversationKey.Private(Platform.Telegram, id.ToString(System.Globalization.CultureInfo.InvariantCulture), id.ToString(System.Globalization.CultureInfo.InvariantCulture));

    private async Task SayAsync(ConversationKey key, string text, string? deliveryId = null)
    {
        InboundEvent inbound = text.StartsWith('/')
            ? new CommandReceived(key, ChatKind.Private, key.UserId, _time.GetUtcNow(), deliveryId, text[1..], null)
            : new TextReceived(key, ChatKind.Private, key.UserId, _time.GetUtcNow(), deliveryId, text);
        var receipt = await _service.HandleAsync(inbound);
        await receipt.Delivered;
    }

    [Fact]
    public async Task A_conversation_the_store_could_not_read_after_an_update_is_told_so_once_and_goes_on()
    {
        var key = Person(40);
        _store.Put(new StoredConversation(key, ChatKind.Private, new IdleState(), _time.GetUtcNow(), []) { StateWasReset = true });

        await SayAsync(key, "/headache");

        var keys = _sender.KeysFor(key);
        Assert.Equal("state.reset", keys[0]);
        Assert.Contains("Your diary is safe", EngineDriver.TextOf(_sender.Sent[key].First()), StringComparison.Ordinal);
        Assert.True(keys.Count > 1, "the turn itself went on");
        Assert.False(_store.Get(key)!.StateWasReset);

        await SayAsync(key, "none");
        Assert.DoesNotContain("state.reset", _sender.KeysFor(key).Skip(keys.Count));
    }

    [Fact]
    public async Task HandleAsync_commits_the_turn_before_any_reply_is_sent()
    {
        var key = Person(1);
        var committedWhenSent = new List<bool>();
        _sender.OnSend = k =>
        {
            committedWhenSent.Add(_store.Get(k)?.State is ScreeningState);
            return Task.CompletedTask;
        };

        await SayAsync(key, "/headache");

        Assert.Equal([true], committedWhenSent);
    }

    [Fact]
    public async Task HandleAsync_returns_before_delivery_completes_and_delivery_keeps_turn_order()
    {
        var key = Person(2);
        var release = new TaskCompletionSource();
        _sender.OnSend = _ => release.Task;

        var first = await _service.HandleAsync(new CommandReceived(key, ChatKind.Private, "2", _time.GetUtcNow(), "d1", "headache", null));
        Assert.False(first.Delivered.IsCompleted);

        // The next turn of the same conversation waits for the previous delivery.
        var second = _service.HandleAsync(new TextReceived(key, ChatKind.Private, "2", _time.GetUtcNow(), "d2", "no"));
        await Task.Delay(50);
        Assert.False(second.IsCompleted);

        release.SetResult();
        await (await second).Delivered;
        Assert.Equal(["disclaimer", "triage.emergency", "triage.same-day"], _sender.KeysFor(key));
    }

    [Fact]
    public async Task Many_conversations_at_once_each_keep_their_own_order()
    {
        var script = new[] { "/headache", "no", "no", "6", "2", "pressing", "done", "1", "nothing" };
        var people = Enumerable.Range(100, 200).Select(Person).ToList();
        _sender.OnSend = async _ => await Task.Yield();

        await Task.WhenAll(people.Select(async key =>
        {
            for (var i = 0; i < script.Length; i++)
            {
                await SayAsync(key, script[i], "u" + i);
            }
        }));

        foreach (var key in people)
        {
            Assert.IsType<BreathingPresetState>(_store.Get(key)!.State);
            Assert.Equal(
                ["disclaimer", "triage.emergency", "triage.same-day", "pain.before", "triage.location", "triage.character", "triage.features", "triage.triggers", "triage.medication", "breathing.preset"],
                _sender.KeysFor(key));
        }

        Assert.Equal(0, _service.ActiveConversations);
    }

    [Fact]
    public async Task Concurrent_events_for_one_conversation_are_processed_one_at_a_time()
    {
        var key = Person(3);
        var inside = 0;
        var maxInside = 0;
        _store.BeforeCommit = async _ =>
        {
            var now = Interlocked.Increment(ref inside);
            maxInside = Math.Max(maxInside, now);
            await Task.Delay(5);
            Interlocked.Decrement(ref inside);
        };

        await Task.WhenAll(Enumerable.Range(0, 20).Select(i => SayAsync(key, "hello", "m" + i)));

        Assert.Equal(1, maxInside);
        Assert.Equal(20, _store.Commits);
    }

    [Fact]
    public async Task Two_episodes_started_in_the_same_millisecond_are_both_kept()
    {
        var key = Person(12);
        foreach (var line in new[] { "/breathe", "headache", "no", "no", "6", "skip breathing", "/breathe", "headache", "no", "no", "4", "skip breathing" })
        {
            await SayAsync(key, line); // the fake clock does not move
        }

        Assert.Equal([4, 6], _store.Episodes.Values.Where(e => e.UserKey == key.UserKey).Select(e => e.PainBefore!.Value).Order());
    }

    [Fact]
    public async Task A_redelivered_event_is_dropped_without_a_second_reply()
    {
        var key = Person(4);
        await SayAsync(key, "/headache", "update-7");
        var receipt = await _service.HandleAsync(new CommandReceived(key, ChatKind.Private, "4", _time.GetUtcNow(), "update-7", "headache", null));

        Assert.True(receipt.Duplicate);
        Assert.Equal(["disclaimer", "triage.emergency"], _sender.KeysFor(key));
    }

    [Fact]
    public async Task A_failing_turn_answers_calmly_resets_that_conversation_and_leaves_others_alone()
    {
        var broken = Person(5);
        var healthy = Person(6);
        // A state the engine cannot handle (a muscle index past the end) stands for any bug inside a turn.
        _store.Put(new StoredConversation(broken, ChatKind.Private,
            new MuscleState([Muscle.Temporalis], Index: 3, Side: 1, Gentle: false, HoldEndsAt: null) { Episode = NewEpisode(broken) },
            _time.GetUtcNow(), []));

        await SayAsync(broken, "/help");
        await SayAsync(healthy, "/headache");

        Assert.Equal(["error"], _sender.KeysFor(broken));
        Assert.IsType<IdleState>(_store.Get(broken)!.State);
        Assert.Equal(["disclaimer", "triage.emergency"], _sender.KeysFor(healthy));

        var logged = Assert.Single(_logger.Collector.GetSnapshot(), r => r.Id.Id == 1001);
        Assert.NotNull(logged.Exception);

        // The reset conversation works again.
        await SayAsync(broken, "/headache");
        Assert.Equal("triage.emergency", _sender.KeysFor(broken)[^1]);
    }

    [Fact]
    public async Task The_users_words_never_reach_the_log()
    {
        var key = Person(7);
        _logger.ControlLevel(Microsoft.Extensions.Logging.LogLevel.Trace, true);
        foreach (var text in new[] { "/headache", "no", "no", "secret-pain-9", "9", "1", "pressing", "done", "12", "my ex-boyfriend Bob" })
        {
            await SayAsync(key, text);
        }

        Assert.NotEmpty(_logger.Collector.GetSnapshot());
        foreach (var record in _logger.Collector.GetSnapshot())
        {
            Assert.DoesNotContain("Bob", record.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("secret-pain", record.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_follow_up_is_sent_when_the_fake_clock_reaches_it_not_before()
    {
        var key = Person(8);
        foreach (var text in new[] { "/breathe", "headache", "no", "no", "6", "skip breathing" })
        {
            await SayAsync(key, text);
        }

        Assert.Equal(1, _service.PendingWakeUps);
        _time.Advance(TimeSpan.FromMinutes(29));
        await _service.WhenIdleAsync();
        Assert.DoesNotContain("pain.follow-up", _sender.KeysFor(key));

        _time.Advance(TimeSpan.FromMinutes(1));
        await _service.WhenIdleAsync();
        Assert.Equal("pain.follow-up", _sender.KeysFor(key)[^1]);
    }

    [Fact]
    public async Task The_pacer_runs_on_wake_ups_and_edits_one_message_per_phase()
    {
        var key = Person(9);
        foreach (var text in new[] { "/breathe", "headache", "no", "no", "6", "box", "1" })
        {
            await SayAsync(key, text);
        }

        for (var second = 0; second < 70; second++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            await _service.WhenIdleAsync();
        }

        var keys = _sender.KeysFor(key);
        // Box breathing for one minute: 4 rounds of 4 phases. The first phase is a new message, the other 15 edit it,
        // and a final edit says well done.
        Assert.Equal(1 + 15 + 1, keys.Count(k => k == "breathing.pacer"));
        Assert.Equal("pain.after-breathing", keys[^1]);
    }

    [Fact]
    public async Task ResumeAsync_fires_wake_ups_that_fell_due_while_the_bot_was_down_once()
    {
        var key = Person(10);
        var due = _time.GetUtcNow() - TimeSpan.FromMinutes(10);
        _store.Put(new StoredConversation(key, ChatKind.Private,
            new FollowUpPendingState { Episode = NewEpisode(key) with { Status = EpisodeStatus.Completed, FollowUp = FollowUpStatus.Scheduled }, WakeAt = due },
            due, []));

        await _service.ResumeAsync(CancellationToken.None);
        _time.Advance(TimeSpan.Zero);
        await _service.WhenIdleAsync();
        await _service.ResumeAsync(CancellationToken.None);
        await _service.WhenIdleAsync();

        Assert.Equal(["pain.follow-up"], _sender.KeysFor(key));
        Assert.IsType<PainState>(_store.Get(key)!.State);
    }

    [Fact]
    public async Task Replies_go_to_the_sender_passed_with_the_event_when_there_is_one()
    {
        var key = Person(11);
        var direct = new RecordingSender();
        var receipt = await _service.HandleAsync(new CommandReceived(key, ChatKind.Private, "11", _time.GetUtcNow(), null, "help", null), direct);
        await receipt.Delivered;
        Assert.Equal(["help", "menu"], direct.KeysFor(key));
        Assert.Empty(_sender.KeysFor(key));
    }

    [Fact]
    public async Task MigrateChatAsync_moves_a_group_conversation_to_its_new_id()
    {
        var old = ConversationKey.Channel(Platform.Telegram, "-1");
        var receipt = await _service.HandleAsync(new CommandReceived(old, ChatKind.Group, "5", _time.GetUtcNow(), null, "breathe", null));
        await receipt.Delivered;

        await _service.MigrateChatAsync(Platform.Telegram, "-1", "-1001");

        Assert.Null(_store.Get(old));
        Assert.NotNull(Assert.IsType<BreatheBot.Core.Channels.ChannelState>(_store.Get(ConversationKey.Channel(Platform.Telegram, "-1001"))!.State).Session);
        _time.Advance(TimeSpan.FromSeconds(5));
        await _service.WhenIdleAsync();
        Assert.Contains("channel.breathing.pacer", _sender.KeysFor(ConversationKey.Channel(Platform.Telegram, "-1001")));
    }

    private Episode NewEpisode(ConversationKey key) => new()
    {
        Id = "ep-" + key.UserId,
        UserKey = key.UserKey,
        ConversationKey = key.ToString(),
        Kind = EpisodeKind.Headache,
        StartedAt = _time.GetUtcNow(),
        EmergencyScreenClear = true,
    };
}
