using BreatheBot.DiscordAdapter.State;
using BreatheBot.DiscordAdapter.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;

namespace BreatheBot.DiscordAdapter.Tests.Adapter;

/// <summary>
/// Issue 15, the adapter's state shared by several nodes (cluster mode): nodes owning different shards keep different
/// guilds, and neither's write may drop the other's; a node taking a shard over starts from what its last owner wrote.
/// </summary>
public sealed class SharedDiscordStateTests
{
    private static SharedDocumentDiscordStateStore Store(InMemorySharedDocuments documents) =>
        new(documents, NullLogger<SharedDocumentDiscordStateStore>.Instance);

    private static GuildChannelMap Map(IDiscordStateStore store) => new(store, NullLogger<GuildChannelMap>.Instance);

    [Fact]
    public async Task Two_nodes_writing_their_own_guilds_keep_each_others_guilds()
    {
        var documents = new InMemorySharedDocuments();
        var nodeA = Map(Store(documents));
        var nodeB = Map(Store(documents));
        await nodeA.LoadAsync(default);
        await nodeB.LoadAsync(default);

        nodeA.Remember("800", "801"); // a guild of shard 0, owned by node A
        nodeB.Remember("900", "901"); // a guild of shard 1, owned by node B
        await nodeA.FlushAsync(default);
        await nodeB.FlushAsync(default);
        nodeA.Remember("800", "802");
        await nodeA.FlushAsync(default);

        var state = await Store(documents).LoadAsync(default);
        Assert.Equal(["800", "900"], state.GuildChannels!.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["801", "802"], state.GuildChannels["800"]);
        Assert.Equal(["901"], state.GuildChannels["900"]);

        Assert.Equal(["901"], nodeB.Forget("900")); // the bot was removed from node B's guild
        await nodeB.FlushAsync(default);
        state = await Store(documents).LoadAsync(default);
        Assert.Equal(["800"], state.GuildChannels!.Keys);
    }

    [Fact]
    public async Task A_node_taking_a_shard_over_starts_from_what_the_last_owner_wrote()
    {
        var documents = new InMemorySharedDocuments();
        var owner = Map(Store(documents));
        var standby = Map(Store(documents));
        await owner.LoadAsync(default);
        owner.Remember("800", "801");
        owner.Remember("700", "701");
        await owner.FlushAsync(default);
        await standby.LoadAsync(default); // the standby node starts and reads the map as it was then

        owner.Remember("800", "802");
        Assert.Equal(["701"], owner.Forget("700"));
        await owner.FlushAsync(default); // then the owner stops

        await standby.ReloadAsync(default); // the standby takes the shard over
        Assert.Equal(["801", "802"], standby.ChannelsOf("800"));
        Assert.Empty(standby.ChannelsOf("700")); // forgotten by the last owner: not brought back
        standby.Remember("800", "803");
        await standby.FlushAsync(default);
        var state = await Store(documents).LoadAsync(default);
        Assert.Equal(["800"], state.GuildChannels!.Keys);
        Assert.Equal(["801", "802", "803"], state.GuildChannels["800"]);
    }

    [Fact]
    public async Task The_shared_store_says_it_is_shared_and_an_unreadable_document_starts_empty()
    {
        var documents = new InMemorySharedDocuments();
        await documents.UpdateAsync(SharedDocumentDiscordStateStore.DocumentName, _ => "{not json", default);
        IDiscordStateStore store = Store(documents);
        Assert.True(store.SharedAcrossNodes);
        Assert.False(((IDiscordStateStore)new InMemoryDiscordStateStore()).SharedAcrossNodes);

        Assert.Empty((await store.LoadAsync(default)).Identifies);
        await store.UpdateAsync(s => s.CommandsHash = "abc", default); // replaces the damaged document
        Assert.Equal("abc", (await store.LoadAsync(default)).CommandsHash);
    }
}
