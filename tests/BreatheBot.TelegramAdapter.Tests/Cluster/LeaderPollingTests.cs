using System.Diagnostics;
using System.Globalization;
using BreatheBot.Core.Cluster;
using BreatheBot.Core.Messaging;
using BreatheBot.TelegramAdapter.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace BreatheBot.TelegramAdapter.Tests.Cluster;

/// <summary>
/// Long polling with several nodes on one database: Telegram allows one getUpdates consumer per token (a second one
/// gets 409 Conflict), so only the node holding the poller lease polls. Two hosts sharing one
/// <see cref="LocalClusterLeases"/> stand for two nodes sharing PostgreSQL's advisory locks; one
/// <see cref="FakeConversationHandler.DurableState"/> stands for their one database (it drops repeated deliveries).
/// </summary>
public sealed class LeaderPollingTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const long Ana = 111;
    private const long Ben = 222;
    private FakeTelegramServer _server = null!;
    private readonly FakeConversationHandler.DurableState _database = new();
    private readonly LocalClusterLeases _leases = new();

    public async Task InitializeAsync() => _server = await FakeTelegramServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private Task<TelegramTestHost> StartNodeAsync(IClusterLeases leases, Action<Dictionary<string, string?>>? configure = null) =>
        TelegramTestHost.StartAsync(
            _server,
            _database,
            s =>
            {
                s["Telegram:LeaseRetryInterval"] = "00:00:00.050";
                configure?.Invoke(s);
            },
            services: services => services.AddSingleton(leases));

    private static TelegramReceiveStatus Status(TelegramTestHost node) => node.Host.Services.GetRequiredService<TelegramReceiveStatus>();

    private static string[] Ids(IEnumerable<int> ids) => [.. ids.Order().Select(id => id.ToString(CultureInfo.InvariantCulture))];

    private string[] HandledIds() => [.. _database.Handled.Select(e => e.DeliveryId!).Order(StringComparer.Ordinal)];

    [Fact]
    public async Task Of_two_nodes_only_the_lease_holder_polls_and_no_two_getUpdates_ever_overlap()
    {
        await using var first = await StartNodeAsync(_leases);
        await _server.WaitForCallAsync("getUpdates");
        await using var second = await StartNodeAsync(_leases);
        await Eventually.TrueAsync(() => Status(second).StandingBy, "the second node stands by");

        List<int> sent = [];
        for (var i = 0; i < 20; i++)
        {
            sent.Add(_server.UserText(i % 2 == 0 ? Ana : Ben, i % 2 == 0 ? Ana : Ben, "message " + i));
            if (i % 5 == 4)
            {
                await _server.WaitForConfirmedAsync(sent[^1] + 1);
            }
        }

        var polls = _server.CallsTo("getUpdates").Count;
        await Eventually.TrueAsync(() => _server.CallsTo("getUpdates").Count >= polls + 4, "a few more idle long polls went by");

        Assert.Equal(0, _server.PollConflictCount);
        Assert.Null(Status(second).LastReceivedAt); // the second node never had a getUpdates answered
        Assert.NotNull(Status(first).LastReceivedAt);
        Assert.False(Status(first).StandingBy);
        Assert.Equal(Ids(sent), HandledIds());
        Assert.Contains(second.Logs.GetSnapshot(), r => r.Id.Id == 2071); // "another node holds lease ..."
        Assert.DoesNotContain(second.Logs.GetSnapshot(), r => r.Id.Id == 2070);
    }

    [Fact]
    public async Task When_the_polling_node_stops_mid_turn_the_other_takes_over_within_the_retry_interval_and_each_update_is_handled_once()
    {
        var slowTurns = 0;
        var slowStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _database.BeforeDurable = async (e, ct) =>
        {
            if (e is TextReceived { Text: "slow" } && Interlocked.Increment(ref slowTurns) == 1)
            {
                slowStarted.TrySetResult();
                await Task.Delay(Timeout.Infinite, ct); // the first node is stopped in the middle of this turn
            }
        };
        var first = await StartNodeAsync(_leases);
        await _server.WaitForCallAsync("getUpdates");
        await using var second = await StartNodeAsync(_leases);
        await Eventually.TrueAsync(() => Status(second).StandingBy, "the second node stands by");
        List<int> sent = [_server.UserText(Ana, Ana, "one"), _server.UserText(Ben, Ben, "two")];
        await _server.WaitForConfirmedAsync(sent[^1] + 1);
        sent.Add(_server.UserText(Ben, Ben, "three"));
        sent.Add(_server.UserText(Ana, Ana, "slow"));
        await slowStarted.Task.WaitAsync(TimeSpan.FromSeconds(10));
        sent.Add(_server.UserText(Ana, Ana, "after"));
        sent.Add(_server.UserText(Ben, Ben, "four"));

        await first.DisposeAsync();
        var stopped = Stopwatch.StartNew();
        await Eventually.TrueAsync(() => Status(second).LeadingSince is not null, "the second node took the poller lease");
        var takeover = stopped.Elapsed;
        output.WriteLine($"takeover after the leader stopped: {takeover.TotalMilliseconds:F0} ms (LeaseRetryInterval 50 ms)");
        await _server.WaitForConfirmedAsync(sent[^1] + 1);

        Assert.True(takeover < TimeSpan.FromSeconds(2), $"taken over in {takeover.TotalMilliseconds:F0} ms (retry interval 50 ms)");
        Assert.Equal(2, slowTurns); // the cut turn was not durable, so the second node got it again
        Assert.Equal(Ids(sent), HandledIds()); // every update once: none lost, repeats dropped
        Assert.Equal(["one", "slow", "after"], _database.Handled.OfType<TextReceived>().Where(t => t.Key.ChatId == "111").Select(t => t.Text));
        Assert.Equal(0, _server.PollConflictCount);
    }

    [Fact]
    public async Task A_lost_lease_stops_polling_at_once_confirms_nothing_more_and_the_next_holder_gets_the_update_again()
    {
        var leases = new ScriptedClusterLeases();
        var slowTurns = 0;
        var slowStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var slowCut = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _database.BeforeDurable = async (e, ct) =>
        {
            if (e is TextReceived { Text: "slow" } && Interlocked.Increment(ref slowTurns) == 1)
            {
                slowStarted.TrySetResult();
                await using var registration = ct.Register(() => slowCut.TrySetResult());
                await Task.Delay(Timeout.Infinite, ct);
            }
        };
        await using var node = await StartNodeAsync(leases);
        var poller = "telegram-poller:" + FakeTelegramServer.BotId;
        var fine = _server.UserText(Ben, Ben, "fine");
        await _server.WaitForConfirmedAsync(fine + 1);
        var slow = _server.UserText(Ana, Ana, "slow");
        await slowStarted.Task.WaitAsync(TimeSpan.FromSeconds(10));

        leases.Available = false;
        leases.Lose(poller);

        await slowCut.Task.WaitAsync(TimeSpan.FromSeconds(2)); // the turn in flight is cancelled, not finished
        await Eventually.TrueAsync(() => leases.Released == 1, "the lost lease is given back", TimeSpan.FromSeconds(2));
        var polls = _server.Calls.Count(c => c.Method == "getUpdates");
        var tries = leases.Tries;
        await Eventually.TrueAsync(() => leases.Tries >= tries + 3, "the node keeps trying to take the lease again");
        Assert.Equal(polls, _server.Calls.Count(c => c.Method == "getUpdates")); // no poll without the lease
        Assert.True(_server.ConfirmedOffset <= slow, "the update whose turn was cut is not confirmed");
        Assert.Contains(node.Logs.GetSnapshot(), r => r.Id.Id == 2072); // "lease ... was lost"

        leases.Available = true; // the node becomes the next holder
        await _server.WaitForConfirmedAsync(slow + 1);

        Assert.Equal(2, slowTurns);
        Assert.Equal(Ids([fine, slow]), HandledIds());
        Assert.Equal(0, _server.PollConflictCount);
    }

    [Fact]
    public async Task A_lost_lease_ends_a_pending_long_poll_at_once()
    {
        var leases = new ScriptedClusterLeases();
        _server.LongPollCap = TimeSpan.FromSeconds(20);
        await using var node = await StartNodeAsync(leases, s => s["Telegram:LongPollTimeoutSeconds"] = "30");
        await Eventually.TrueAsync(() => _server.PollPending, "a long poll is pending");

        leases.Available = false;
        var lost = Stopwatch.StartNew();
        leases.Lose("telegram-poller:" + FakeTelegramServer.BotId);

        await Eventually.TrueAsync(() => !_server.PollPending && leases.Released == 1, "the poll is abandoned and the lease given back", TimeSpan.FromSeconds(3));
        Assert.True(lost.Elapsed < TimeSpan.FromSeconds(3), "not after the 20 s long poll");
        Assert.Equal("client gave up", Assert.Single(_server.CallsTo("getUpdates"), c => c.Status == 0).Description);
    }

    [Fact]
    public void Lease_names_carry_the_bot_id_and_never_the_token()
    {
        Assert.Equal("123456789", TelegramLeases.BotId(FakeTelegramServer.Token));
        Assert.DoesNotContain("TEST_token", TelegramLeases.BotId("TEST_token-abc"), StringComparison.Ordinal);
        Assert.Equal(TelegramLeases.BotId("x"), TelegramLeases.BotId("x"));
    }
}
