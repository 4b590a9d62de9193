using BreatheBot.DiscordAdapter.Gateway;
using BreatheBot.DiscordAdapter.Tests.Fakes;
using BreatheBot.Host.Health;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace BreatheBot.DiscordAdapter.Tests.Gateway;

/// <summary>The host's Discord health check against the fake gateway: heartbeat ACKs are what it watches.</summary>
public sealed class GatewayHealthTests
{
    [Fact]
    public async Task Discord_is_unready_when_the_gateway_stops_acking_heartbeats_and_ready_again_when_it_acks()
    {
        await using var host = await DiscordTestHost.StartAsync();
        host.Fake.HeartbeatIntervalMs = 200;
        var check = new DiscordHealthCheck(
            host.Get<DiscordGatewayStatus>(),
            Options.Create(new HealthOptions { DiscordMaxHeartbeatAckAge = TimeSpan.FromSeconds(1.5) }),
            TimeProvider.System);
        var run = host.RunGateway();
        await host.WaitReadyAsync();
        await WaitForAsync(check, HealthStatus.Healthy, "healthy once ready and ACKed");

        host.Fake.AckHeartbeats = false; // a zombie: the client reconnects and resumes, but nothing is ACKed
        var unhealthy = await WaitForAsync(check, HealthStatus.Unhealthy, "unhealthy without ACKs");
        Assert.Contains("no Discord heartbeat ACK", unhealthy.Description, StringComparison.Ordinal);

        host.Fake.AckHeartbeats = true;
        await WaitForAsync(check, HealthStatus.Healthy, "healthy again once ACKs come back");
        Assert.True(host.Fake.ResumeCount >= 1, "the zombie connection was replaced meanwhile");
        await run.StopAsync();
    }

    [Fact]
    public async Task Before_any_ACK_the_gateway_ages_from_its_start_and_a_given_up_gateway_is_unhealthy()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var status = new DiscordGatewayStatus(time);
        var check = new DiscordHealthCheck(status, Options.Create(new HealthOptions()), time);

        var fresh = await check.CheckHealthAsync(new HealthCheckContext());
        time.Advance(TimeSpan.FromMinutes(2)); // the default: two 41.25 s intervals plus 10 s
        var silent = await check.CheckHealthAsync(new HealthCheckContext());
        status.SetState(GatewayState.Faulted);
        var faulted = await check.CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(HealthStatus.Degraded, fresh.Status); // not ready yet, but within the allowed age
        Assert.Equal(HealthStatus.Unhealthy, silent.Status);
        Assert.Equal(HealthStatus.Unhealthy, faulted.Status);
        Assert.Contains("given up", faulted.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_standby_node_is_healthy_and_its_silence_does_not_count_once_it_takes_the_shard()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var status = new DiscordGatewayStatus(time);
        var check = new DiscordHealthCheck(status, Options.Create(new HealthOptions()), time);

        status.SetStandby(true); // another node owns the shard
        time.Advance(TimeSpan.FromHours(3));
        var standingBy = await check.CheckHealthAsync(new HealthCheckContext());
        status.SetStandby(false); // it takes the shard over and connects
        var takingOver = await check.CheckHealthAsync(new HealthCheckContext());
        time.Advance(TimeSpan.FromMinutes(2)); // no ACK since taking over
        var silent = await check.CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(HealthStatus.Healthy, standingBy.Status);
        Assert.Contains("standing by", standingBy.Description, StringComparison.Ordinal);
        Assert.Equal(HealthStatus.Degraded, takingOver.Status); // connecting, not hours overdue
        Assert.Equal(HealthStatus.Unhealthy, silent.Status);
    }

    private static async Task<HealthCheckResult> WaitForAsync(DiscordHealthCheck check, HealthStatus wanted, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (true)
        {
            var result = await check.CheckHealthAsync(new HealthCheckContext());
            if (result.Status == wanted)
            {
                return result;
            }

            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting until {what}; last: {result.Status} {result.Description}");
            await Task.Delay(50);
        }
    }
}
