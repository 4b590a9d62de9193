using BreatheBot.Core.Conversations;
using BreatheBot.Core.Episodes;
using BreatheBot.Core.Storage;
using BreatheBot.TestSupport.Postgres;
using Microsoft.Extensions.Logging.Abstractions;

namespace BreatheBot.Storage.PostgreSql.Tests;

/// <summary>
/// Issue 15, per-conversation order across nodes: a turn opened with BeginTurnAsync holds the conversation until it is
/// disposed (the service does that once the sender accepted the replies, after the commit), so a second node's turn of
/// the same conversation waits and then starts from what the first committed; turns of other conversations do not
/// wait; a node that dies holding the lock loses it. Two stores on one database stand for two nodes.
/// </summary>
public sealed class TurnLockTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 10, 9, 0, 0, TimeSpan.Zero);
    private NodeDiaries _nodes = null!;

    public async Task InitializeAsync()
    {
        _nodes = await NodeDiaries.OpenAsync(database, 2);
        await database.TruncateAsync(NodeA);
    }

    public async Task DisposeAsync() => await _nodes.DisposeAsync();

    private PostgreSqlDiary NodeA => _nodes[0];
    private PostgreSqlDiary NodeB => _nodes[1];

    private static PostgreSqlConversationStore Store(PostgreSqlDiary diary) => new(diary, NullLogger<PostgreSqlConversationStore>.Instance);

    private static TurnCommit Turn(ConversationKey key, params string[] recent) =>
        new(new StoredConversation(key, ChatKind.Private, new IdleState(), T0, recent), [], null);

    [Theory]
    [InlineData(true)]
    [InlineData(false)] // a conversation never saved: nothing to lock but its key
    public async Task A_second_node_turn_of_the_same_conversation_waits_for_the_first_and_reads_its_commit(bool saved)
    {
        var key = ConversationKey.Private(Platform.Telegram, "1", "1");
        if (saved)
        {
            await Store(NodeA).CommitAsync(Turn(key, "d0"), default);
        }

        var first = await Store(NodeA).BeginTurnAsync(key, default);
        var second = Store(NodeB).BeginTurnAsync(key, default).AsTask();
        await Task.Delay(300);
        Assert.False(second.IsCompleted); // held by the first turn

        await first.CommitAsync(Turn(key, "d0", "d1"), default);
        await Task.Delay(300);
        Assert.False(second.IsCompleted); // still held: the first turn's replies are not handed over yet

        await first.DisposeAsync();
        await using var next = await second.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(["d0", "d1"], next.Conversation!.RecentDeliveryIds);
    }

    [Fact]
    public async Task A_turn_abandoned_without_commit_releases_the_conversation_and_writes_nothing()
    {
        var key = ConversationKey.Private(Platform.Telegram, "2", "2");
        await Store(NodeA).CommitAsync(Turn(key, "d0"), default);

        await using (var abandoned = await Store(NodeA).BeginTurnAsync(key, default))
        {
            Assert.Equal(["d0"], abandoned.Conversation!.RecentDeliveryIds);
        }

        await using var next = await Store(NodeB).BeginTurnAsync(key, default).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(["d0"], next.Conversation!.RecentDeliveryIds);
    }

    [Fact]
    public async Task A_node_that_dies_holding_a_conversation_releases_it_with_its_connection()
    {
        var key = ConversationKey.Private(Platform.Telegram, "6", "6");
        var dying = await Store(NodeA).BeginTurnAsync(key, default);
        var waiting = Store(NodeB).BeginTurnAsync(key, default).AsTask();

        await using (var admin = await NodeB.DataSource.OpenConnectionAsync())
        await using (var kill = new Npgsql.NpgsqlCommand(
            "SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND granted AND objsubid = 1 " +
            "AND database = (SELECT oid FROM pg_database WHERE datname = current_database())", admin))
        {
            await kill.ExecuteNonQueryAsync();
        }

        await using var next = await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Null(next.Conversation);
        await dying.DisposeAsync(); // quiet: its connection is gone
    }

    [Fact]
    public async Task Turns_of_different_conversations_do_not_wait_for_each_other()
    {
        await using var first = await Store(NodeA).BeginTurnAsync(ConversationKey.Private(Platform.Telegram, "3", "3"), default);

        await using var other = await Store(NodeB).BeginTurnAsync(ConversationKey.Private(Platform.Telegram, "4", "4"), default).AsTask().WaitAsync(TimeSpan.FromSeconds(5));

        await other.CommitAsync(Turn(ConversationKey.Private(Platform.Telegram, "4", "4"), "x"), default);
        Assert.NotNull(await Store(NodeA).LoadAsync(ConversationKey.Private(Platform.Telegram, "4", "4"), default));
    }

    [Fact]
    public async Task Numbered_turns_sent_to_two_nodes_at_random_apply_in_order_with_none_lost()
    {
        var key = ConversationKey.Private(Platform.Telegram, "5", "5");
        var nodes = new[] { Store(NodeA), Store(NodeB) };
        var random = new Random(15);

        await Parallel.ForEachAsync(Enumerable.Range(0, 40), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (_, ct) =>
        {
            await using var turn = await nodes[random.Next(2)].BeginTurnAsync(key, ct);
            var seen = turn.Conversation?.RecentDeliveryIds ?? [];
            await turn.CommitAsync(Turn(key, [.. seen, seen.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)]), ct);
        });

        var final = await nodes[0].LoadAsync(key, default);
        Assert.Equal(Enumerable.Range(0, 40).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), final!.RecentDeliveryIds);
    }
}
