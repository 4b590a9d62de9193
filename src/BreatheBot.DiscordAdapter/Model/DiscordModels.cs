using System.Text.Json;
using System.Text.Json.Serialization;

namespace BreatheBot.DiscordAdapter.Model;

// Wire types of the Discord API v10 that BreatheBot reads or writes. Snowflakes stay strings (they are JSON strings);
// property names map with the snake_case policy of DiscordJsonContext. Unknown fields are ignored.

internal sealed class GatewayBotInfo
{
    public string Url { get; set; } = "";
    public int Shards { get; set; } = 1;
    public SessionStartLimit? SessionStartLimit { get; set; }
}

internal sealed class SessionStartLimit
{
    public int Total { get; set; }
    public int Remaining { get; set; }
    public long ResetAfter { get; set; }
    public int MaxConcurrency { get; set; } = 1;
}

internal sealed class HelloData
{
    public double HeartbeatInterval { get; set; }
}

internal sealed class ReadyData
{
    public int V { get; set; }
    public DiscordUser? User { get; set; }
    public List<UnavailableGuild>? Guilds { get; set; }
    public string? SessionId { get; set; }
    public string? ResumeGatewayUrl { get; set; }
    public ReadyApplication? Application { get; set; }
}

internal sealed class ReadyApplication
{
    public string? Id { get; set; }
}

internal sealed class UnavailableGuild
{
    public string Id { get; set; } = "";
    public bool? Unavailable { get; set; }
}

internal sealed class DiscordUser
{
    public string Id { get; set; } = "";
    public string? Username { get; set; }
    public bool? Bot { get; set; }
    public bool? System { get; set; }
}

internal sealed class GuildMember
{
    public DiscordUser? User { get; set; }
    public List<string>? Roles { get; set; }
    public string? Permissions { get; set; }
}

internal sealed class DiscordMessage
{
    public string Id { get; set; } = "";
    public string ChannelId { get; set; } = "";
    public string? GuildId { get; set; }
    public DiscordUser? Author { get; set; }
    public string? Content { get; set; }
    public string? WebhookId { get; set; }
    public int Type { get; set; }
    public int? ChannelType { get; set; }
    public DateTimeOffset? Timestamp { get; set; }
}

internal sealed class DiscordChannel
{
    public string Id { get; set; } = "";
    public int Type { get; set; }
    public List<PermissionOverwrite>? PermissionOverwrites { get; set; }
}

internal sealed class PermissionOverwrite
{
    public string Id { get; set; } = "";
    public int Type { get; set; }
    public string? Allow { get; set; }
    public string? Deny { get; set; }
}

internal sealed class DiscordRole
{
    public string Id { get; set; } = "";
    public string? Permissions { get; set; }
}

internal sealed class GuildCreateData
{
    public string Id { get; set; } = "";
    public string? Name { get; set; }
    public string? OwnerId { get; set; }
    public bool? Unavailable { get; set; }
    public string? SystemChannelId { get; set; }
    public DateTimeOffset? JoinedAt { get; set; }
    public List<DiscordRole>? Roles { get; set; }
    public List<DiscordChannel>? Channels { get; set; }
    public List<GuildMember>? Members { get; set; }
}

internal sealed class Interaction
{
    public string Id { get; set; } = "";
    public string? ApplicationId { get; set; }
    public int Type { get; set; }
    public string Token { get; set; } = "";
    public string? GuildId { get; set; }
    public string? ChannelId { get; set; }
    public GuildMember? Member { get; set; }
    public DiscordUser? User { get; set; }
    public DiscordMessage? Message { get; set; }
    public InteractionData? Data { get; set; }
    public int? Context { get; set; }
    public string? AppPermissions { get; set; }
    public string? Locale { get; set; }

    [JsonIgnore]
    public DiscordUser? Invoker => Member?.User ?? User;
}

internal sealed class InteractionData
{
    public string? Id { get; set; }
    public string? Name { get; set; }
    public int? Type { get; set; }
    public List<CommandOption>? Options { get; set; }
    public string? CustomId { get; set; }
    public int? ComponentType { get; set; }
    public List<string>? Values { get; set; }
    public List<Component>? Components { get; set; }
}

internal sealed class CommandOption
{
    public string Name { get; set; } = "";
    public int Type { get; set; }
    public JsonElement? Value { get; set; }
    public List<CommandOption>? Options { get; set; }
    public bool? Focused { get; set; }
}

/// <summary>A message component: action row (1), button (2), text input (4), label (18), ...</summary>
internal sealed class Component
{
    public int Type { get; set; }
    public string? CustomId { get; set; }
    public int? Style { get; set; }
    public string? Label { get; set; }
    public string? Value { get; set; }
    public bool? Disabled { get; set; }
    public List<Component>? Components { get; set; }
    /// <summary>The child of a Label (type 18).</summary>
    [JsonPropertyName("component")]
    public Component? Child { get; set; }
}

internal sealed class AllowedMentions
{
    public List<string> Parse { get; set; } = [];
}

internal sealed class MessagePayload
{
    public string? Content { get; set; }
    public List<Component>? Components { get; set; }
    public AllowedMentions? AllowedMentions { get; set; }
    public int? Flags { get; set; }

    /// <summary>
    /// Create message only: the outbox entry's id (at most 25 characters). With <see cref="EnforceNonce"/>, Discord
    /// returns the message it already created with this nonce from the same author in the last few minutes instead of a
    /// second one, so a send repeated after a crash shows once.
    /// </summary>
    public string? Nonce { get; set; }

    public bool? EnforceNonce { get; set; }
}

internal sealed class InteractionResponse
{
    public int Type { get; set; }
    public MessagePayload? Data { get; set; }
}

internal sealed class InteractionCallbackResponse
{
    public InteractionCallbackResource? Resource { get; set; }
}

internal sealed class InteractionCallbackResource
{
    public int Type { get; set; }
    public DiscordMessage? Message { get; set; }
}

internal sealed class CreateDmPayload
{
    public string RecipientId { get; set; } = "";
}

internal sealed class ApplicationCommandPayload
{
    public string Name { get; set; } = "";
    public string Description { get; set; } = "";
    public int Type { get; set; } = 1;
    public List<int>? Contexts { get; set; }
    public List<int>? IntegrationTypes { get; set; }
    public string? DefaultMemberPermissions { get; set; }
    public List<ApplicationCommandOptionPayload>? Options { get; set; }
}

/// <summary>A slash command option (type 3 = string).</summary>
internal sealed class ApplicationCommandOptionPayload
{
    public int Type { get; set; } = 3;
    public string Name { get; set; } = "";
    public string Description { get; set; } = "";
    public bool Required { get; set; }
}

internal sealed class DiscordErrorBody
{
    public int? Code { get; set; }
    public string? Message { get; set; }
    public double? RetryAfter { get; set; }
    public bool? Global { get; set; }
}

internal sealed class DiscordStateDocument
{
    public List<DateTimeOffset> Identifies { get; set; } = [];
    public string? CommandsHash { get; set; }

    /// <summary>Guild id → the channels of that guild where the bot has a conversation (commands, buttons, the welcome).</summary>
    public Dictionary<string, List<string>>? GuildChannels { get; set; }

    /// <summary>
    /// Shard ("id/count") → the gateway session its owner last had, so the node that takes the shard over resumes it.
    /// Kept only when the state is shared by several nodes (a single node starts a new session at every start, as before).
    /// </summary>
    public Dictionary<string, StoredGatewaySession>? Sessions { get; set; }
}

internal sealed class StoredGatewaySession
{
    public string? SessionId { get; set; }
    public string? ResumeUrl { get; set; }
    public int? Sequence { get; set; }
    public DateTimeOffset SavedAt { get; set; }
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(GatewayBotInfo))]
[JsonSerializable(typeof(HelloData))]
[JsonSerializable(typeof(ReadyData))]
[JsonSerializable(typeof(DiscordMessage))]
[JsonSerializable(typeof(DiscordChannel))]
[JsonSerializable(typeof(GuildCreateData))]
[JsonSerializable(typeof(UnavailableGuild))]
[JsonSerializable(typeof(Interaction))]
[JsonSerializable(typeof(MessagePayload))]
[JsonSerializable(typeof(InteractionResponse))]
[JsonSerializable(typeof(InteractionCallbackResponse))]
[JsonSerializable(typeof(CreateDmPayload))]
[JsonSerializable(typeof(List<ApplicationCommandPayload>))]
[JsonSerializable(typeof(DiscordErrorBody))]
[JsonSerializable(typeof(DiscordStateDocument))]
internal sealed partial class DiscordJsonContext : JsonSerializerContext;
