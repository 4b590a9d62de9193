using System.Net;
using Microsoft.Extensions.Options;

namespace BreatheBot.DiscordAdapter;

/// <summary>Validates <see cref="DiscordOptions"/> at start, with messages that say which key to set.</summary>
internal sealed class DiscordOptionsValidator : IValidateOptions<DiscordOptions>
{
    public ValidateOptionsResult Validate(string? name, DiscordOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.BotToken))
        {
            failures.Add("Discord:BotToken is empty. Set it to the token from the Developer Portal (Applications > your app > Bot > Reset Token).");
        }
        else if (options.BotToken.Any(char.IsWhiteSpace) || options.BotToken.StartsWith("Bot", StringComparison.Ordinal) && options.BotToken.Contains(' ', StringComparison.Ordinal))
        {
            failures.Add("Discord:BotToken contains whitespace. Set only the token itself, without the 'Bot ' prefix or quotes.");
        }
        else if (options.BotToken.Contains("YOUR", StringComparison.OrdinalIgnoreCase))
        {
            failures.Add("Discord:BotToken still holds a placeholder. Set the real bot token.");
        }

        if (!IsSnowflake(options.ApplicationId))
        {
            failures.Add("Discord:ApplicationId must be the numeric application id (Developer Portal > General Information > Application ID).");
        }

        if (!Uri.TryCreate(options.ApiBaseUrl, UriKind.Absolute, out var api)
            || !(api.Scheme == Uri.UriSchemeHttps || (api.Scheme == Uri.UriSchemeHttp && IsLoopback(api))))
        {
            failures.Add("Discord:ApiBaseUrl must be an absolute https URL such as https://discord.com/api/v10 (http only for loopback tests).");
        }

        if (options.GatewayUrl is not null
            && (!Uri.TryCreate(options.GatewayUrl, UriKind.Absolute, out var gw)
                || !(gw.Scheme == "wss" || (gw.Scheme == "ws" && IsLoopback(gw)))))
        {
            failures.Add("Discord:GatewayUrl, when set, must be an absolute wss:// URL (ws:// only for loopback tests); leave it unset to use GET /gateway/bot.");
        }

        if (!string.IsNullOrEmpty(options.DevGuildId) && !IsSnowflake(options.DevGuildId))
        {
            failures.Add("Discord:DevGuildId, when set, must be a numeric guild id (enable Developer Mode, right-click the server, Copy Server ID).");
        }

        if (options.Intents < 0)
        {
            failures.Add("Discord:Intents must be a non-negative bit set (default 4609).");
        }

        if (options.ShardCount < 1 || options.ShardId < 0 || options.ShardId >= options.ShardCount)
        {
            failures.Add("Discord:ShardId must be in [0, Discord:ShardCount) and Discord:ShardCount at least 1.");
        }

        if (options.MaxIdentifiesPerDay is < 1 or > 1000)
        {
            failures.Add("Discord:MaxIdentifiesPerDay must be between 1 and 1000 (Discord resets the token at 1000 a day).");
        }

        if (string.IsNullOrWhiteSpace(options.StateFile))
        {
            failures.Add("Discord:StateFile must name a file for the identify counter and command hash.");
        }

        if (options.InteractionDeferAfter <= TimeSpan.Zero || options.InteractionDeferAfter >= TimeSpan.FromSeconds(3))
        {
            failures.Add("Discord:InteractionDeferAfter must be above zero and below 3 seconds (Discord's deadline).");
        }

        if (options.HandlerConcurrency < 1 || options.DispatchQueueCapacity < 1)
        {
            failures.Add("Discord:HandlerConcurrency and Discord:DispatchQueueCapacity must be at least 1.");
        }

        foreach (var (key, value) in new[]
        {
            ("ConnectTimeout", options.ConnectTimeout), ("HelloTimeout", options.HelloTimeout), ("ReadyTimeout", options.ReadyTimeout),
            ("CloseTimeout", options.CloseTimeout), ("ReconnectBackoffBase", options.ReconnectBackoffBase),
            ("ReconnectBackoffCap", options.ReconnectBackoffCap), ("RestRequestTimeout", options.RestRequestTimeout),
        })
        {
            if (value <= TimeSpan.Zero)
            {
                failures.Add($"Discord:{key} must be a positive time span.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    internal static bool IsSnowflake(string? value) =>
        !string.IsNullOrEmpty(value) && value.Length <= 20 && value.All(char.IsAsciiDigit) && ulong.TryParse(value, out _);

    private static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.Host, out var ip) && IPAddress.IsLoopback(ip));
}
