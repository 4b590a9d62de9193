using System.ComponentModel.DataAnnotations;
using System.Net;
using Microsoft.Extensions.Options;

namespace BreatheBot.Host.Health;

/// <summary>
/// The <c>Health</c> section: where /healthz, /readyz and /metrics are served, and the thresholds of the checks.
/// Off by default when only the terminal runs; on by default with Telegram or Discord.
/// </summary>
public sealed class HealthOptions
{
    public const string SectionName = "Health";

    /// <summary>Serve the endpoints. Unset: on when Telegram or Discord runs, off in the terminal.</summary>
    public bool? Enabled { get; set; }

    /// <summary>Where the endpoints listen, ';'-separated http URLs on a loopback address (a port of 0 picks a free one).</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "Health:Urls must name at least one http URL to listen on, e.g. http://127.0.0.1:9180.")]
    public string Urls { get; set; } = "http://127.0.0.1:9180";

    /// <summary>
    /// Allow an address that is not loopback in <see cref="Urls"/> (the endpoints have no authentication: put them only
    /// on a private network or behind a proxy that restricts who may scrape).
    /// </summary>
    public bool AllowNonLoopback { get; set; }

    /// <summary>
    /// Telegram is unready when no getUpdates succeeded for this long (polling). Unset: two long polls with their
    /// request timeouts plus one full backoff (2 × (Telegram:LongPollTimeoutSeconds + Telegram:RequestTimeout + 5 s) +
    /// Telegram:PollingBackoffMax). In webhook mode, a silence this long (unset: 6 hours) is reported as degraded.
    /// </summary>
    public TimeSpan? TelegramMaxSilence { get; set; }

    /// <summary>Discord is unready when no heartbeat ACK arrived for this long. Unset: two heartbeat intervals plus 10 s.</summary>
    public TimeSpan? DiscordMaxHeartbeatAckAge { get; set; }

    /// <summary>The listen URLs, split and trimmed.</summary>
    public IReadOnlyList<string> UrlList() => [.. Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
}

/// <summary>
/// Each listen URL is an absolute http URL with a port, on a loopback address unless Health:AllowNonLoopback is true;
/// the thresholds, when set, are within sensible bounds.
/// </summary>
internal sealed class HealthOptionsUrlValidator : IValidateOptions<HealthOptions>
{
    public ValidateOptionsResult Validate(string? name, HealthOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = new ValidateOptionsResultBuilder();
        foreach (var url in string.IsNullOrWhiteSpace(options.Urls) ? [] : options.UrlList())
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp || uri.AbsolutePath != "/" || (uri.IsDefaultPort && !url.Contains(":80", StringComparison.Ordinal)))
            {
                builder.AddError($"Health:Urls has '{url}': each must be an http URL with a host and a port and no path, e.g. http://127.0.0.1:9180 (https is for a proxy in front).");
            }
            else if (!options.AllowNonLoopback && !IsLoopback(uri.Host))
            {
                builder.AddError($"Health:Urls has '{url}', which is not a loopback address: the endpoints have no authentication. Use 127.0.0.1 or [::1], or set Health:AllowNonLoopback to true to serve them on a private network.");
            }
        }

        if (options.TelegramMaxSilence is { } silence && (silence < TimeSpan.FromMilliseconds(100) || silence > TimeSpan.FromDays(7)))
        {
            builder.AddError("Health:TelegramMaxSilence must be between 00:00:00.100 and 7.00:00:00, or unset.");
        }

        if (options.DiscordMaxHeartbeatAckAge is { } age && (age < TimeSpan.FromMilliseconds(100) || age > TimeSpan.FromHours(1)))
        {
            builder.AddError("Health:DiscordMaxHeartbeatAckAge must be between 00:00:00.100 and 01:00:00, or unset.");
        }

        return builder.Build();
    }

    internal static bool IsLoopback(string host) =>
        string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
}
