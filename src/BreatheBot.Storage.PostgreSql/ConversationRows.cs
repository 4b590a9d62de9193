using System.Text.Json;
using BreatheBot.Core.Conversations;
using BreatheBot.Core.Storage;
using Npgsql;

namespace BreatheBot.Storage.PostgreSql;

/// <summary>Conversations as rows of <c>conversations</c>: the state as JSON (the core's serializer), the rest as columns.</summary>
internal static class ConversationRows
{
    public const string Columns = "key, chat, v, state::text, updated_at, recent_delivery_ids, outbox_seq";

    public const string Upsert = """
        INSERT INTO conversations (key, user_key, is_channel, chat, step, v, state, updated_at, wake_at, recent_delivery_ids, outbox_seq)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
        ON CONFLICT (key) DO UPDATE SET user_key = EXCLUDED.user_key, is_channel = EXCLUDED.is_channel, chat = EXCLUDED.chat,
            step = EXCLUDED.step, v = EXCLUDED.v, state = EXCLUDED.state, updated_at = EXCLUDED.updated_at,
            wake_at = EXCLUDED.wake_at, recent_delivery_ids = EXCLUDED.recent_delivery_ids, outbox_seq = EXCLUDED.outbox_seq
        """;

    public static NpgsqlParameter[] UpsertParameters(StoredConversation conversation) =>
    [
        Sql.Text(conversation.Key.ToString()),
        Sql.Text(conversation.Key.UserKey),
        Sql.Bool(conversation.Key.IsChannel),
        Sql.Text(conversation.Chat.ToString()),
        Sql.Text(conversation.State.StepName),
        Sql.Int(Documents.CurrentVersion),
        Sql.Json(ConversationStateSerializer.Serialize(conversation.State)),
        Sql.Instant(conversation.UpdatedAt),
        Sql.Instant(conversation.WakeAt),
        Sql.TextArray(conversation.RecentDeliveryIds),
        Sql.Long(conversation.OutboxSequence),
    ];

    /// <summary>Reads a row selected with <see cref="Columns"/>; a state this version cannot read comes back as idle (reported).</summary>
    public static StoredConversation Read(NpgsqlDataReader reader, Action<Exception, string> onUnreadableState)
    {
        var keyText = reader.GetString(0);
        var version = reader.GetInt32(2);
        ConversationState state;
        var reset = false;
        try
        {
            state = version <= Documents.CurrentVersion
                ? ConversationStateSerializer.Deserialize(reader.GetString(3))
                : throw new NotSupportedException($"The conversation was saved by a newer BreatheBot (row version {version}; this one reads up to {Documents.CurrentVersion}).");
        }
        catch (Exception exception) when (exception is JsonException or NotSupportedException or InvalidOperationException)
        {
            onUnreadableState(exception, keyText);
            state = new IdleState();
            reset = true;
        }

        return new StoredConversation(
            ConversationKey.Parse(keyText),
            Enum.Parse<ChatKind>(reader.GetString(1)),
            state,
            Sql.ReadInstant(reader, 4),
            reader.GetFieldValue<string[]>(5))
        {
            StateWasReset = reset,
            OutboxSequence = reader.GetInt64(6),
        };
    }
}
