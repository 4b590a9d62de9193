using BreatheBot.Core.Storage;
using Npgsql;

namespace BreatheBot.Storage.PostgreSql;

/// <summary>
/// Bulk writes and reads of a whole diary (moving a LiteDB diary up): rows go in with <c>INSERT … SELECT unnest(…)</c>
/// in chunks (check-in days as batched upserts), all in ONE transaction (a failed copy leaves the target as it was); rows with the same keys are replaced.
/// </summary>
public static class PostgreSqlDiaryCopy
{
    private const int Chunk = 1000;

    /// <summary>How many rows the diary's tables hold in all (0: an empty target).</summary>
    public static async Task<long> CountRowsAsync(PostgreSqlDiary diary, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(diary);
        await using var command = diary.DataSource.CreateCommand(
            "SELECT (SELECT count(*) FROM conversations) + (SELECT count(*) FROM episodes) + (SELECT count(*) FROM profiles) + (SELECT count(*) FROM identities) + (SELECT count(*) FROM link_codes) + (SELECT count(*) FROM days) + (SELECT count(*) FROM outbox)");
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    public static async Task WriteAsync(PostgreSqlDiary diary, DiarySnapshot snapshot, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(diary);
        ArgumentNullException.ThrowIfNull(snapshot);
        await using var connection = await diary.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        foreach (var chunk in snapshot.Conversations.Chunk(Chunk))
        {
            await using var batch = new NpgsqlBatch(connection, transaction);
            foreach (var conversation in chunk)
            {
                batch.BatchCommands.Add(Sql.BatchCommand(ConversationRows.Upsert, ConversationRows.UpsertParameters(conversation)));
            }

            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        foreach (var chunk in snapshot.Episodes.Chunk(Chunk))
        {
            await Execute(connection, transaction, """
                INSERT INTO episodes (id, user_key, conversation_key, started_at, v, body)
                SELECT id, user_key, conversation_key, started_at, $5, body FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $6::jsonb[])
                    AS t (id, user_key, conversation_key, started_at, body)
                ON CONFLICT (id) DO UPDATE SET user_key = EXCLUDED.user_key, conversation_key = EXCLUDED.conversation_key,
                    started_at = EXCLUDED.started_at, v = EXCLUDED.v, body = EXCLUDED.body
                """,
                [
                    Sql.TextArray(chunk.Select(e => e.Id)), Sql.TextArray(chunk.Select(e => e.UserKey)), Sql.TextArray(chunk.Select(e => e.ConversationKey)),
                    new NpgsqlParameter { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.TimestampTz, Value = chunk.Select(e => e.StartedAt.ToUniversalTime()).ToArray() },
                    Sql.Int(Documents.CurrentVersion),
                    new NpgsqlParameter { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Jsonb, Value = chunk.Select(Documents.FromEpisode).ToArray() },
                ],
                cancellationToken).ConfigureAwait(false);
        }

        foreach (var chunk in snapshot.Profiles.Chunk(Chunk))
        {
            await Execute(connection, transaction, """
                INSERT INTO profiles (user_key, v, body) SELECT user_key, $2, body FROM unnest($1::text[], $3::jsonb[]) AS t (user_key, body)
                ON CONFLICT (user_key) DO UPDATE SET v = EXCLUDED.v, body = EXCLUDED.body
                """,
                [
                    Sql.TextArray(chunk.Select(p => p.UserKey)), Sql.Int(Documents.CurrentVersion),
                    new NpgsqlParameter { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Jsonb, Value = chunk.Select(Documents.FromProfile).ToArray() },
                ],
                cancellationToken).ConfigureAwait(false);
        }

        foreach (var chunk in snapshot.Identities.Chunk(Chunk))
        {
            await Execute(connection, transaction,
                "INSERT INTO identities (account, person) SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT (account) DO UPDATE SET person = EXCLUDED.person",
                [Sql.TextArray(chunk.Select(i => i.Account)), Sql.TextArray(chunk.Select(i => i.Person))],
                cancellationToken).ConfigureAwait(false);
        }

        foreach (var chunk in snapshot.LinkCodes.Chunk(Chunk))
        {
            await Execute(connection, transaction,
                "INSERT INTO link_codes (code, person, expires_at) SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[]) ON CONFLICT (code) DO UPDATE SET person = EXCLUDED.person, expires_at = EXCLUDED.expires_at",
                [
                    Sql.TextArray(chunk.Select(l => l.Code)), Sql.TextArray(chunk.Select(l => l.PersonKey)),
                    new NpgsqlParameter { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.TimestampTz, Value = chunk.Select(l => l.ExpiresAt.ToUniversalTime()).ToArray() },
                ],
                cancellationToken).ConfigureAwait(false);
        }

        foreach (var chunk in snapshot.Days.Chunk(Chunk))
        {
            await using var batch = new NpgsqlBatch(connection, transaction);
            foreach (var day in chunk)
            {
                batch.BatchCommands.Add(OutboxAndDayRows.UpsertDay(day));
            }

            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Everything the PostgreSQL diary holds, read the way its stores read it.</summary>
    public static async Task<DiarySnapshot> ReadAsync(PostgreSqlDiary diary, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(diary);
        await using var connection = await diary.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false);
        var conversations = await ReadAll(connection, transaction, $"SELECT {ConversationRows.Columns} FROM conversations", r => ConversationRows.Read(r, (_, _) => { }), cancellationToken).ConfigureAwait(false);
        var episodes = await ReadAll(connection, transaction, "SELECT body::text FROM episodes", r => Documents.ToEpisode(r.GetString(0)), cancellationToken).ConfigureAwait(false);
        var profiles = await ReadAll(connection, transaction, "SELECT body::text FROM profiles", r => Documents.ToProfile(r.GetString(0)), cancellationToken).ConfigureAwait(false);
        var identities = await ReadAll(connection, transaction, "SELECT account, person FROM identities", r => new LinkedIdentity(r.GetString(0), r.GetString(1)), cancellationToken).ConfigureAwait(false);
        var codes = await ReadAll(connection, transaction, "SELECT code, person, expires_at FROM link_codes", r => new Core.Conversations.LinkCode(r.GetString(0), r.GetString(1), Sql.ReadInstant(r, 2)), cancellationToken).ConfigureAwait(false);
        var days = await ReadAll(connection, transaction, $"SELECT {OutboxAndDayRows.DayColumns} FROM days", OutboxAndDayRows.ReadDay, cancellationToken).ConfigureAwait(false);
        return new DiarySnapshot(conversations, episodes, profiles, identities, codes) { Days = days };
    }

    private static async Task Execute(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, NpgsqlParameter[] parameters, CancellationToken cancellationToken)
    {
        await using var command = Sql.Command(connection, transaction, sql, parameters);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<List<T>> ReadAll<T>(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, Func<NpgsqlDataReader, T> read, CancellationToken cancellationToken)
    {
        await using var command = Sql.Command(connection, transaction, sql);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(read(reader));
        }

        return rows;
    }
}
