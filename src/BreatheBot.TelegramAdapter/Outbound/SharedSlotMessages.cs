using System.Globalization;
using System.Text.Json;
using BreatheBot.Core.Cluster;
using BreatheBot.TelegramAdapter.Diagnostics;
using Microsoft.Extensions.Logging;

namespace BreatheBot.TelegramAdapter.Outbound;

/// <summary>
/// Several nodes (PostgreSQL mode): which message each of a chat's slots lives in (the pacer's, a multi-select
/// question's), kept in a shared document per chat (<c>telegram-slots:&lt;chat id&gt;</c>, <c>{"slot": message id}</c>)
/// so that whichever node edits the slot next edits the message the person sees. A node's own memory may be stale (another
/// node may have sent the slot's newer message since), so an edit always reads the document: one read per edit, one
/// locked write per new slot message. When the store cannot be reached the node's own memory answers, as with one node.
/// </summary>
internal sealed class SharedSlotMessages(ISharedDocuments documents, ILogger logger)
{
    /// <summary>The slot's message, or null when the document has none; throws nothing for the store (null, logged).</summary>
    public async Task<(bool Answered, int? MessageId)> FindAsync(long chatId, string slot, CancellationToken cancellationToken)
    {
        try
        {
            var json = await documents.LoadAsync(Name(chatId), cancellationToken).ConfigureAwait(false);
            return (true, Read(json).TryGetValue(slot, out var id) ? id : null);
        }
        catch (Exception ex) when (IsStoreFailure(ex, cancellationToken))
        {
            Log.SharedSlotsUnreachable(logger, chatId, slot, ex);
            return (false, null);
        }
    }

    /// <summary>Records the slot's new message for every node; throws nothing for the store (logged).</summary>
    public async Task RememberAsync(long chatId, string slot, int messageId, CancellationToken cancellationToken)
    {
        try
        {
            await documents.UpdateAsync(Name(chatId), json =>
            {
                var slots = Read(json);
                slots[slot] = messageId;
                return JsonSerializer.Serialize(slots);
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsStoreFailure(ex, cancellationToken))
        {
            Log.SharedSlotsUnreachable(logger, chatId, slot, ex);
        }
    }

    internal static string Name(long chatId) => "telegram-slots:" + chatId.ToString(CultureInfo.InvariantCulture);

    private static Dictionary<string, int> Read(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return new Dictionary<string, int>(StringComparer.Ordinal);
        }

        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, int>>(json) ?? new Dictionary<string, int>(StringComparer.Ordinal);
        }
        catch (JsonException)
        {
            return new Dictionary<string, int>(StringComparer.Ordinal); // written by another version: start the chat's slots afresh
        }
    }

    // any failure of the store (connection, timeout, server error) — never the caller's own cancellation
    private static bool IsStoreFailure(Exception exception, CancellationToken cancellationToken) =>
        exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested;
}
