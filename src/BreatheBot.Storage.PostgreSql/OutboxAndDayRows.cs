using BreatheBot.Core.Conversations;
using BreatheBot.Core.Episodes;
using BreatheBot.Core.Outbox;
using Npgsql;

namespace BreatheBot.Storage.PostgreSql;

/// <summary>Check-in days as rows of <c>days</c> and outbox entries as rows of <c>outbox</c> (migration 0003).</summary>
internal static class OutboxAndDayRows
{
    public const string DayColumns = "user_key, day, headache, answered_at";

    public const string OutboxColumns = "id, conversation, chat, seq, payload, created_at";

    /// <summary>One answer per person and local day: a second answer for the same day replaces the first (as in LiteDB).</summary>
    public static NpgsqlBatchCommand UpsertDay(DayRecord day) => Sql.BatchCommand(
        """
        INSERT INTO days (user_key, day, headache, answered_at) VALUES ($1, $2, $3, $4)
        ON CONFLICT (user_key, day) DO UPDATE SET headache = EXCLUDED.headache, answered_at = EXCLUDED.answered_at
        """,
        Sql.Text(day.UserKey), Sql.Date(day.Day), Sql.Text(day.Headache.ToString()), Sql.Instant(day.AnsweredAt));

    /// <summary>
    /// Moves a person's days to another person; where both answered the same day, the later answer is kept (a tie goes to
    /// the moved one, as in LiteDB). Two commands: copy over, then delete the old rows.
    /// </summary>
    public static IEnumerable<NpgsqlBatchCommand> MoveDays(string from, string to)
    {
        yield return Sql.BatchCommand(
            """
            INSERT INTO days (user_key, day, headache, answered_at) SELECT $2, day, headache, answered_at FROM days WHERE user_key = $1
            ON CONFLICT (user_key, day) DO UPDATE SET headache = EXCLUDED.headache, answered_at = EXCLUDED.answered_at
                WHERE days.answered_at <= EXCLUDED.answered_at
            """,
            Sql.Text(from), Sql.Text(to));
        yield return Sql.BatchCommand("DELETE FROM days WHERE user_key = $1", Sql.Text(from));
    }

    public static DayRecord ReadDay(NpgsqlDataReader reader) => new(
        reader.GetString(0),
        reader.GetFieldValue<DateOnly>(1),
        Enum.Parse<DayHeadache>(reader.GetString(2)),
        Sql.ReadInstant(reader, 3));

    /// <summary>An entry as written by the turn; an id already stored is an error (ids are unique), failing the whole turn.</summary>
    public static NpgsqlBatchCommand InsertOutbox(OutboxEntry entry, int node) => Sql.BatchCommand(
        "INSERT INTO outbox (id, conversation, user_key, is_channel, chat, seq, payload, created_at, node) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        Sql.Text(entry.Id), Sql.Text(entry.Key.ToString()), Sql.Text(entry.Key.UserKey), Sql.Bool(entry.Key.IsChannel),
        Sql.Text(entry.Chat.ToString()), Sql.Long(entry.Sequence), Sql.Text(entry.Payload), Sql.Instant(entry.CreatedAt), Sql.Int(node));

    /// <summary>Reads a row selected with <see cref="OutboxColumns"/>; null when it cannot be read by this version.</summary>
    public static OutboxEntry? ReadOutbox(NpgsqlDataReader reader)
    {
        try
        {
            return new OutboxEntry(
                reader.GetString(0),
                ConversationKey.Parse(reader.GetString(1)),
                Enum.Parse<ChatKind>(reader.GetString(2)),
                reader.GetInt64(3),
                reader.GetString(4),
                Sql.ReadInstant(reader, 5));
        }
        catch (Exception exception) when (exception is FormatException or ArgumentException)
        {
            return null;
        }
    }
}
