using BreatheBot.TestSupport.Postgres;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace BreatheBot.Storage.PostgreSql.Tests;

/// <summary>
/// Issue 15, leases for work only one node may do (Telegram's poller, a Discord shard): one holder per name across
/// nodes; given up on dispose; taken over at once when the holder's connection dies (a killed node); the holder learns
/// it lost a lease whose connection failed. Two diaries on one database stand for two nodes.
/// </summary>
public sealed class ClusterLeaseTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    private NodeDiaries _nodes = null!;

    public async Task InitializeAsync() => _nodes = await NodeDiaries.OpenAsync(database, 2);

    public async Task DisposeAsync() => await _nodes.DisposeAsync();

    private PostgreSqlDiary NodeA => _nodes[0];
    private PostgreSqlDiary NodeB => _nodes[1];

    private static PostgreSqlClusterLeases Leases(PostgreSqlDiary diary) => new(diary, TimeProvider.System, NullLogger<PostgreSqlClusterLeases>.Instance);

    [Fact]
    public async Task A_name_has_one_holder_across_nodes_until_it_is_given_up()
    {
        await using var held = await Leases(NodeA).TryAcquireAsync("telegram-poller", default);
        Assert.NotNull(held);
        Assert.Null(await Leases(NodeB).TryAcquireAsync("telegram-poller", default));
        Assert.Null(await Leases(NodeA).TryAcquireAsync("telegram-poller", default)); // also not twice on one node

        await using var other = await Leases(NodeB).TryAcquireAsync("discord-shard-0", default);
        Assert.NotNull(other); // names are independent

        await held!.DisposeAsync();
        await using var taken = await Leases(NodeB).TryAcquireAsync("telegram-poller", default);
        Assert.NotNull(taken);
    }

    [Fact]
    public async Task A_dead_holder_loses_the_lease_at_once_and_notices_it()
    {
        var held = await Leases(NodeA).TryAcquireAsync("telegram-poller", default);
        Assert.NotNull(held);

        // the holder's connection dies (a killed node, a cut network): the server drops its session and the lock
        await using (var admin = await NodeB.DataSource.OpenConnectionAsync())
        await using (var kill = new NpgsqlCommand(
            "SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND granted AND pid <> pg_backend_pid() " +
            "AND database = (SELECT oid FROM pg_database WHERE datname = current_database())", admin))
        {
            await kill.ExecuteNonQueryAsync();
        }

        await using var taken = await Leases(NodeB).TryAcquireAsync("telegram-poller", default);
        Assert.NotNull(taken);

        var lost = new TaskCompletionSource();
        held!.Lost.Register(() => lost.TrySetResult());
        await lost.Task.WaitAsync(PostgreSqlClusterLeases.CheckInterval * 5);
        await held.DisposeAsync(); // giving up a lost lease is quiet
    }
}
