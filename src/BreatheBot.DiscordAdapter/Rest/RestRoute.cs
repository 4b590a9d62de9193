using System.Security.Cryptography;
using System.Text;

namespace BreatheBot.DiscordAdapter.Rest;

/// <summary>
/// One REST request's route. <see cref="Template"/> (ids replaced by placeholders, tokens by <c>:token</c>) is what logs show
/// and what buckets are keyed on; <see cref="Path"/> carries the real ids and tokens and is never logged.
/// <see cref="Major"/> is the top-level resource (channel, guild, webhook+token hash) or "global".
/// </summary>
internal sealed record RestRoute(HttpMethod Method, string Template, string Path, string Major, bool BotAuth)
{
    public string RouteKey => $"{Method.Method} {Template}";

    public bool IsInteractionOrWebhook => !BotAuth;

    /// <summary>The initial interaction response: Discord takes it within 3 seconds of the event or never.</summary>
    public bool IsInteractionCallback => Template.StartsWith("/interactions/", StringComparison.Ordinal);

    public override string ToString() => RouteKey;

    public static RestRoute GatewayBot() => new(HttpMethod.Get, "/gateway/bot", "/gateway/bot", "global", true);

    public static RestRoute CreateMessage(string channelId) =>
        new(HttpMethod.Post, "/channels/:channel_id/messages", $"/channels/{Seg(channelId)}/messages", "channel:" + channelId, true);

    public static RestRoute EditMessage(string channelId, string messageId) =>
        new(HttpMethod.Patch, "/channels/:channel_id/messages/:message_id", $"/channels/{Seg(channelId)}/messages/{Seg(messageId)}", "channel:" + channelId, true);

    public static RestRoute CreateDm() => new(HttpMethod.Post, "/users/@me/channels", "/users/@me/channels", "global", true);

    public static RestRoute InteractionCallback(string interactionId, string token, bool withResponse) =>
        new(HttpMethod.Post, "/interactions/:interaction_id/:token/callback",
            $"/interactions/{Seg(interactionId)}/{Seg(token)}/callback" + (withResponse ? "?with_response=true" : ""),
            "interaction:" + interactionId, false);

    public static RestRoute EditOriginal(string applicationId, string token) =>
        new(HttpMethod.Patch, "/webhooks/:application_id/:token/messages/@original",
            $"/webhooks/{Seg(applicationId)}/{Seg(token)}/messages/@original", WebhookMajor(applicationId, token), false);

    public static RestRoute EditWebhookMessage(string applicationId, string token, string messageId) =>
        new(HttpMethod.Patch, "/webhooks/:application_id/:token/messages/:message_id",
            $"/webhooks/{Seg(applicationId)}/{Seg(token)}/messages/{Seg(messageId)}", WebhookMajor(applicationId, token), false);

    public static RestRoute DeleteOriginal(string applicationId, string token) =>
        new(HttpMethod.Delete, "/webhooks/:application_id/:token/messages/@original",
            $"/webhooks/{Seg(applicationId)}/{Seg(token)}/messages/@original", WebhookMajor(applicationId, token), false);

    public static RestRoute CreateFollowup(string applicationId, string token) =>
        new(HttpMethod.Post, "/webhooks/:application_id/:token", $"/webhooks/{Seg(applicationId)}/{Seg(token)}", WebhookMajor(applicationId, token), false);

    public static RestRoute BulkOverwriteGlobalCommands(string applicationId) =>
        new(HttpMethod.Put, "/applications/:application_id/commands", $"/applications/{Seg(applicationId)}/commands", "global", true);

    public static RestRoute BulkOverwriteGuildCommands(string applicationId, string guildId) =>
        new(HttpMethod.Put, "/applications/:application_id/guilds/:guild_id/commands",
            $"/applications/{Seg(applicationId)}/guilds/{Seg(guildId)}/commands", "guild:" + guildId, true);

    /// <summary>The webhook major parameter is id + token; the token is hashed so it never sits in a bucket key.</summary>
    private static string WebhookMajor(string applicationId, string token) =>
        "webhook:" + applicationId + ":" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)), 0, 8);

    private static string Seg(string value) => Uri.EscapeDataString(value);
}
