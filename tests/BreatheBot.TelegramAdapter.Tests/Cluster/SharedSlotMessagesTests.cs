using BreatheBot.Core.Cluster;
using BreatheBot.Storage.PostgreSql;
using BreatheBot.TelegramAdapter.Outbound;
using BreatheBot.TelegramAdapter.Tests.Fakes;
using BreatheBot.TestSupport.Postgres;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace BreatheBot.TelegramAdapter.Tests.Cluster;

/// <summary>
/// Issue 15, slot messages across nodes: which message a chat's slot lives in (a multi-select question, the pacer) is
/// shared by the nodes, so a tick or a pacer frame handled on another node edits the message the person sees — not an
/// older question this node last knew, and not a new message.
/// </summary>
public sealed class SharedSlotMessagesTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    private const long Chat = 4242;
    private OutboxNodes _nodes = null!;

    public async Task InitializeAsync() => _nodes = await OutboxNodes.StartAsync(database, 2);

    public async Task DisposeAsync() => await _nodes.DisposeAsync();

    private FakeTelegramServer Server => _nodes.Server;

    /// <summary>A node's outbox as the host composes it in PostgreSQL mode (its shared documents on its own diary).</summary>
    private TelegramOutbox Node(int node) => Node(_nodes.Diaries[node]);

    private TelegramOutbox Node(PostgreSqlDiary diary) => _nodes.Outbox(_ => { }, services =>
    {
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ISharedDocuments>(new PostgreSqlSharedDocuments(diary, TimeProvider.System, NullLogger<PostgreSqlSharedDocuments>.Instance));
    });

    private static async Task SendAsync(TelegramOutbox node, OutboundItem item)
    {
        node.Enqueue([item]);
        Assert.True(await item.Completion.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task A_tick_handled_on_another_node_edits_the_question_the_person_sees()
    {
        var (first, second) = (Node(0), Node(1));
        await SendAsync(first, new SendTextItem(Chat, false, "q1", "What might have set it off?", null, "multi"));

        await SendAsync(second, new EditTextItem(Chat, false, "q1", "multi", "What might have set it off? ✓ stress", null));

        var message = Assert.Single(Server.MessagesIn(Chat));
        Assert.Equal("What might have set it off? ✓ stress", message.PlainText);
        Assert.Equal(1, message.Edits);
    }

    [Fact]
    public async Task A_node_whose_memory_is_older_edits_the_slots_newest_message_sent_by_another_node()
    {
        var (first, second) = (Node(0), Node(1));
        await SendAsync(first, new SendTextItem(Chat, false, "q1", "Do you notice any of these?", null, "multi"));
        await SendAsync(second, new SendTextItem(Chat, false, "q2", "What might have set it off?", null, "multi"));

        // the first node last sent "multi" itself: its own memory points at the older question
        await SendAsync(first, new EditTextItem(Chat, false, "q2", "multi", "What might have set it off? ✓ sleep", null));

        var messages = Server.MessagesIn(Chat);
        Assert.Equal(["Do you notice any of these?", "What might have set it off? ✓ sleep"], messages.Select(m => m.PlainText));
    }

    [Fact]
    public async Task When_the_store_cannot_be_reached_a_node_edits_the_message_it_knows_itself()
    {
        var unreachable = new PostgreSqlDiary(
            Microsoft.Extensions.Options.Options.Create(new PostgreSqlOptions { ConnectionString = "Host=127.0.0.1;Port=1;Username=nobody;Timeout=1" }),
            NullLogger<PostgreSqlDiary>.Instance);
        await using var _ = unreachable;
        var node = Node(unreachable);
        await SendAsync(node, new SendTextItem(Chat, false, "p", "Breathe in… 4", null, "pacer"));

        await SendAsync(node, new EditTextItem(Chat, false, "p", "pacer", "Hold… 7", null));

        var message = Assert.Single(Server.MessagesIn(Chat));
        Assert.Equal("Hold… 7", message.PlainText);
    }
}
