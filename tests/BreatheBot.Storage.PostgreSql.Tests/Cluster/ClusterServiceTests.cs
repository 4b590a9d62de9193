using System.Globalization;
using BreatheBot.Core.Conversations;
using BreatheBot.Core.Messaging;
using BreatheBot.TestSupport.Postgres;
using Microsoft.Extensions.Time.Testing;

namespace BreatheBot.Storage.PostgreSql.Tests.Cluster;

/// <summary>
/// Issue 15, in process: three nodes (real services and engines, one fake clock) on one database. Each person's
/// numbered messages go to a random node; the replies must be exactly what one node alone answers, in the same order,
/// with redeliveries dropped; a wake-up that several nodes see fires once; a dead node's wake-ups and unsent replies are
/// taken over by the living.
/// </summary>
public sealed class ClusterServiceTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 3, 10, 9, 0, 0, TimeSpan.Zero);

    /// <summary>A script through real flows: commands and answers whose replies differ from step to step.</summary>
    private static readonly string[] Script = ["/start", "/help", "/headache", "none", "none", "4", "/cancel", "/privacy", "/settings", "/cancel", "/stats", "/help"];

    private readonly FakeTimeProvider _time = new(Start);
    private readonly RecordingPlatform _platform = new(Platform.Telegram);
    private ClusterNodes _nodes = null!;

    public async Task InitializeAsync() => _nodes = await ClusterNodes.StartAsync(database, 3, _time, _platform);

    public async Task DisposeAsync() => await _nodes.DisposeAsync();

    private static ConversationKey Person(string id) => ConversationKey.Private(Platform.Telegram, id, id);

    private InboundEvent Message(ConversationKey key, string text, string deliveryId) => text.StartsWith('/')
        ? new CommandReceived(key, ChatKind.Private, key.UserId, _time.GetUtcNow(), deliveryId, text[1..], null)
        : new TextReceived(key, ChatKind.Private, key.UserId, _time.GetUtcNow(), deliveryId, text);

    [Fact]
    public async Task Numbered_messages_sent_to_random_nodes_get_the_replies_of_one_node_in_order_and_redeliveries_are_dropped()
    {
        // the platform answers at its own pace: a node whose replies are still being sent must not be overtaken
        _platform.BeforeSend = (_, ct) => Task.Delay(Random.Shared.Next(0, 6), ct);

        // what one node alone answers
        var reference = Person("reference");
        for (var i = 0; i < Script.Length; i++)
        {
            await (await _nodes[0].HandleAsync(Message(reference, Script[i], $"ref-{i}"))).Delivered;
        }

        var expected = _platform.KeysFor(reference);
        Assert.True(expected.Count > Script.Length, "the script gets real answers");

        var people = Enumerable.Range(0, 24).Select(i => Person($"p{i}")).ToArray();
        var duplicates = 0;
        await Task.WhenAll(people.Select(async (person, n) =>
        {
            var random = new Random(n);
            for (var i = 0; i < Script.Length; i++)
            {
                var message = Message(person, Script[i], $"{person.UserId}-{i}");
                var turn = _nodes[random.Next(3)].HandleAsync(message);
                if (random.Next(4) == 0)
                {
                    // the platform delivers it twice, to two nodes at once: exactly one of them is a turn
                    var again = await _nodes[random.Next(3)].HandleAsync(message);
                    Assert.NotEqual(again.Duplicate, (await turn).Duplicate);
                    Interlocked.Increment(ref duplicates);
                }

                await turn; // committed, not yet delivered: the next message goes on at once
            }
        }));

        foreach (var node in _nodes.Services)
        {
            await node.WhenSentAsync();
        }

        Assert.True(duplicates > 0);
        foreach (var person in people)
        {
            Assert.Equal(expected, _platform.KeysFor(person));
        }
    }
}

/// <summary>
/// A node with a small connection pool and more conversations at once than connections: turns holding their
/// conversation's lock must never starve the lookups they need themselves (a stall, each turn timing out).
/// </summary>
public sealed class ClusterPoolTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task More_conversations_at_once_than_pooled_connections_all_get_their_answers()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 10, 9, 0, 0, TimeSpan.Zero));
        var platform = new RecordingPlatform(Platform.Telegram) { BeforeSend = (_, ct) => Task.Delay(20, ct) };
        await using var nodes = await ClusterNodes.StartAsync(database, 1, time, platform, maxPoolSize: 4);

        var people = Enumerable.Range(0, 16).Select(i => ConversationKey.Private(Platform.Telegram, $"pool{i}", $"pool{i}")).ToArray();
        await Task.WhenAll(people.Select(async person =>
        {
            foreach (var (text, n) in new[] { "/help", "/privacy", "/help" }.Select((t, n) => (t, n)))
            {
                var turn = await nodes[0].HandleAsync(new CommandReceived(person, ChatKind.Private, person.UserId, time.GetUtcNow(), $"{person.UserId}-{n}", text[1..], null));
                await turn.Delivered;
            }
        }));

        Assert.All(people, person => Assert.True(platform.KeysFor(person).Count >= 3));
    }
}

/// <summary>Issue 15, wake-ups and unsent replies across nodes: fired once, and taken over from a dead node.</summary>
public sealed class ClusterWakeUpTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 3, 10, 9, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Start);
    private readonly RecordingPlatform _platform = new(Platform.Telegram);
    private ClusterNodes _nodes = null!;
    private PostgreSqlDiary _reader = null!;

    public async Task InitializeAsync()
    {
        _reader = database.Diary();
        await _reader.OpenAsync(default);
        await database.TruncateAsync(_reader);
        _nodes = await ClusterNodes.StartAsync(database, 3, _time, _platform);
    }

    public async Task DisposeAsync()
    {
        await _nodes.DisposeAsync();
        await _reader.DisposeAsync();
    }

    private static ConversationKey Person(string id) => ConversationKey.Private(Platform.Telegram, id, id);

    private Task<TurnReceipt> Headache(int node, ConversationKey key) =>
        _nodes[node].HandleAsync(new CommandReceived(key, ChatKind.Private, key.UserId, _time.GetUtcNow(), $"{key.UserId}-1", "headache", null));

    private async Task<DateTimeOffset> WakeAtAsync(ConversationKey key) =>
        (await new PostgreSqlConversationStore(_reader, Microsoft.Extensions.Logging.Abstractions.NullLogger<PostgreSqlConversationStore>.Instance).LoadAsync(key, default))!.WakeAt
        ?? throw new InvalidOperationException("no wake-up stored");

    /// <summary>Advances the clock in small steps (each node's timers and sweeps run) until <paramref name="done"/> or 5 s.</summary>
    private async Task<TimeSpan> AdvanceUntilAsync(DateTimeOffset from, Func<bool> done)
    {
        for (var step = 0; step < 50 && !done(); step++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(100));
            for (var wait = 0; wait < 20 && !done(); wait++)
            {
                await Task.Delay(10); // the sweep's query and the turn run on real I/O
            }
        }

        Assert.True(done(), "taken over within 5 s");
        return _time.GetUtcNow() - from;
    }

    [Fact]
    public async Task Three_nodes_firing_the_same_wake_up_at_once_run_it_once()
    {
        var key = Person("timer");
        await (await Headache(0, key)).Delivered;
        var due = await WakeAtAsync(key);
        var before = _platform.KeysFor(key).Count;

        // the clock stays put, so node 0's own timer does not fire first: the three race for the lock
        var fired = await Task.WhenAll(Enumerable.Range(0, 3).Select(n =>
            _nodes[n].HandleAsync(new TimerFired(key, ChatKind.Private, due, due))));
        foreach (var receipt in fired)
        {
            await receipt.Delivered;
        }

        Assert.Equal(1, fired.Count(r => !r.Duplicate));
        var afterFire = _platform.KeysFor(key).Skip(before).ToArray();
        Assert.NotEmpty(afterFire);
        Assert.Equal(afterFire.Length, afterFire.Distinct().Count());
        Assert.NotEqual(due, (await new PostgreSqlConversationStore(_reader, Microsoft.Extensions.Logging.Abstractions.NullLogger<PostgreSqlConversationStore>.Instance).LoadAsync(key, default))!.WakeAt);
    }

    [Fact]
    public async Task A_dead_node_wake_up_fires_on_another_node_within_two_seconds_and_once()
    {
        var key = Person("orphan-timer");
        await (await Headache(0, key)).Delivered;
        var due = await WakeAtAsync(key);
        var before = _platform.KeysFor(key).Count;
        await _nodes.KillAsync(0);

        _time.SetUtcNow(due);
        var late = await AdvanceUntilAsync(due, () => _platform.KeysFor(key).Count > before);

        Assert.True(late <= TimeSpan.FromSeconds(2), $"fired {late.TotalMilliseconds} ms late");
        var fired = _platform.KeysFor(key).Skip(before).ToArray();
        await Task.Delay(300);
        _time.Advance(TimeSpan.FromSeconds(1)); // more sweeps: nothing fires twice
        await Task.Delay(300);
        Assert.Equal(fired, _platform.KeysFor(key).Skip(before));
    }

    [Fact]
    public async Task Replies_a_dead_node_committed_but_never_sent_are_sent_by_another_node_once()
    {
        var reference = Person("reference");
        await (await Headache(1, reference)).Delivered;
        var expected = _platform.KeysFor(reference);

        var key = Person("orphan-replies");
        var stuck = new TaskCompletionSource();
        _platform.BeforeSend = async (to, ct) =>
        {
            if (to == key && !stuck.Task.IsCompleted)
            {
                stuck.TrySetResult();
                await Task.Delay(Timeout.Infinite, ct); // node 0 hangs in the send, then dies
            }
        };

        var turn = await Headache(0, key); // committed: its replies are in the outbox
        await stuck.Task;
        await _nodes.KillAsync(0);
        await Task.WhenAny(turn.Delivered, Task.Delay(TimeSpan.FromSeconds(5)));
        Assert.Empty(_platform.KeysFor(key));

        await AdvanceUntilAsync(_time.GetUtcNow(), () => _platform.KeysFor(key).Count >= expected.Count);
        Assert.Equal(expected, _platform.KeysFor(key));
    }

    [Fact]
    public async Task The_next_message_on_another_node_sends_a_dead_node_unsent_replies_before_its_own()
    {
        var reference = Person("reference-2");
        await (await Headache(1, reference)).Delivered;
        var expected = _platform.KeysFor(reference);

        var key = Person("orphan-then-message");
        var stuck = new TaskCompletionSource();
        _platform.BeforeSend = async (to, ct) =>
        {
            if (to == key && !stuck.Task.IsCompleted)
            {
                stuck.TrySetResult();
                await Task.Delay(Timeout.Infinite, ct);
            }
        };

        var turn = await Headache(0, key);
        await stuck.Task;
        await _nodes.KillAsync(0);
        await Task.WhenAny(turn.Delivered, Task.Delay(TimeSpan.FromSeconds(5)));

        // no sweep runs (the clock stands still): the person's next message, on node 2, finds the old replies first
        var next = await _nodes[2].HandleAsync(new TextReceived(key, ChatKind.Private, key.UserId, _time.GetUtcNow(), $"{key.UserId}-2", "none"));
        await next.Delivered;

        var sent = _platform.KeysFor(key);
        Assert.Equal(expected, sent.Take(expected.Count));
        Assert.True(sent.Count > expected.Count, "and then the answer to the new message");
    }
}
