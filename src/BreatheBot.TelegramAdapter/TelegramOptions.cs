using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;
using BreatheBot.Core.Configuration;
using Microsoft.Extensions.Options;

namespace BreatheBot.TelegramAdapter;

/// <summary>How the adapter receives updates from Telegram.</summary>
public enum TelegramMode
{
    /// <summary>Long polling with getUpdates (default): no public HTTPS endpoint needed.</summary>
    Polling = 0,

    /// <summary>Telegram POSTs updates to <see cref="TelegramOptions.WebhookUrl"/>, served by Kestrel inside the host.</summary>
    Webhook = 1,
}

/// <summary>The <c>Telegram</c> configuration section. Only <see cref="BotToken"/> is secret.</summary>
public sealed class TelegramOptions
{
    public const string SectionName = "Telegram";

    /// <summary>Secret. The token @BotFather gave, "&lt;bot id&gt;:&lt;secret&gt;". The adapter is enabled when it is set.</summary>
    public string? BotToken { get; set; }

    /// <summary>Base URL of the Bot API server; null = Telegram's. Only scheme, host and port are used.</summary>
    public string? ApiBaseUrl { get; set; }

    public TelegramMode Mode { get; set; } = TelegramMode.Polling;

    /// <summary>Public HTTPS URL Telegram posts to (webhook mode), e.g. https://bot.example.org/telegram/webhook.</summary>
    public string? WebhookUrl { get; set; }

    /// <summary>Secret. Checked against the X-Telegram-Bot-Api-Secret-Token header; 1-256 of A-Z a-z 0-9 _ -.</summary>
    [NotWhitespace]
    public string? WebhookSecret { get; set; }

    /// <summary>
    /// Where Kestrel listens for the webhook: plain HTTP, so by default only on the loopback address, for a
    /// TLS-terminating reverse proxy on the same machine (see the Telegram guide). Set another address only when the
    /// proxy runs elsewhere on a private network.
    /// </summary>
    public string WebhookListenUrl { get; set; } = "http://127.0.0.1:8443";

    /// <summary>The local path of the webhook route.</summary>
    public string WebhookPath { get; set; } = "/telegram/webhook";

    /// <summary>setWebhook max_connections: small keeps per-chat order easy on the server side.</summary>
    [Range(1, 100)]
    public int WebhookMaxConnections { get; set; } = 10;

    /// <summary>getUpdates long-poll timeout, seconds (0-50).</summary>
    [Range(0, 50)]
    public int LongPollTimeoutSeconds { get; set; } = 30;

    /// <summary>Timeout of one non-polling API call (a send or an edit).</summary>
    [TimeSpanRange("00:00:01", "00:05:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Minimum spacing between two messages to one chat (Telegram: about 1 per second).</summary>
    [TimeSpanRange("00:00:00", "00:01:00")]
    public TimeSpan PerChatInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Messages per minute to one group (Telegram: 20).</summary>
    [Range(1, int.MaxValue)]
    public int GroupMessagesPerMinute { get; set; } = 20;

    /// <summary>Messages per second over all chats (Telegram: 30).</summary>
    [Range(1, int.MaxValue)]
    public int GlobalMessagesPerSecond { get; set; } = 30;

    /// <summary>
    /// Added to every rate-limit window (per chat, per group, global) so that network jitter between our clock and
    /// Telegram's never makes two sends look closer than allowed.
    /// </summary>
    [TimeSpanRange("00:00:00", "00:00:05")]
    public TimeSpan RateLimitMargin { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Attempts of one send on 5xx or timeout before it is given up (429 waits do not count).</summary>
    [Range(1, 20)]
    public int MaxSendAttempts { get; set; } = 4;

    /// <summary>First retry delay after a 5xx or timeout; doubles each attempt up to <see cref="RetryMaxDelay"/>.</summary>
    [TimeSpanRange("00:00:00.010", "00:10:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    [TimeSpanRange("00:00:00.010", "01:00:00")]
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Attempts at handling one update whose turn failed to become durable (a storage error, a timeout) before it is
    /// confirmed anyway and logged as lost. Until then it is not confirmed: polling asks for it again after a backoff,
    /// and a webhook answers 500 so Telegram sends it again.
    /// </summary>
    [Range(1, 20)]
    public int MaxUpdateAttempts { get; set; } = 3;

    /// <summary>First delay after a failed getUpdates; doubles up to <see cref="PollingBackoffMax"/>.</summary>
    [TimeSpanRange("00:00:00.010", "00:10:00")]
    public TimeSpan PollingBackoffBase { get; set; } = TimeSpan.FromSeconds(1);

    [TimeSpanRange("00:00:00.010", "01:00:00")]
    public TimeSpan PollingBackoffMax { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Wait after a 409 Conflict (another instance polling, or a webhook set).</summary>
    [TimeSpanRange("00:00:00.010", "01:00:00")]
    public TimeSpan ConflictBackoff { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Several nodes on one database: how often a node without the poller lease (polling) or the webhook set-up lease
    /// (webhook) tries to take it. A node that stops or dies is taken over within about this long.
    /// </summary>
    [TimeSpanRange("00:00:00.010", "00:01:00")]
    public TimeSpan LeaseRetryInterval { get; set; } = TimeSpan.FromSeconds(2);
}

/// <summary>Validates <see cref="TelegramOptions"/> at start; messages say what to set and never echo a secret.</summary>
internal sealed partial class TelegramOptionsValidator : IValidateOptions<TelegramOptions>
{
    [GeneratedRegex("^[0-9]{1,16}:[A-Za-z0-9_-]{8,}$")]
    private static partial Regex TokenShape();

    [GeneratedRegex("^[A-Za-z0-9_-]{1,256}$")]
    private static partial Regex SecretShape();

    public ValidateOptionsResult Validate(string? name, TelegramOptions options)
    {
        var builder = new ValidateOptionsResultBuilder();
        if (options.BotToken is { Length: > 0 } blank && string.IsNullOrWhiteSpace(blank))
        {
            builder.AddError("Telegram:BotToken is only spaces; set the token @BotFather gave, or leave it empty to run without Telegram.");
        }
        else if (string.IsNullOrWhiteSpace(options.BotToken))
        {
            builder.AddError("Telegram:BotToken is not set. Create a bot with @BotFather and set Telegram:BotToken (environment variable Telegram__BotToken, or dotnet user-secrets).");
        }
        else if (!TokenShape().IsMatch(options.BotToken))
        {
            builder.AddError("Telegram:BotToken is malformed: it must look like '123456789:AAH...' (the bot id, a colon, then the secret), exactly as @BotFather gave it. Set Telegram:BotToken to the full token.");
        }

        if (options.ApiBaseUrl is { Length: > 0 } baseUrl
            && (!Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)))
        {
            builder.AddError("Telegram:ApiBaseUrl must be an absolute http(s) URL such as https://api.telegram.org, or unset.");
        }

        if (options.Mode == TelegramMode.Webhook)
        {
            if (!Uri.TryCreate(options.WebhookUrl, UriKind.Absolute, out var hook) || hook.Scheme != Uri.UriSchemeHttps)
            {
                builder.AddError("Telegram:WebhookUrl must be the public https URL Telegram should post to (Telegram:Mode is Webhook).");
            }

            if (string.IsNullOrEmpty(options.WebhookSecret) || !SecretShape().IsMatch(options.WebhookSecret))
            {
                builder.AddError("Telegram:WebhookSecret must be set to 1-256 characters of A-Z a-z 0-9 _ - (Telegram:Mode is Webhook).");
            }

            if (!Uri.TryCreate(options.WebhookListenUrl, UriKind.Absolute, out _))
            {
                builder.AddError("Telegram:WebhookListenUrl must be an absolute URL Kestrel can listen on, e.g. http://0.0.0.0:8443.");
            }

            if (!options.WebhookPath.StartsWith('/'))
            {
                builder.AddError("Telegram:WebhookPath must start with '/'.");
            }
        }

        // single-key ranges are data annotations on TelegramOptions (checked by AddSettings); these span two keys
        if (options.RetryBaseDelay > options.RetryMaxDelay)
        {
            builder.AddError("Telegram:RetryBaseDelay must not exceed Telegram:RetryMaxDelay (the send retry backoff doubles from the base up to the max).");
        }

        if (options.PollingBackoffBase > options.PollingBackoffMax)
        {
            builder.AddError("Telegram:PollingBackoffBase must not exceed Telegram:PollingBackoffMax (the backoff doubles from the base up to the max).");
        }

        return builder.Build();
    }
}
