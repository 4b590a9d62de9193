using BreatheBot.Core.Cluster;
using BreatheBot.TestSupport.Postgres;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace BreatheBot.Storage.PostgreSql.Tests;

/// <summary>
/// Issue 15, platform limits across nodes: token buckets in PostgreSQL that every node takes from (all of a request's
/// buckets or none), and a platform 429's wait that one node records and every node then keeps. Three diaries on one
/// database stand for three nodes; one fake clock is every node's clock.
/// </summary>
public sealed class SharedRateLimitTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 4, 1, 0, 0, TimeSpan.Zero));
    private NodeDiaries _nodes = null!;

    public async Task InitializeAsync()
    {
        _nodes = await NodeDiaries.OpenAsync(database, 3);
        await using var truncate = _nodes[0].DataSource.CreateCommand("TRUNCATE rate_limits, rate_limit_sends");
        await truncate.ExecuteNonQueryAsync();
    }

    public async Task DisposeAsync() => await _nodes.DisposeAsync();

    private PostgreSqlSharedRateLimits Limits(int node, ILogger<PostgreSqlSharedRateLimits>? logger = null) =>
        new(_nodes[node], _time, logger ?? NullLogger<PostgreSqlSharedRateLimits>.Instance);

    private static readonly RateBucket Global = new("telegram:global", 25, 2);

    [Fact]
    public async Task A_bucket_grants_its_burst_then_says_when_the_next_permit_is_due()
    {
        var limits = Limits(0);
        Assert.True((await limits.TryTakeAsync([Global], 1, default)).Granted);
        Assert.True((await limits.TryTakeAsync([Global], 1, default)).Granted);

        var refused = await limits.TryTakeAsync([Global], 1, default);
        Assert.False(refused.Granted);
        Assert.Equal("telegram:global", refused.LimitedBy);
        Assert.Equal(40, refused.Wait.TotalMilliseconds, tolerance: 1); // 1 / 25 per second

        _time.Advance(TimeSpan.FromMilliseconds(39));
        Assert.False((await limits.TryTakeAsync([Global], 1, default)).Granted);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True((await limits.TryTakeAsync([Global], 1, default)).Granted);
    }

    [Fact]
    public async Task Three_nodes_taking_at_once_never_get_more_than_the_bucket_holds()
    {
        // 3 nodes x 20 concurrent takes per step, 50 steps of 40 ms (one permit's refill at 25/s)
        var limits = Enumerable.Range(0, 3).Select(i => Limits(i)).ToArray();
        var granted = 0;
        for (var step = 0; step < 50; step++)
        {
            var takes = limits.SelectMany(l => Enumerable.Range(0, 20).Select(_ => l.TryTakeAsync([Global], 1, default).AsTask()));
            granted += (await Task.WhenAll(takes)).Count(p => p.Granted);
            _time.Advance(TimeSpan.FromMilliseconds(40));
        }

        // the burst at first, then exactly the one permit refilled per step: 2 + 25/s x 1.96 s
        Assert.Equal(51, granted);
    }

    [Fact]
    public async Task A_request_takes_from_all_its_buckets_or_from_none()
    {
        var limits = Limits(0);
        var chat = new RateBucket("telegram:chat:7", 1, 1);
        Assert.True((await limits.TryTakeAsync([Global, chat], 1, default)).Granted);

        var refused = await limits.TryTakeAsync([Global, chat], 1, default);
        Assert.False(refused.Granted);
        Assert.Equal("telegram:chat:7", refused.LimitedBy);
        Assert.Equal(1, refused.Wait.TotalSeconds, tolerance: 0.001);

        // the refusal took nothing from the global bucket: its second permit is still there, and then it is empty
        Assert.True((await limits.TryTakeAsync([Global], 1, default)).Granted);
        Assert.False((await limits.TryTakeAsync([Global], 1, default)).Granted);
    }

    [Fact]
    public async Task A_429_recorded_by_one_node_makes_the_other_nodes_wait_it_out()
    {
        await Limits(0).BlockAsync("telegram:global", TimeSpan.FromSeconds(3), default);

        var refused = await Limits(1).TryTakeAsync([Global, new RateBucket("telegram:chat:9", 1, 1)], 1, default);
        Assert.False(refused.Granted);
        Assert.Equal("telegram:global", refused.LimitedBy);
        Assert.Equal(3, refused.Wait.TotalSeconds, tolerance: 0.001);

        await Limits(2).BlockAsync("telegram:global", TimeSpan.FromSeconds(1), default); // a shorter wait never shortens it
        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.False((await Limits(2).TryTakeAsync([Global], 1, default)).Granted);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.True((await Limits(2).TryTakeAsync([Global], 1, default)).Granted);
    }

    [Fact]
    public async Task A_block_only_scope_refuses_only_while_blocked_and_has_no_row_until_then()
    {
        var route = RateBucket.BlockOnly("discord:route:POST /channels/:id/messages:42");
        for (var i = 0; i < 100; i++)
        {
            Assert.True((await Limits(0).TryTakeAsync([route], 1, default)).Granted);
        }

        Assert.Equal(0, await RowCountAsync());

        await Limits(1).BlockAsync(route.Scope, TimeSpan.FromMilliseconds(500), default);
        var refused = await Limits(0).TryTakeAsync([route], 1, default);
        Assert.Equal(RatePermit.Refuse(TimeSpan.FromMilliseconds(500), route.Scope), refused);
        _time.Advance(TimeSpan.FromMilliseconds(500));
        Assert.True((await Limits(0).TryTakeAsync([route], 1, default)).Granted);
    }

    // a chat: one request at a time, counted until 650 ms after its answer (or 2 s + 650 ms after its permit)
    private static readonly RateBucket Chat = RateBucket.Counted("telegram:chat:12", 1, TimeSpan.FromMilliseconds(650), TimeSpan.FromSeconds(2));

    [Fact]
    public async Task A_counted_request_counts_from_its_permit_until_a_window_after_its_answer_on_every_node()
    {
        var first = await Limits(0).TryTakeAsync([Global, Chat], 1, default);
        Assert.True(first.Granted);
        Assert.NotEqual(0, first.Holder);

        // long after a token bucket would have refilled, the request is still on its way: ask again soon
        _time.Advance(TimeSpan.FromSeconds(1.5));
        var waiting = await Limits(1).TryTakeAsync([Global, Chat], 1, default);
        Assert.Equal(RatePermit.Refuse(PostgreSqlSharedRateLimits.InFlightRetry, Chat.Scope), waiting);

        // Telegram answered: it counts 650 ms more, on every node
        await Limits(0).ReleaseAsync([Global, Chat], first.Holder, sent: true, default);
        var spaced = await Limits(1).TryTakeAsync([Global, Chat], 1, default);
        Assert.False(spaced.Granted);
        Assert.Equal(Chat.Scope, spaced.LimitedBy);
        Assert.Equal(650, spaced.Wait.TotalMilliseconds, tolerance: 0.01);
        _time.Advance(TimeSpan.FromMilliseconds(650));
        Assert.True((await Limits(1).TryTakeAsync([Global, Chat], 1, default)).Granted);
    }

    [Fact]
    public async Task A_window_never_counts_more_than_its_limit_from_all_nodes_at_once()
    {
        var global = RateBucket.Counted("telegram:global", 25, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2));
        var limits = Enumerable.Range(0, 3).Select(i => Limits(i)).ToArray();
        var takes = limits.SelectMany(l => Enumerable.Range(0, 20).Select(_ => l.TryTakeAsync([global], 1, default).AsTask()));
        var permits = await Task.WhenAll(takes);
        Assert.Equal(25, permits.Count(p => p.Granted));

        // answered now: each counts a second more; a permit given back unused frees its place at once
        var granted = permits.Where(p => p.Granted).ToList();
        foreach (var permit in granted.Skip(1))
        {
            await limits[0].ReleaseAsync([global], permit.Holder, sent: true, default);
        }

        await limits[1].ReleaseAsync([global], granted[0].Holder, sent: false, default);
        Assert.True((await limits[2].TryTakeAsync([global], 1, default)).Granted);
        Assert.False((await limits[2].TryTakeAsync([global], 1, default)).Granted);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(24, (await Task.WhenAll(Enumerable.Range(0, 30).Select(_ => limits[0].TryTakeAsync([global], 1, default).AsTask()))).Count(p => p.Granted));
    }

    [Fact]
    public async Task A_request_whose_node_died_counts_its_hold_and_window_then_the_chat_is_free()
    {
        Assert.True((await Limits(0).TryTakeAsync([Chat], 1, default)).Granted); // never released
        _time.Advance(TimeSpan.FromMilliseconds(2649));
        Assert.False((await Limits(1).TryTakeAsync([Chat], 1, default)).Granted);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True((await Limits(1).TryTakeAsync([Chat], 1, default)).Granted);
    }

    [Fact]
    public async Task A_refused_take_counts_nothing()
    {
        var empty = new RateBucket("telegram:global", 25, 1);
        Assert.True((await Limits(0).TryTakeAsync([empty], 1, default)).Granted); // the token bucket is now empty

        var refused = await Limits(0).TryTakeAsync([empty, Chat], 1, default);
        Assert.False(refused.Granted);
        Assert.Equal(0, refused.Holder);
        _time.Advance(TimeSpan.FromMilliseconds(40));
        Assert.True((await Limits(1).TryTakeAsync([empty, Chat], 1, default)).Granted); // the chat counted nothing
    }

    [Fact]
    public async Task Rows_idle_for_ten_minutes_are_forgotten_and_come_back_full()
    {
        var limits = Limits(0);
        for (var chat = 0; chat < 5; chat++)
        {
            Assert.True((await limits.TryTakeAsync([new RateBucket($"telegram:chat:{chat}", 1, 1)], 1, default)).Granted);
        }

        Assert.Equal(5, await RowCountAsync());
        _time.Advance(RateBucket.MaxRefill + TimeSpan.FromSeconds(1));
        Assert.True((await limits.TryTakeAsync([Global], 1, default)).Granted); // the take sweeps (at most every 5 min)

        Assert.Equal(1, await RowCountAsync()); // only the global bucket just used
    }

    [Fact]
    public async Task An_unreachable_store_grants_and_logs_once_in_a_while()
    {
        var closed = new PostgreSqlDiary(
            Options.Create(new PostgreSqlOptions { ConnectionString = "Host=127.0.0.1;Port=1;Username=nobody;Timeout=1" }),
            NullLogger<PostgreSqlDiary>.Instance);
        await using var _ = closed;
        var logger = new FakeLogger<PostgreSqlSharedRateLimits>();
        var limits = new PostgreSqlSharedRateLimits(closed, _time, logger);

        Assert.True((await limits.TryTakeAsync([Global], 1, default)).Granted);
        Assert.True((await limits.TryTakeAsync([Global], 1, default)).Granted);
        await limits.BlockAsync("telegram:global", TimeSpan.FromSeconds(1), default);

        var record = Assert.Single(logger.Collector.GetSnapshot());
        Assert.Equal(4540, record.Id.Id);
        Assert.Equal(LogLevel.Warning, record.Level);
    }

    [Theory]
    [InlineData(25, 0.5)] // a burst below the permits asked could never grant
    [InlineData(-1, 2)]
    [InlineData(0.001, 2)] // 2000 s to refill: longer than an idle row is kept
    public async Task A_bucket_that_could_never_work_is_refused_at_once(double rate, double burst)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Limits(0).TryTakeAsync([new RateBucket("x", rate, burst)], 1, default).AsTask());
    }

    [Fact]
    public async Task A_counted_bucket_that_could_never_work_is_refused_at_once()
    {
        RateBucket[] broken =
        [
            Chat with { Hold = TimeSpan.Zero },
            Chat with { Window = TimeSpan.FromMinutes(11) },
            Chat with { Burst = 1.5 },
            Chat with { PerSecond = 1 },
        ];
        foreach (var bucket in broken)
        {
            await Assert.ThrowsAsync<ArgumentException>(() => Limits(0).TryTakeAsync([bucket], 1, default).AsTask());
        }

        await Assert.ThrowsAsync<ArgumentException>(() => Limits(0).TryTakeAsync([Chat with { Burst = 2 }], 2, default).AsTask());
    }

    private async Task<long> RowCountAsync()
    {
        await using var count = _nodes[0].DataSource.CreateCommand("SELECT count(*) FROM rate_limits");
        return (long)(await count.ExecuteScalarAsync())!;
    }
}
