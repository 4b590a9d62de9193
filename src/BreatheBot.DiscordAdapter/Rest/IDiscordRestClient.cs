using BreatheBot.DiscordAdapter.Model;

namespace BreatheBot.DiscordAdapter.Rest;

/// <summary>The REST v10 calls the adapter makes. One instance per process (its rate-limit state must be shared).</summary>
internal interface IDiscordRestClient
{
    Task<GatewayBotInfo> GetGatewayBotAsync(CancellationToken cancellationToken);

    Task<DiscordMessage> CreateMessageAsync(string channelId, MessagePayload payload, CancellationToken cancellationToken);

    Task<DiscordMessage> CreateMessageWithFileAsync(
        string channelId, MessagePayload payload, string fileName, string contentType, ReadOnlyMemory<byte> content, CancellationToken cancellationToken);

    Task<DiscordMessage> EditMessageAsync(string channelId, string messageId, MessagePayload payload, CancellationToken cancellationToken);

    Task<DiscordChannel> CreateDmAsync(string recipientId, CancellationToken cancellationToken);

    /// <summary>Answers an interaction (no bot token is sent). Returns the created/updated message when Discord reports one.</summary>
    Task<DiscordMessage?> CreateInteractionResponseAsync(string interactionId, string token, InteractionResponse response, CancellationToken cancellationToken);

    Task<DiscordMessage> EditOriginalResponseAsync(string token, MessagePayload payload, CancellationToken cancellationToken);

    Task<DiscordMessage> EditWebhookMessageAsync(string token, string messageId, MessagePayload payload, CancellationToken cancellationToken);

    Task DeleteOriginalResponseAsync(string token, CancellationToken cancellationToken);

    Task<DiscordMessage> CreateFollowupAsync(string token, MessagePayload payload, CancellationToken cancellationToken);

    Task BulkOverwriteCommandsAsync(string? guildId, IReadOnlyList<ApplicationCommandPayload> commands, CancellationToken cancellationToken);
}
