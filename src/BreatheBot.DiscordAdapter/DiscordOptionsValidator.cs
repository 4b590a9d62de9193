using System.Net;
using Microsoft.Extensions.Options;

namespace BreatheBot.DiscordAdapter;

/// <summary>Validates <see cref="DiscordOptions"/> at start, with messages that say which key to set.</summary>
internal sealed class DiscordOptionsValidator : IValidateOptions<DiscordOptions>
{
    public ValidateOptionsResult Validate(string? name, DiscordOptions options)
    {
        var failures = new List<string>();
        if (options.BotToken is { Length: > 0 } blank && string.IsNullOrWhiteSpace(blank))
        {
            failures.Add("Discord:BotToken is only spaces; set the bot token from the Developer Portal, or leave it empty to run without Discord.");
        }
        else if (string.IsNullOrWhiteSpace(options.BotToken))
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

        // single-key ranges are data annotations on DiscordOptions (checked by AddSettings); these span keys
        if (options.ShardCount < 1 || options.ShardId < 0 || options.ShardId >= options.ShardCount)
        {
            failures.Add("Discord:ShardId must be in [0, Discord:ShardCount) and Discord:ShardCount at least 1.");
        }

        if (string.IsNullOrWhiteSpace(options.StateFile))
        {
            failures.Add("Discord:StateFile must name a file for the identify counter and command hash.");
        }

        if (options.InteractionDeferAfter <= TimeSpan.Zero || options.InteractionDeferAfter >= TimeSpan.FromSeconds(3))
        {
            failures.Add("Discord:InteractionDeferAfter must be above zero and below 3 seconds (Discord's deadline).");
        }

        if (options.ReconnectBackoffBase > options.ReconnectBackoffCap)
        {
            failures.Add("Discord:ReconnectBackoffBase must not exceed Discord:ReconnectBackoffCap (the backoff doubles from the base up to the cap).");
        }

        if (options.InvalidSessionDelayMin > options.InvalidSessionDelayMax)
        {
            failures.Add("Discord:InvalidSessionDelayMin must not exceed Discord:InvalidSessionDelayMax.");
        }

        if (options.InvalidRequestWarnThreshold > options.InvalidRequestFailThreshold)
        {
            failures.Add("Discord:InvalidRequestWarnThreshold must not exceed Discord:InvalidRequestFailThreshold.");
        }

        if (options.AdminCommands.Any(string.IsNullOrWhiteSpace))
        {
            failures.Add("Discord:AdminCommands has an empty entry; list command names such as stop, or remove the entry.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    internal static bool IsSnowflake(string? value) =>
        !string.IsNullOrEmpty(value) && value.Length <= 20 && value.All(char.IsAsciiDigit) && ulong.TryParse(value, out _);

    private static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.Host, out var ip) && IPAddress.IsLoopback(ip));
}
