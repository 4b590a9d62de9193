using Npgsql;
using NpgsqlTypes;

namespace BreatheBot.Storage.PostgreSql;

/// <summary>Small helpers for positional parameters ($1, $2, …) with explicit types.</summary>
internal static class Sql
{
    public static NpgsqlCommand Command(NpgsqlConnection connection, NpgsqlTransaction? transaction, string text, params NpgsqlParameter[] parameters)
    {
        var command = new NpgsqlCommand(text, connection, transaction);
        command.Parameters.AddRange(parameters);
        return command;
    }

    public static NpgsqlBatchCommand BatchCommand(string text, params NpgsqlParameter[] parameters)
    {
        var command = new NpgsqlBatchCommand(text);
        command.Parameters.AddRange(parameters);
        return command;
    }

    public static NpgsqlParameter Text(string? value) => new() { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)value ?? DBNull.Value };

    public static NpgsqlParameter TextArray(IEnumerable<string> values) => new() { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, Value = values.ToArray() };

    public static NpgsqlParameter Json(string value) => new() { NpgsqlDbType = NpgsqlDbType.Json, Value = value };

    public static NpgsqlParameter Jsonb(string value) => new() { NpgsqlDbType = NpgsqlDbType.Jsonb, Value = value };

    public static NpgsqlParameter Int(int value) => new() { NpgsqlDbType = NpgsqlDbType.Integer, Value = value };

    public static NpgsqlParameter Long(long value) => new() { NpgsqlDbType = NpgsqlDbType.Bigint, Value = value };

    public static NpgsqlParameter Date(DateOnly value) => new() { NpgsqlDbType = NpgsqlDbType.Date, Value = value };

    public static NpgsqlParameter Bool(bool value) => new() { NpgsqlDbType = NpgsqlDbType.Boolean, Value = value };

    /// <summary>An instant as timestamptz (Npgsql writes only UTC offsets).</summary>
    public static NpgsqlParameter Instant(DateTimeOffset? value) =>
        new() { NpgsqlDbType = NpgsqlDbType.TimestampTz, Value = value is { } v ? v.ToUniversalTime() : DBNull.Value };

    public static DateTimeOffset ReadInstant(NpgsqlDataReader reader, int ordinal) =>
        new(DateTime.SpecifyKind(reader.GetFieldValue<DateTime>(ordinal), DateTimeKind.Utc), TimeSpan.Zero);
}
