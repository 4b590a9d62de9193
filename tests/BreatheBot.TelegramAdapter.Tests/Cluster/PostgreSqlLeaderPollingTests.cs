using System.Diagnostics;
using System.Globalization;
using BreatheBot.Storage.PostgreSql;
using BreatheBot.TelegramAdapter.Tests.Fakes;
using BreatheBot.TestSupport.Postgres;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Xunit.Abstractions;

namespace BreatheBot.TelegramAdapter.Tests.Cluster;

/// <summary>
/// The leader poller on PostgreSQL's own leases (session advisory locks, <see cref="PostgreSqlClusterLeases"/>): two
/// hosts, each with its own connection pool to one database, stand for two nodes. When the leader's lease connection
/// dies (a cut network, a restarted database session) the leader learns it at its next lease check and stops polling,
/// and the other node takes over; no update is lost or handled twice.
/// </summary>
public sealed class PostgreSqlLeaderPollingTests(TestDatabase database, ITestOutputHelper output) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    private const long Ana = 111;
    private const long Ben = 222;
    private FakeTelegramServer _server = null!;
    private readonly FakeConversationHandler.DurableState _store = new();
    private readonly List<PostgreSqlDiary> _diaries = [];

    public async Task InitializeAsync() => _server = await FakeTelegramServer.StartAsync();

    public async Task DisposeAsync()
    {
        foreach (var diary in _diaries)
        {
            await diary.DisposeAsync();
        }

        await _server.DisposeAsync();
    }

    private Task<TelegramTestHost> StartNodeAsync()
    {
        var diary = database.Diary();
        _diaries.Add(diary);
        var leases = new PostgreSqlClusterLeases(diary, TimeProvider.System, NullLogger<PostgreSqlClusterLeases>.Instance);
        return TelegramTestHost.StartAsync(
            _server,
            _store,
            s => s["Telegram:LeaseRetryInterval"] = "00:00:00.050",
            services: services => services.AddSingleton<Core.Cluster.IClusterLeases>(leases));
    }

    private static TelegramReceiveStatus Status(TelegramTestHost node) => node.Host.Services.GetRequiredService<TelegramReceiveStatus>();

    private List<int> Send(int count, string prefix) =>
        [.. Enumerable.Range(0, count).Select(i => _server.UserText(i % 2 == 0 ? Ana : Ben, i % 2 == 0 ? Ana : Ben, prefix + i))];

    [Fact(Timeout = 60_000)]
    public async Task When_the_leaders_lease_connection_dies_it_stops_polling_and_the_other_node_takes_over_losing_nothing()
    {
        var first = await StartNodeAsync();
        await _server.WaitForCallAsync("getUpdates");
        await using var second = await StartNodeAsync();
        await Eventually.TrueAsync(() => Status(second).StandingBy, "the second node stands by");
        var sent = Send(6, "before ");
        await _server.WaitForConfirmedAsync(sent[^1] + 1);
        Assert.Null(Status(second).LastReceivedAt);

        var killed = Stopwatch.StartNew();
        await using var adminDiary = database.Diary();
        await using (var admin = await adminDiary.DataSource.OpenConnectionAsync())
        await using (var kill = new NpgsqlCommand(
            "SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND granted AND pid <> pg_backend_pid() " +
            "AND database = (SELECT oid FROM pg_database WHERE datname = current_database())", admin))
        {
            await kill.ExecuteNonQueryAsync(); // only the leader's lease connection holds an advisory lock
        }

        await Eventually.TrueAsync(() => first.Logs.GetSnapshot().Any(r => r.Id.Id == 2072), "the leader learned it lost the lease", TimeSpan.FromSeconds(10));
        var noticed = killed.Elapsed;
        await Eventually.TrueAsync(() => Status(second).LeadingSince is not null, "the second node took the lease", TimeSpan.FromSeconds(10));
        var takeover = killed.Elapsed;
        sent.AddRange(Send(6, "after "));
        await _server.WaitForConfirmedAsync(sent[^1] + 1, TimeSpan.FromSeconds(30));
        await first.DisposeAsync();

        output.WriteLine($"lease connection killed: second node leading after {takeover.TotalMilliseconds:F0} ms, old leader noticed after {noticed.TotalMilliseconds:F0} ms; overlapping polls answered 409: {_server.PollConflictCount}");
        Assert.True(noticed < TimeSpan.FromSeconds(5), $"noticed after {noticed.TotalMilliseconds:F0} ms (lease check every {PostgreSqlClusterLeases.CheckInterval.TotalSeconds} s)");
        Assert.True(takeover < TimeSpan.FromSeconds(5), $"taken over after {takeover.TotalMilliseconds:F0} ms");
        Assert.Equal(
            sent.Order().Select(id => id.ToString(CultureInfo.InvariantCulture)),
            _store.Handled.Select(e => e.DeliveryId!).Order(StringComparer.Ordinal)); // every update once
    }
}
