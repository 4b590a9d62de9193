using System.Collections.Concurrent;
using BreatheBot.Core.Conversations;
using BreatheBot.Core.Outbox;
using BreatheBot.Core.Storage;
using BreatheBot.TestSupport.Postgres;
using Microsoft.Extensions.Logging.Abstractions;

namespace BreatheBot.Storage.PostgreSql.Tests.Cluster;

/// <summary>
/// Issue 15, the outbox across nodes at the store: a live node's unsent replies are never taken by another; a dead
/// node's are found by the sweep and claimed by a turn of their conversation under its lock: once, each conversation
/// whole by one node, in order, even with two nodes sweeping at the same moment.
/// </summary>
public sealed class OrphanedOutboxTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 10, 9, 0, 0, TimeSpan.Zero);
    private NodeDiaries _nodes = null!;

    public async Task InitializeAsync()
    {
        _nodes = await NodeDiaries.OpenAsync(database, 3);
        await database.TruncateAsync(NodeA);
    }

    public async Task DisposeAsync() => await _nodes.DisposeAsync();

    private PostgreSqlDiary NodeA => _nodes[0];
    private PostgreSqlDiary NodeB => _nodes[1];
    private PostgreSqlDiary NodeC => _nodes[2];

    private static PostgreSqlConversationStore Store(PostgreSqlDiary diary) => new(diary, NullLogger<PostgreSqlConversationStore>.Instance);

    /// <summary>Node A commits three replies for each of <paramref name="conversations"/> conversations.</summary>
    private async Task CommitRepliesOnAAsync(int conversations)
    {
        for (var c = 0; c < conversations; c++)
        {
            var key = ConversationKey.Private(Platform.Telegram, $"{c}", $"{c}");
            var replies = Enumerable.Range(1, 3)
                .Select(seq => new OutboxEntry($"r{c}-{seq}", key, ChatKind.Private, seq, "{\"v\":1,\"text\":\"hi\"}", T0))
                .ToArray();
            await Store(NodeA).CommitAsync(
                new TurnCommit(new StoredConversation(key, ChatKind.Private, new IdleState(), T0, []) { OutboxSequence = 3 }, [], null) { Outbox = replies },
                default);
        }
    }

    [Fact]
    public async Task A_live_node_unsent_replies_are_not_claimed_by_another_node()
    {
        await CommitRepliesOnAAsync(3);

        Assert.Empty(await Store(NodeB).FindOrphanedOutboxAsync(100, default));
        await using (var turn = await Store(NodeB).BeginTurnAsync(ConversationKey.Private(Platform.Telegram, "0", "0"), default))
        {
            Assert.Empty(turn.LeftOver);
        }

        Assert.Equal(9, (await Store(NodeB).LoadUnsentAsync(default)).Count); // still there, A sends them
    }

    [Fact]
    public async Task A_dead_node_replies_are_claimed_once_each_conversation_whole_by_one_node()
    {
        await CommitRepliesOnAAsync(40);
        await NodeA.DisposeAsync(); // node A dies: its lock goes with its connection

        var claims = new ConcurrentBag<(string Node, OutboxEntry Entry)>();
        using var together = new Barrier(2);
        await Task.WhenAll(new[] { ("B", NodeB), ("C", NodeC) }.Select(node => Task.Run(async () =>
        {
            for (var sweep = 0; sweep < 30; sweep++)
            {
                together.SignalAndWait(TimeSpan.FromSeconds(10)); // both nodes sweep at the same moment
                foreach (var key in await Store(node.Item2).FindOrphanedOutboxAsync(2, default))
                {
                    await using var turn = await Store(node.Item2).BeginTurnAsync(key, default);
                    Assert.Equal(turn.LeftOver.OrderBy(e => e.Sequence), turn.LeftOver); // in order
                    foreach (var entry in turn.LeftOver)
                    {
                        claims.Add((node.Item1, entry));
                    }
                }
            }
        })));

        Assert.Equal(120, claims.Count);
        Assert.Equal(120, claims.Select(c => c.Entry.Id).Distinct().Count()); // none claimed twice
        Assert.All(claims.GroupBy(c => c.Entry.Key), conversation => Assert.Single(conversation.Select(c => c.Node).Distinct()));
        Assert.Empty(await Store(NodeB).FindOrphanedOutboxAsync(100, default)); // now B's and C's: alive
    }
}
