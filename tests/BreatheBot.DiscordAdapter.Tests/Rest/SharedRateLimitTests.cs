using BreatheBot.Core.Cluster;
using BreatheBot.DiscordAdapter.Rest;
using BreatheBot.DiscordAdapter.Tests.Fakes;
using BreatheBot.Storage.PostgreSql;
using BreatheBot.TestSupport.Postgres;
using Microsoft.Extensions.Logging.Abstractions;

namespace BreatheBot.DiscordAdapter.Tests.Rest;

/// <summary>
/// Issue 15, Discord's global limit across nodes: three REST clients ("nodes", each with its own PostgreSQL pool) share
/// one PostgreSQL limiter. A burst from all three against the fake with Discord's global 50/s enforced gets no 429 and
/// goes out close to the shared 40/s; a global 429 and a route's 429 one node was given hold the other nodes too.
/// </summary>
[Collection(TimingCollection.Name)] // throughput in real time: run alone, not beside the other classes
public sealed class SharedRateLimitTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    private const int SharedRate = 40;
    private FakeDiscord _fake = null!;
    private NodeDiaries _diaries = null!;
    private readonly List<IDisposable> _owned = [];

    public async Task InitializeAsync()
    {
        _fake = await FakeDiscord.StartAsync();
        _diaries = await NodeDiaries.OpenAsync(database, 3);

        await using var truncate = _diaries[0].DataSource.CreateCommand("TRUNCATE rate_limits, rate_limit_sends");
        await truncate.ExecuteNonQueryAsync();
    }

    public async Task DisposeAsync()
    {
        _owned.ForEach(o => o.Dispose());
        await _diaries.DisposeAsync();

        await _fake.DisposeAsync();
    }

    private DiscordRestClient Node(int node)
    {
        var options = new DiscordOptions
        {
            BotToken = FakeDiscord.Token,
            ApplicationId = FakeDiscord.ApplicationId,
            ApiBaseUrl = _fake.ApiBase,
            ClusterRequestsPerSecond = SharedRate,
        };
        var killSwitch = new DiscordKillSwitch();
        var limits = new PostgreSqlSharedRateLimits(_diaries[node], TimeProvider.System, NullLogger<PostgreSqlSharedRateLimits>.Instance);
        var rest = new DiscordRestClient(options, TimeProvider.System, killSwitch, NullLogger<DiscordRestClient>.Instance, new SocketsHttpHandler(), null, limits);
        _owned.Add(rest);
        _owned.Add(killSwitch);
        return rest;
    }

    private static Model.MessagePayload Hello() => DiscordText.Payload("hello", null);

    [Fact(Timeout = 60_000)]
    public async Task Three_nodes_sending_a_burst_together_get_no_429_and_go_out_near_the_shared_rate()
    {
        _fake.GlobalLimitPerSecond = 50; // Discord's global limit for a bot token
        var nodes = Enumerable.Range(0, 3).Select(Node).ToArray();
        await Task.WhenAll(nodes.Select((rest, n) => rest.CreateMessageAsync((9000 + n).ToString(System.Globalization.CultureInfo.InvariantCulture), Hello(), default)));
        await Task.Delay(200); // connections and JIT warmed up, the shared bucket full again
        var from = DateTimeOffset.UtcNow;

        // 60 messages from each node, to channels of its own, all at once
        await Task.WhenAll(nodes.SelectMany((rest, n) => Enumerable.Range(0, 60).Select(i =>
            rest.CreateMessageAsync((1000 * (n + 1) + i).ToString(System.Globalization.CultureInfo.InvariantCulture), Hello(), default))));

        Assert.Equal(0, _fake.TooManyRequestsCount);
        var times = _fake.Requests.Where(r => r.At >= from).Select(r => r.At).Order().ToList();
        Assert.Equal(180, times.Count);
        var rate = (times.Count - 1) / (times[^1] - times[0]).TotalSeconds;
        Assert.InRange(rate, SharedRate * 0.75, SharedRate * 1.1);
        var busiestSecond = times.Max(t => times.Count(u => u >= t && u < t + TimeSpan.FromSeconds(1)));
        Assert.InRange(busiestSecond, 30, SharedRate + 2 + 2); // rate + burst (a twentieth) as granted, + 2 for the way there
    }

    [Fact(Timeout = 30_000)]
    public async Task A_global_429_one_node_was_given_holds_every_other_node()
    {
        var (first, second) = (Node(0), Node(1));
        _fake.Script("POST", "/channels/1/messages", ScriptedResponse.RateLimited(1.5, global: true));
        var retried = first.CreateMessageAsync("1", Hello(), default);
        await WaitBlockedAsync(SharedRestLimits.GlobalScope);
        var told = _fake.Requests.Single(r => r.Status == 429).At;

        await second.CreateMessageAsync("2", Hello(), default);
        await retried;

        var sent = _fake.RequestsTo("POST", "/channels/2/messages").Single().At;
        Assert.True(sent - told >= TimeSpan.FromSeconds(1.4), $"another node sent {(sent - told).TotalMilliseconds:0} ms after the global 429");
    }

    [Fact(Timeout = 30_000)]
    public async Task A_routes_429_one_node_was_given_holds_that_route_on_every_other_node_but_not_other_routes()
    {
        var (first, second) = (Node(0), Node(1));
        _fake.Script("POST", "/channels/3/messages", ScriptedResponse.RateLimited(1.5));
        var retried = first.CreateMessageAsync("3", Hello(), default);
        await WaitBlockedAsync("discord:route:POST /channels/:channel_id/messages:channel:3");
        var told = _fake.Requests.Single(r => r.Status == 429).At;

        await second.CreateMessageAsync("4", Hello(), default); // another channel: not held
        await second.CreateMessageAsync("3", Hello(), default);
        await retried;

        var other = _fake.RequestsTo("POST", "/channels/4/messages").Single().At;
        Assert.True(other - told < TimeSpan.FromSeconds(1), "another channel was held too");
        var same = _fake.RequestsTo("POST", "/channels/3/messages").Where(r => r.Status == 200).Min(r => r.At);
        Assert.True(same - told >= TimeSpan.FromSeconds(1.4), $"the same route went {(same - told).TotalMilliseconds:0} ms after its 429");
    }

    private async Task WaitBlockedAsync(string scope)
    {
        for (var i = 0; i < 500; i++)
        {
            await using var command = _diaries[2].DataSource.CreateCommand("SELECT count(*) FROM rate_limits WHERE scope = $1 AND blocked_until > now()");
            command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = scope });
            if ((long)(await command.ExecuteScalarAsync())! > 0)
            {
                return;
            }

            await Task.Delay(10);
        }

        Assert.Fail($"{scope} was never blocked for the other nodes");
    }
}
