using BreatheBot.DiscordAdapter.Gateway;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace BreatheBot.Host.Health;

/// <summary>
/// The Discord gateway is connected and Discord answers its heartbeats: Unhealthy when no heartbeat ACK arrived within
/// the allowed age (on any connection: a gateway that keeps reconnecting without being ACKed still ages) or when the
/// gateway has given up; Degraded while it reconnects with a recent ACK; Healthy when ready with a recent ACK, or while
/// another node owns the shard (cluster mode: this node stands by and sends replies).
/// </summary>
internal sealed class DiscordHealthCheck(DiscordGatewayStatus status, IOptions<HealthOptions> health, TimeProvider time) : IHealthCheck
{
    public const string Name = "discord";
    private static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(41_250);

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var state = status.State;
        if (state == GatewayState.Faulted)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("the Discord gateway has given up (see the log)"));
        }

        if (status.Standby)
        {
            return Task.FromResult(HealthCheckResult.Healthy("standing by: another node owns the Discord shard"));
        }

        var sign = status.LastHeartbeatAckAt ?? status.FirstReadyAt ?? status.CreatedAt;
        var age = time.GetUtcNow() - (status.ActiveSince is { } active && active > sign ? active : sign);
        var allowed = health.Value.DiscordMaxHeartbeatAckAge ?? (2 * (status.HeartbeatInterval ?? DefaultInterval)) + TimeSpan.FromSeconds(10);
        var data = Age.Data(age);
        data["state"] = state.ToString();
        if (age > allowed)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy(
                $"no Discord heartbeat ACK for {Age.Text(age)} (allowed {Age.Text(allowed)}, Health:DiscordMaxHeartbeatAckAge); gateway {state}", data: data));
        }

        return Task.FromResult(state == GatewayState.Ready
            ? HealthCheckResult.Healthy($"gateway ready, last heartbeat ACK {Age.Text(age)} ago", data)
            : HealthCheckResult.Degraded($"gateway {state} (reconnecting), last heartbeat ACK {Age.Text(age)} ago", data: data));
    }
}
