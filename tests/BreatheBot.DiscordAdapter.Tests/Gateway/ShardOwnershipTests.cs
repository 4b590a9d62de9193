using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using BreatheBot.Core.Cluster;
using BreatheBot.Core.Messaging;
using BreatheBot.DiscordAdapter.Gateway;
using BreatheBot.DiscordAdapter.State;
using BreatheBot.DiscordAdapter.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace BreatheBot.DiscordAdapter.Tests.Gateway;

/// <summary>
/// Issue 15, Discord on several nodes: a gateway shard is owned through a cluster lease, so of the nodes sharing the
/// leases only one connects; when it stops the next one takes the shard over within seconds and resumes the session it
/// left in the shared state, so interactions dispatched during the handover are still answered; a lost lease closes
/// the gateway at once. Nodes are in-process adapter hosts on one fake Discord, sharing one set of leases (and, for the
/// cluster mode, one set of shared documents).
/// </summary>
[Collection(TimingCollection.Name)]
public sealed class ShardOwnershipTests
{
    private const string DmChannel = "300";
    private const string User = "42";

    private static async Task<DiscordTestHost> StartNodeAsync(FakeDiscord fake, ObservedClusterLeases leases, InMemorySharedDocuments? documents)
    {
        var node = await DiscordTestHost.StartAsync(services: s =>
        {
            s.AddSingleton<IClusterLeases>(leases);
            if (documents is not null)
            {
                s.RemoveAll<IDiscordStateStore>(); // the adapter then takes the shared documents, as in PostgreSQL mode
                s.AddSingleton<ISharedDocuments>(documents);
            }
        }, fake: fake);
        node.Handler.Respond = _ => [new TextReply("answer", "Noted.")];
        await node.Host.StartAsync();
        return node;
    }

    private static Task CommandAsync(FakeDiscord fake, int id) =>
        fake.DispatchAsync("INTERACTION_CREATE", Payloads.Command(Id(id), "itok-" + Id(id), "headache", DmChannel, User));

    private static string Id(int n) => (9000 + n).ToString(CultureInfo.InvariantCulture);

    /// <summary>The interaction ids the bot answered (one callback each expected), in order.</summary>
    private static List<string> Answered(FakeDiscord fake) =>
        fake.RequestsTo("POST", @"/interactions/\d+/[^/]+/callback")
            .Select(r => Regex.Match(r.Path, @"^/interactions/(\d+)/").Groups[1].Value)
            .ToList();

    [Fact(Timeout = 30_000)]
    public async Task Two_nodes_sharing_the_leases_open_one_gateway_connection_and_the_other_stands_by()
    {
        await using var fake = await FakeDiscord.StartAsync();
        var leases = new ObservedClusterLeases();
        var documents = new InMemorySharedDocuments();
        await using var first = await StartNodeAsync(fake, leases, documents);
        await first.WaitReadyAsync();
        await using var second = await StartNodeAsync(fake, leases, documents);

        var tries = leases.Tries;
        await FakeDiscord.WaitForAsync(() => leases.Tries >= tries + 2 || fake.ConnectionCount > 1, "the second node trying twice more", 15_000);

        Assert.Equal(1, fake.ConnectionCount);
        Assert.Equal(1, fake.IdentifyCount);
        Assert.Equal(1, leases.Granted);
        Assert.True(second.Get<DiscordGatewayStatus>().Standby);
        Assert.False(first.Get<DiscordGatewayStatus>().Standby);
        Assert.Equal(GatewayState.Disconnected, second.Get<DiscordGatewayClient>().State);

        await second.Host.StopAsync();
        await first.Host.StopAsync();
    }

    [Fact(Timeout = 40_000)]
    public async Task When_the_owner_stops_the_other_node_resumes_within_seconds_and_no_interaction_is_lost()
    {
        await using var fake = await FakeDiscord.StartAsync();
        var leases = new ObservedClusterLeases();
        var documents = new InMemorySharedDocuments();
        await using var first = await StartNodeAsync(fake, leases, documents);
        await first.WaitReadyAsync();
        await using var second = await StartNodeAsync(fake, leases, documents);
        await FakeDiscord.WaitForAsync(() => second.Get<DiscordGatewayStatus>().Standby, "the second node standing by");

        for (var i = 1; i <= 3; i++)
        {
            await CommandAsync(fake, i);
        }

        await FakeDiscord.WaitForAsync(() => Answered(fake).Count == 3, "the first node answering");

        var handover = Stopwatch.StartNew();
        await first.Host.StopAsync();
        Assert.Equal(4000, fake.Connections[0].ClientCloseCode); // not 1000: the session stays resumable
        for (var i = 4; i <= 6; i++)
        {
            await CommandAsync(fake, i); // while no node is connected: Discord keeps them for the resume
        }

        await FakeDiscord.WaitForAsync(() => fake.ConnectionCount == 2 && fake.Current is { Ready: true }, "the second node taking over", 15_000);
        var gap = handover.Elapsed;
        for (var i = 7; i <= 9; i++)
        {
            await CommandAsync(fake, i);
        }

        await FakeDiscord.WaitForAsync(() => Answered(fake).Count >= 9, "every interaction answered", 15_000);
        await Task.Delay(300); // a duplicate would show here

        Assert.Equal(Enumerable.Range(1, 9).Select(Id), Answered(fake).Order(StringComparer.Ordinal)); // each once, none lost
        Assert.Equal(1, fake.IdentifyCount);
        Assert.Equal(1, fake.ResumeCount); // the second node resumed the first node's session
        Assert.Equal("/gw-resume", fake.Current!.Path);
        Assert.True(gap < ShardOwnership.RetryInterval + TimeSpan.FromSeconds(5), $"takeover took {gap}");
        Assert.Equal(3, first.Handler.Received.Count);
        Assert.Equal(6, second.Handler.Received.Count); // the three from the handover came through the resume's replay

        await second.Host.StopAsync();
    }

    [Theory(Timeout = 30_000)]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_lost_lease_closes_the_gateway_at_once_and_the_node_connects_again_once_it_holds_the_lease(bool shared)
    {
        await using var fake = await FakeDiscord.StartAsync();
        var leases = new ObservedClusterLeases();
        var documents = shared ? new InMemorySharedDocuments() : null;
        await using var node = await StartNodeAsync(fake, leases, documents);
        await node.WaitReadyAsync();
        if (documents is not null)
        {
            await FakeDiscord.WaitForAsync(
                () => documents.LoadAsync(SharedDocumentDiscordStateStore.DocumentName, default).Result?.Contains(fake.SessionId!, StringComparison.Ordinal) == true,
                "the session in the shared state");
        }

        var lost = Stopwatch.StartNew();
        await leases.LoseAllAsync();
        await FakeDiscord.WaitForAsync(() => fake.Connections[0].Ended, "the gateway closing", 5_000);
        Assert.True(lost.Elapsed < TimeSpan.FromSeconds(2), $"closing took {lost.Elapsed}");
        Assert.Equal(shared ? 4000 : 1000, fake.Connections[0].ClientCloseCode);

        await FakeDiscord.WaitForAsync(() => fake.ConnectionCount == 2 && fake.Current is { Ready: true }, "connected again", 15_000);
        Assert.Equal(2, leases.Granted);
        Assert.Equal(shared ? 1 : 0, fake.ResumeCount); // shared: the session survives for whoever holds the shard next
        Assert.Equal(shared ? 1 : 2, fake.IdentifyCount);

        await node.Host.StopAsync();
    }

    [Fact(Timeout = 30_000)]
    public async Task When_the_shared_state_fails_the_node_stays_up_without_a_gateway_and_connects_once_it_is_back()
    {
        await using var fake = await FakeDiscord.StartAsync();
        var leases = new ObservedClusterLeases();
        var documents = new FlakySharedDocuments { Failing = true };
        await using var node = await DiscordTestHost.StartAsync(services: s =>
        {
            s.AddSingleton<IClusterLeases>(leases);
            s.RemoveAll<IDiscordStateStore>();
            s.AddSingleton<ISharedDocuments>(documents);
        }, configure: c => c["Discord:RegisterCommands"] = "false", fake: fake);
        var stopping = node.Get<Microsoft.Extensions.Hosting.IHostApplicationLifetime>().ApplicationStopping;
        await node.Host.StartAsync();

        await FakeDiscord.WaitForAsync(() => leases.Granted >= 2, "the shard given up and taken again", 15_000);
        Assert.Equal(0, fake.ConnectionCount);
        Assert.False(stopping.IsCancellationRequested); // the node stays up (it still sends replies)
        await FakeDiscord.WaitForAsync(() => leases.HeldCount == 0, "the shard given up between tries"); // another node could take it

        documents.Failing = false; // the database is back
        await FakeDiscord.WaitForAsync(() => fake.Current is { Ready: true }, "connected", 15_000);
        Assert.Equal(1, fake.ConnectionCount);
        await node.Host.StopAsync();
    }
}
