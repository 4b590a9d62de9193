using System.Collections.Concurrent;
using BreatheBot.DiscordAdapter.Gateway;
using BreatheBot.DiscordAdapter.Tests.Fakes;

namespace BreatheBot.DiscordAdapter.Tests.Gateway;

public sealed class GatewayReconnectTests
{
    // Scenario 4
    [Fact(Timeout = 15_000)]
    public async Task Missed_heartbeat_ack_tears_down_without_1000_and_resumes_on_the_resume_url()
    {
        await using var host = await DiscordTestHost.StartAsync();
        host.Fake.HeartbeatIntervalMs = 150;
        var run = host.RunGateway();
        await host.WaitReadyAsync();
        host.Fake.AckHeartbeats = false;

        await FakeDiscord.WaitForAsync(() => host.Fake.ResumeCount >= 1, "a resume after the zombie");
        var first = host.Fake.Connections[0];
        await FakeDiscord.WaitForAsync(() => first.Ended, "first socket ended");
        Assert.NotEqual(1000, first.ClientCloseCode);
        Assert.NotEqual(1001, first.ClientCloseCode);
        Assert.Equal("/gw-resume", host.Fake.Connections[1].Path);
        Assert.True(host.Fake.Connections[1].QueryOk);
        Assert.Equal(1, host.Fake.IdentifyCount);
        await run.StopAsync();
    }

    // Scenario 5
    [Fact(Timeout = 15_000)]
    public async Task Connection_after_a_zombie_starts_with_a_fresh_ack_state_and_stays_up()
    {
        await using var host = await DiscordTestHost.StartAsync();
        host.Fake.HeartbeatIntervalMs = 300;
        host.Fake.OnConnect = c =>
        {
            if (c.Index >= 2)
            {
                host.Fake.AckHeartbeats = true; // the new socket answers normally
            }

            return Task.CompletedTask;
        };
        var run = host.RunGateway();
        await host.WaitReadyAsync();
        host.Fake.AckHeartbeats = false;

        await FakeDiscord.WaitForAsync(() => host.Fake.ConnectionCount == 2 && host.Fake.Connections[1].Ready, "resumed connection");
        var second = host.Fake.Connections[1];
        await FakeDiscord.WaitForAsync(() => second.Heartbeats.Count >= 4, "several beats on the new socket");
        Assert.Equal(2, host.Fake.ConnectionCount); // not judged dead before its first beat
        Assert.False(second.Ended);
        Assert.Equal(GatewayState.Ready, run.Client.State);
        await run.StopAsync();
    }

    // Scenario 6
    [Fact(Timeout = 15_000)]
    public async Task Reconnect_op_resumes_on_the_resume_url_and_replays_missed_events_once_then_resumed()
    {
        await using var host = await DiscordTestHost.StartAsync();
        var run = host.RunGateway();
        await host.WaitReadyAsync();
        await host.Fake.DispatchAsync("MESSAGE_CREATE", """{"id":"e1"}""");
        await FakeDiscord.WaitForAsync(() => run.Types.Contains("MESSAGE_CREATE"), "first event");
        var seqBefore = host.Fake.Sequence;

        await host.Fake.SendReconnectAsync();
        await host.Fake.DispatchAsync("MESSAGE_CREATE", """{"id":"e2"}""");
        await host.Fake.DispatchAsync("MESSAGE_CREATE", """{"id":"e3"}""");

        await FakeDiscord.WaitForAsync(() => run.Types.Contains("RESUMED"), "RESUMED");
        Assert.Equal("/gw-resume", host.Fake.Connections[1].Path);
        Assert.Equal(seqBefore, Assert.Single(host.Fake.ResumeSequences));
        Assert.Equal(1, host.Fake.IdentifyCount);
        var ids = run.Received.Where(d => d.Type == "MESSAGE_CREATE").Select(d => d.Data.GetProperty("id").GetString()).ToList();
        Assert.Equal(["e1", "e2", "e3"], ids);
        Assert.Equal(["READY", "MESSAGE_CREATE", "MESSAGE_CREATE", "MESSAGE_CREATE", "RESUMED"], run.Types);
        Assert.NotEqual(1000, host.Fake.Connections[0].ClientCloseCode);
        await run.StopAsync();
    }

    // Scenario 7
    [Fact(Timeout = 15_000)]
    public async Task Reconnect_op_before_hello_is_handled()
    {
        await using var host = await DiscordTestHost.StartAsync();
        host.Fake.OnConnect = async c =>
        {
            if (c.Index == 1)
            {
                c.SkipHello = true;
                await c.TrySendAsync("""{"op":7,"d":null,"s":null,"t":null}""");
            }
        };
        var run = host.RunGateway();
        await host.WaitReadyAsync(connections: 2);
        Assert.Equal(1, host.Fake.IdentifyCount);
        Assert.Empty(host.Fake.Connections[0].OpsReceived); // nothing was sent on the first socket
        await run.StopAsync();
    }

    // Scenario 8 (op 9 true)
    [Fact(Timeout = 15_000)]
    public async Task Invalid_session_resumable_reconnects_and_resumes()
    {
        await using var host = await DiscordTestHost.StartAsync();
        var run = host.RunGateway();
        await host.WaitReadyAsync();
        await host.Fake.SendInvalidSessionAsync(resumable: true);
        await FakeDiscord.WaitForAsync(() => run.Types.Contains("RESUMED"), "RESUMED");
        Assert.Equal("/gw-resume", host.Fake.Connections[1].Path);
        Assert.Equal(1, host.Fake.IdentifyCount);
        await run.StopAsync();
    }

    // Scenario 8 (op 9 false)
    [Fact(Timeout = 15_000)]
    public async Task Invalid_session_not_resumable_waits_then_identifies_on_the_gateway_url_with_a_cleared_session()
    {
        await using var host = await DiscordTestHost.StartAsync();
        var plans = new ConcurrentQueue<GatewayReconnectPlan>();
        var run = host.RunGateway();
        run.Client.ReconnectPlanned += plans.Enqueue;
        await host.WaitReadyAsync();
        var oldSession = run.Client.Session.SessionId;
        await host.Fake.DispatchAsync("TYPING_START", "{}");

        await host.Fake.SendInvalidSessionAsync(resumable: false);
        await FakeDiscord.WaitForAsync(() => host.Fake.IdentifyCount == 2 && host.Fake.Current!.Ready, "second identify");
        Assert.Equal("/gw", host.Fake.Connections[1].Path);
        Assert.Equal(0, host.Fake.ResumeCount);
        var plan = Assert.Single(plans);
        Assert.Equal(ConnectionEndKind.InvalidSession, plan.Ended);
        Assert.False(plan.WillResume);
        Assert.InRange(plan.Delay.TotalMilliseconds, 10, 30); // the configured 1–5 s window, shrunk for tests
        await FakeDiscord.WaitForAsync(() => run.Client.Session.SessionId == host.Fake.SessionId, "new session stored");
        Assert.NotEqual(oldSession, run.Client.Session.SessionId);
        Assert.Equal(1, run.Client.Session.LastSequence); // the new READY, not the old seq
        await run.StopAsync();
    }

    // Scenario 9 (resume refused)
    [Fact(Timeout = 15_000)]
    public async Task Resume_answered_with_invalid_session_falls_back_to_identify()
    {
        await using var host = await DiscordTestHost.StartAsync();
        var plans = new ConcurrentQueue<GatewayReconnectPlan>();
        var run = host.RunGateway();
        run.Client.ReconnectPlanned += plans.Enqueue;
        await host.WaitReadyAsync();
        host.Fake.RejectResumes = true;
        await host.Fake.SendReconnectAsync();
        string Trace() => string.Join(" | ", plans) + " | paths " + string.Join(",", host.Fake.Connections.Select(c => c.Path + ":" + c.ClientCloseCode + ":" + string.Join("/", c.OpsReceived))) + " state " + run.Client.State + " logs " + string.Join(" ; ", host.Logs.GetSnapshot().Select(r => r.Message).TakeLast(12));
        try
        {
            await FakeDiscord.WaitForAsync(() => host.Fake.IdentifyCount == 2 && host.Fake.Current!.Ready, "identify after refused resume");
        }
        catch (TimeoutException)
        {
            Assert.Fail(Trace());
        }

        Assert.True(host.Fake.ResumeCount == 1, Trace());
        Assert.Equal("/gw", host.Fake.Current!.Path);
        await run.StopAsync();
    }

    // Scenario 9 (three drops)
    [Fact(Timeout = 15_000)]
    public async Task Three_failed_resumes_in_a_row_fall_back_to_identify()
    {
        await using var host = await DiscordTestHost.StartAsync();
        host.Fake.OnConnect = c =>
        {
            if (c.Path == "/gw-resume")
            {
                c.SkipHello = true;
                c.Abort(); // 1006-style: no close frame
            }

            return Task.CompletedTask;
        };
        var run = host.RunGateway();
        await host.WaitReadyAsync();
        host.Fake.Abort();

        await FakeDiscord.WaitForAsync(() => host.Fake.IdentifyCount == 2, "identify after three failed resumes");
        var resumeAttempts = host.Fake.Connections.Count(c => c.Path == "/gw-resume");
        Assert.Equal(3, resumeAttempts);
        Assert.Equal("/gw", host.Fake.Connections[^1].Path);
        await run.StopAsync();
    }

    // Scenario 10
    [Theory(Timeout = 15_000)]
    [InlineData(4000)]
    [InlineData(4001)]
    [InlineData(4002)]
    [InlineData(1000)]
    [InlineData(-1)] // abort without a close frame
    public async Task Resumable_close_reconnects_to_the_resume_url_and_resumes(int code)
    {
        await using var host = await DiscordTestHost.StartAsync();
        var run = host.RunGateway();
        await host.WaitReadyAsync();
        if (code < 0)
        {
            host.Fake.Abort();
        }
        else
        {
            await host.Fake.CloseAsync(code);
        }

        await FakeDiscord.WaitForAsync(() => run.Types.Contains("RESUMED"), "RESUMED");
        Assert.Equal("/gw-resume", host.Fake.Connections[1].Path);
        Assert.Equal(1, host.Fake.IdentifyCount);
        Assert.Equal(1, host.Fake.ResumeCount);
        await run.StopAsync();
    }

    [Theory(Timeout = 15_000)]
    [InlineData(4003)]
    [InlineData(4005)]
    [InlineData(4007)]
    [InlineData(4008)]
    [InlineData(4009)]
    public async Task Session_ending_close_reconnects_to_the_gateway_url_and_identifies(int code)
    {
        await using var host = await DiscordTestHost.StartAsync();
        var run = host.RunGateway();
        await host.WaitReadyAsync();
        await host.Fake.CloseAsync(code);

        await FakeDiscord.WaitForAsync(() => host.Fake.IdentifyCount == 2 && host.Fake.Current!.Ready, "second identify");
        Assert.Equal("/gw", host.Fake.Connections[1].Path);
        Assert.Equal(0, host.Fake.ResumeCount);
        await run.StopAsync();
    }

    [Theory(Timeout = 15_000)]
    [InlineData(4004)]
    [InlineData(4010)]
    [InlineData(4011)]
    [InlineData(4012)]
    [InlineData(4013)]
    [InlineData(4014)]
    public async Task Fatal_close_stops_for_good_with_a_clear_reason_and_never_reconnects(int code)
    {
        await using var host = await DiscordTestHost.StartAsync();
        var run = host.RunGateway();
        await host.WaitReadyAsync();
        await host.Fake.CloseAsync(code);

        var exit = await run.Task.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(exit.Fatal);
        Assert.Equal(code, exit.CloseCode);
        Assert.Contains(code.ToString(System.Globalization.CultureInfo.InvariantCulture), exit.Reason, StringComparison.Ordinal);
        Assert.Equal(GatewayState.Faulted, run.Client.State);
        await Task.Delay(500);
        Assert.Equal(1, host.Fake.ConnectionCount);
        Assert.True(host.Get<DiscordKillSwitch>().IsTripped);
        Assert.Contains(host.Logs.GetSnapshot(), r => r.Level == Microsoft.Extensions.Logging.LogLevel.Critical && r.Message.Contains(code.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
    }

    // Scenario 11 (backoff)
    [Fact(Timeout = 15_000)]
    public async Task Failing_connects_back_off_exponentially_from_the_injected_random()
    {
        await using var host = await DiscordTestHost.StartAsync(c =>
        {
            c["Discord:ReconnectBackoffBase"] = "00:00:00.010";
            c["Discord:ReconnectBackoffCap"] = "00:00:00.300";
        });
        host.Random.Value = 0.99;
        host.Fake.RejectWebSockets = true;
        var plans = new ConcurrentQueue<GatewayReconnectPlan>();
        var client = host.Get<DiscordGatewayClient>();
        client.ReconnectPlanned += plans.Enqueue;
        var run = host.RunGateway();
        await FakeDiscord.WaitForAsync(() => plans.Count >= 7, "seven reconnect plans");
        await run.StopAsync();

        var delays = plans.Take(7).Select(p => p.Delay.TotalMilliseconds).ToArray();
        Assert.All(plans.Take(7), p => Assert.Equal(ConnectionEndKind.ConnectFailed, p.Ended));
        for (var i = 1; i < 5; i++)
        {
            Assert.True(delays[i] > delays[i - 1] * 1.9, $"attempt {i}: {delays[i]} ms after {delays[i - 1]} ms");
        }

        Assert.All(delays, d => Assert.True(d <= 300, $"{d} ms exceeds the cap"));
        Assert.Equal(297, delays[6], 1);
    }

    [Fact]
    public void Backoff_uses_full_jitter_below_the_doubling_ceiling()
    {
        var random = new FixedRandom(0.5);
        var backoff = new ReconnectBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60), random);
        Assert.Equal(500, backoff.Next().TotalMilliseconds, 1);
        Assert.Equal(1000, backoff.Next().TotalMilliseconds, 1);
        Assert.Equal(2000, backoff.Next().TotalMilliseconds, 1);
        for (var i = 0; i < 20; i++)
        {
            backoff.Next();
        }

        Assert.Equal(30_000, backoff.Next().TotalMilliseconds, 1);
        backoff.Reset();
        Assert.Equal(500, backoff.Next().TotalMilliseconds, 1);
    }

    // Scenario 12
    [Fact(Timeout = 15_000)]
    public async Task Deliberate_shutdown_closes_with_1000_and_does_not_reconnect()
    {
        await using var host = await DiscordTestHost.StartAsync();
        var run = host.RunGateway();
        await host.WaitReadyAsync();
        var exit = await run.StopAsync();
        Assert.False(exit.Fatal);
        var connection = host.Fake.Connections[0];
        await FakeDiscord.WaitForAsync(() => connection.Ended, "socket closed");
        Assert.Equal(1000, connection.ClientCloseCode);
        await Task.Delay(300);
        Assert.Equal(1, host.Fake.ConnectionCount);
    }

    [Fact(Timeout = 15_000)]
    public async Task No_hello_within_the_hello_timeout_closes_and_reconnects()
    {
        await using var host = await DiscordTestHost.StartAsync(c => c["Discord:HelloTimeout"] = "00:00:00.300");
        host.Fake.OnConnect = c =>
        {
            c.SkipHello = c.Index == 1;
            return Task.CompletedTask;
        };
        var plans = new ConcurrentQueue<GatewayReconnectPlan>();
        var run = host.RunGateway();
        run.Client.ReconnectPlanned += plans.Enqueue;
        await host.WaitReadyAsync(connections: 2);
        Assert.Equal(ConnectionEndKind.HelloTimeout, Assert.Single(plans).Ended);
        var first = host.Fake.Connections[0];
        await FakeDiscord.WaitForAsync(() => first.Ended, "first socket closed");
        Assert.NotEqual(1000, first.ClientCloseCode);
        Assert.Equal(1, host.Fake.IdentifyCount);
        await run.StopAsync();
    }
}
