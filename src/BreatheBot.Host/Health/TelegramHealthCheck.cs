using BreatheBot.TelegramAdapter;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace BreatheBot.Host.Health;

/// <summary>
/// Telegram reaches us. Polling: a getUpdates answered (an empty answer counts) within the allowed silence, else
/// Unhealthy (the network, Telegram, the token's rights, or a stuck receive loop). Webhook: Unhealthy until setWebhook
/// succeeded; then a silence longer than allowed is Degraded, not Unhealthy, since a quiet bot gets no deliveries.
/// Several nodes: a polling node standing by (another holds the poller lease) is Healthy, and a node's silence counts
/// from when it took the lease over; a webhook node standing by (another registered the webhook) counts from its getMe.
/// </summary>
internal sealed class TelegramHealthCheck(TelegramReceiveStatus status, IOptions<TelegramOptions> telegram, IOptions<HealthOptions> health, TimeProvider time) : IHealthCheck
{
    public const string Name = "telegram";
    private static readonly TimeSpan WebhookSilence = TimeSpan.FromHours(6);

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var options = telegram.Value;
        var now = time.GetUtcNow();
        if (options.Mode == TelegramMode.Webhook)
        {
            if (status.ListeningSince is not { } listening)
            {
                return Task.FromResult(HealthCheckResult.Unhealthy("the webhook is not set yet (setWebhook has not succeeded)"));
            }

            var quiet = now - (status.LastReceivedAt ?? listening);
            var allowedQuiet = health.Value.TelegramMaxSilence ?? WebhookSilence;
            return Task.FromResult(quiet > allowedQuiet
                ? HealthCheckResult.Degraded($"no webhook delivery for {Age.Text(quiet)} (Health:TelegramMaxSilence {Age.Text(allowedQuiet)}): quiet, or Telegram cannot reach the webhook (see getWebhookInfo)", data: Age.Data(quiet))
                : HealthCheckResult.Healthy($"last webhook delivery {Age.Text(quiet)} ago", Age.Data(quiet)));
        }

        if (status.StandingBy)
        {
            return Task.FromResult(HealthCheckResult.Healthy("standing by: another node polls with this token (this one takes over if it stops)"));
        }

        var since = status.LastReceivedAt ?? status.CreatedAt;
        var silence = now - (status.LeadingSince is { } leading && leading > since ? leading : since);
        var allowed = health.Value.TelegramMaxSilence ?? DefaultPollingSilence(options);
        return Task.FromResult(silence > allowed
            ? HealthCheckResult.Unhealthy($"no getUpdates answered for {Age.Text(silence)} (allowed {Age.Text(allowed)}, Health:TelegramMaxSilence)", data: Age.Data(silence))
            : HealthCheckResult.Healthy($"last getUpdates answered {Age.Text(silence)} ago", Age.Data(silence)));
    }

    /// <summary>Two long polls with their request timeouts, plus one full backoff.</summary>
    internal static TimeSpan DefaultPollingSilence(TelegramOptions options) =>
        (2 * (TimeSpan.FromSeconds(options.LongPollTimeoutSeconds) + options.RequestTimeout + TimeSpan.FromSeconds(5))) + options.PollingBackoffMax;
}
