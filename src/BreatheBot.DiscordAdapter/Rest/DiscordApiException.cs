using System.Net;

namespace BreatheBot.DiscordAdapter.Rest;

/// <summary>
/// Discord answered with an error. The message names the route template only, never the concrete path
/// (interaction and webhook tokens sit in the path).
/// </summary>
public class DiscordApiException : Exception
{
    public DiscordApiException()
    {
    }

    public DiscordApiException(string message)
        : base(message)
    {
    }

    public DiscordApiException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public DiscordApiException(HttpStatusCode status, int? code, string? discordMessage, string route)
        : base($"Discord answered {(int)status} (code {code?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}) on {route}: {discordMessage}")
    {
        Status = status;
        Code = code;
        Route = route;
    }

    public HttpStatusCode Status { get; }

    public int? Code { get; }

    public string? Route { get; }

    /// <summary>Discord JSON error codes the adapter reacts to.</summary>
    public static class Codes
    {
        public const int UnknownChannel = 10003;
        public const int UnknownMessage = 10008;
        public const int UnknownWebhook = 10015;
        public const int UnknownInteraction = 10062;
        public const int AlreadyAcknowledged = 40060;
        public const int MissingAccess = 50001;
        public const int CannotSendToUser = 50007;
        public const int MissingPermissions = 50013;
    }
}

/// <summary>The bot token was rejected (401): the adapter stops and nothing is sent any more.</summary>
public sealed class DiscordUnauthorizedException : DiscordApiException
{
    public DiscordUnauthorizedException()
        : base("Discord rejected the bot token (401). The Discord adapter stopped; set a valid Discord:BotToken.")
    {
    }

    public DiscordUnauthorizedException(string message)
        : base(message)
    {
    }

    public DiscordUnauthorizedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>REST is paused (a Cloudflare ban or too many invalid requests): requests fail locally without reaching Discord.</summary>
public sealed class DiscordRestPausedException : DiscordApiException
{
    public DiscordRestPausedException()
    {
    }

    public DiscordRestPausedException(string message)
        : base(message)
    {
    }

    public DiscordRestPausedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
