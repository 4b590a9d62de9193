using System.Text.Json;
using BreatheBot.Core.Cluster;
using BreatheBot.DiscordAdapter.Model;
using Microsoft.Extensions.Logging;

namespace BreatheBot.DiscordAdapter.State;

/// <summary>
/// The adapter's state as one shared document (cluster mode, <see cref="ISharedDocuments"/> registered by the PostgreSQL
/// storage): every node reads the same Identify timestamps, command hash, guild channels and gateway sessions, and
/// <see cref="UpdateAsync"/> changes it atomically across nodes. A document that cannot be read starts empty, as the
/// state file does, and is replaced by the next update.
/// </summary>
internal sealed class SharedDocumentDiscordStateStore(ISharedDocuments documents, ILogger<SharedDocumentDiscordStateStore> logger) : IDiscordStateStore
{
    /// <summary>The document's name, one per bot deployment (the database is the deployment's).</summary>
    internal const string DocumentName = "discord-state";

    public bool SharedAcrossNodes => true;

    public async Task<DiscordStateDocument> LoadAsync(CancellationToken cancellationToken) =>
        Parse(await documents.LoadAsync(DocumentName, cancellationToken).ConfigureAwait(false));

    public Task SaveAsync(DiscordStateDocument state, CancellationToken cancellationToken)
    {
        var json = JsonSerializer.Serialize(state, DiscordJsonContext.Default.DiscordStateDocument);
        return documents.UpdateAsync(DocumentName, _ => json, cancellationToken);
    }

    public Task UpdateAsync(Action<DiscordStateDocument> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        return documents.UpdateAsync(DocumentName, current =>
        {
            var state = Parse(current);
            change(state);
            return JsonSerializer.Serialize(state, DiscordJsonContext.Default.DiscordStateDocument);
        }, cancellationToken);
    }

    private DiscordStateDocument Parse(string? json)
    {
        if (json is null)
        {
            return new DiscordStateDocument();
        }

        try
        {
            return JsonSerializer.Deserialize(json, DiscordJsonContext.Default.DiscordStateDocument) ?? new DiscordStateDocument();
        }
        catch (JsonException)
        {
            Log.SharedStateUnreadable(logger, json.Length);
            return new DiscordStateDocument();
        }
    }
}

internal static partial class Log
{
    [LoggerMessage(3560, LogLevel.Warning, "The shared Discord state ({Length} characters) could not be read; starting from empty state (the next change replaces it)")]
    public static partial void SharedStateUnreadable(ILogger logger, int length);
}
