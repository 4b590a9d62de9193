using BreatheBot.Core.Cluster;
using BreatheBot.TestSupport.Postgres;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace BreatheBot.Storage.PostgreSql.Tests;

/// <summary>
/// Issue 15, Telegram's update attempts in the store: failed attempts at one delivery are counted by every node
/// together (a webhook retry lands on any node), so an update is given up after Telegram:MaxUpdateAttempts failures in
/// all, not per node; a handled delivery's count is cleared; concurrent failures get distinct numbers; a count older
/// than a day starts again and old rows go. Two diaries on one database stand for two nodes.
/// </summary>
public sealed class DeliveryAttemptsTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    private const int MaxUpdateAttempts = 3; // Telegram:MaxUpdateAttempts' default
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 4, 2, 0, 0, TimeSpan.Zero));
    private NodeDiaries _nodes = null!;

    public async Task InitializeAsync() => _nodes = await NodeDiaries.OpenAsync(database, 2);

    public async Task DisposeAsync() => await _nodes.DisposeAsync();

    private PostgreSqlDiary NodeA => _nodes[0];
    private PostgreSqlDiary NodeB => _nodes[1];

    private PostgreSqlDeliveryAttempts Attempts(PostgreSqlDiary diary) => new(diary, _time, NullLogger<PostgreSqlDeliveryAttempts>.Instance);

    [Fact]
    public async Task Two_nodes_counting_one_update_give_it_up_once_after_the_maximum_in_all()
    {
        var nodes = new[] { Attempts(NodeA), Attempts(NodeB) };
        var givenUp = 0;
        var tries = 0;
        // Telegram resends a failing update to whichever node the load balancer picks, until one confirms it
        for (var i = 0; givenUp == 0 && i < 10; i++)
        {
            tries++;
            var attempt = await nodes[i % 2].FailedAsync("telegram", "9001", default);
            Assert.Equal(tries, attempt);
            if (attempt >= MaxUpdateAttempts)
            {
                givenUp++;
                await nodes[i % 2].DoneAsync("telegram", "9001", default);
            }
        }

        Assert.Equal(1, givenUp);
        Assert.Equal(MaxUpdateAttempts, tries); // per-node counts would have allowed 2 × 3 - 1 = 5 tries
        Assert.Equal(0L, await RowsAsync("9001"));
    }

    [Fact]
    public async Task Done_clears_the_count_on_every_node_and_platforms_count_apart()
    {
        Assert.Equal(1, await Attempts(NodeA).FailedAsync("telegram", "9002", default));
        Assert.Equal(2, await Attempts(NodeB).FailedAsync("telegram", "9002", default));
        Assert.Equal(1, await Attempts(NodeB).FailedAsync("discord", "9002", default)); // same id, other platform

        await Attempts(NodeB).DoneAsync("telegram", "9002", default);
        await Attempts(NodeB).DoneAsync("telegram", "never-failed", default); // nothing to clear: quiet

        Assert.Equal(0L, await RowsAsync("9002", "telegram"));
        Assert.Equal(1, await Attempts(NodeA).FailedAsync("telegram", "9002", default)); // starts again
        Assert.Equal(2, await Attempts(NodeA).FailedAsync("discord", "9002", default));
    }

    [Fact]
    public async Task Failures_at_the_same_time_on_two_nodes_get_distinct_numbers_one_to_n()
    {
        const int PerNode = 20;
        var a = Attempts(NodeA);
        var b = Attempts(NodeB);
        using var start = new ManualResetEventSlim();
        var failures = Enumerable.Range(0, PerNode * 2)
            .Select(i => Task.Run(async () =>
            {
                start.Wait();
                return await (i % 2 == 0 ? a : b).FailedAsync("telegram", "9003", default);
            }))
            .ToList();
        start.Set();

        var numbers = await Task.WhenAll(failures);

        Assert.Equal(Enumerable.Range(1, PerNode * 2), numbers.Order());
    }

    [Fact]
    public async Task A_count_older_than_a_day_starts_again_and_old_rows_are_deleted_by_a_later_write()
    {
        var attempts = Attempts(NodeA);
        Assert.Equal(1, await attempts.FailedAsync("telegram", "9004", default)); // this node's first write prunes
        Assert.Equal(1, await attempts.FailedAsync("telegram", "9005", default));
        Assert.Equal(2, await attempts.FailedAsync("telegram", "9005", default));

        _time.Advance(PostgreSqlDeliveryAttempts.Expiry + TimeSpan.FromMinutes(1));
        Assert.Equal(1, await attempts.FailedAsync("telegram", "9005", default)); // expired: a new count
        Assert.Equal(0L, await RowsAsync("9004")); // deleted along with that write (an hour had passed since the last prune)
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void PostgreSql_storage_replaces_the_single_node_count_whichever_is_registered_first(bool coreFirst)
    {
        var services = new ServiceCollection();
        if (coreFirst)
        {
            services.AddBreatheBotCore();
        }

        services.AddPostgreSqlStorage();
        if (!coreFirst)
        {
            services.AddBreatheBotCore();
        }

        // the last registration is the one resolved
        Assert.Equal(typeof(PostgreSqlDeliveryAttempts), services.Last(d => d.ServiceType == typeof(IDeliveryAttempts)).ImplementationType);
    }

    private async Task<long> RowsAsync(string deliveryId, string? platform = null)
    {
        await using var command = NodeA.DataSource.CreateCommand(
            "SELECT count(*) FROM delivery_attempts WHERE delivery_id = $1 AND ($2::text IS NULL OR platform = $2)");
        command.Parameters.AddWithValue(deliveryId);
        command.Parameters.AddWithValue(NpgsqlTypes.NpgsqlDbType.Text, (object?)platform ?? DBNull.Value);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
