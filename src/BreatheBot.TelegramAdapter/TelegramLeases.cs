using System.Security.Cryptography;
using System.Text;
using BreatheBot.Core.Cluster;
using BreatheBot.TelegramAdapter.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BreatheBot.TelegramAdapter;

/// <summary>
/// The Telegram work only one node of a deployment may do for a bot (several nodes on one PostgreSQL): long polling
/// (Telegram allows one getUpdates consumer per token) and registering the webhook. Each is a cluster lease named
/// after the bot's id, the public part of the token before its colon, never the token. A node without the lease tries
/// again every <see cref="TelegramOptions.LeaseRetryInterval"/>. With one node (<see cref="LocalClusterLeases"/>) the
/// first try succeeds, so a single process behaves as if there were no leases at all.
/// </summary>
internal sealed class TelegramLeases(IClusterLeases leases, IOptions<TelegramOptions> options, TimeProvider time, ILogger<TelegramLeases> logger)
{
    /// <summary>The lease of the one node that long-polls with this token.</summary>
    public string Poller => "telegram-poller:" + BotId(options.Value.BotToken);

    /// <summary>The lease of the one node that calls setWebhook for this token.</summary>
    public string WebhookSetup => "telegram-webhook-setup:" + BotId(options.Value.BotToken);

    public TimeSpan RetryInterval => options.Value.LeaseRetryInterval;

    /// <summary>One try: the lease, or null when another node holds it. Throws when the leases cannot be reached.</summary>
    public async Task<IClusterLease?> TryTakeAsync(string name, CancellationToken cancellationToken)
    {
        var lease = await leases.TryAcquireAsync(name, cancellationToken).ConfigureAwait(false);
        if (lease is not null)
        {
            Log.LeaseTaken(logger, name);
        }

        return lease;
    }

    /// <summary>
    /// Takes <paramref name="name"/>, trying again every <see cref="RetryInterval"/> while another node holds it or the
    /// leases cannot be reached; null once <paramref name="stopping"/> is cancelled. <paramref name="standingBy"/> is
    /// called when another node holds it.
    /// </summary>
    public async Task<IClusterLease?> AcquireAsync(string name, Action? standingBy, CancellationToken stopping)
    {
        var told = false;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                if (await TryTakeAsync(name, stopping).ConfigureAwait(false) is { } lease)
                {
                    return lease;
                }

                standingBy?.Invoke();
                if (!told)
                {
                    Log.LeaseHeldElsewhere(logger, name, RetryInterval.TotalSeconds);
                    told = true;
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return null;
            }
#pragma warning disable CA1031 // the database down for a moment: try again, as a standing-by node does anyway
            catch (Exception ex)
#pragma warning restore CA1031
            {
                Log.LeaseFailed(logger, name, TelegramReceiver.Reason(ex), RetryInterval.TotalSeconds, ex);
            }

            try
            {
                await Task.Delay(RetryInterval, time, stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return null;
            }
        }

        return null;
    }

    /// <summary>Gives the lease up so that another node takes it over (within its retry interval).</summary>
    public async Task ReleaseAsync(IClusterLease lease)
    {
        var name = lease.Name;
        await lease.DisposeAsync().ConfigureAwait(false);
        Log.LeaseReleased(logger, name);
    }

    /// <summary>The bot id (the token's public part before the colon); a hash when the token has no such part.</summary>
    internal static string BotId(string? token)
    {
        token ??= string.Empty;
        var colon = token.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && token[..colon].All(char.IsAsciiDigit)
            ? token[..colon]
            : "sha256-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)))[..16];
    }
}
