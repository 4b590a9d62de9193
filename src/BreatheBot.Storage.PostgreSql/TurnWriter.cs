using BreatheBot.Core.Conversations;
using BreatheBot.Core.Storage;
using Npgsql;

namespace BreatheBot.Storage.PostgreSql;

/// <summary>
/// Writes one <see cref="TurnCommit"/> inside a transaction the caller owns (and commits), its outbox rows marked
/// with the committing <c>node</c> (<see cref="PostgreSqlNodeLease"/>): the plain case as one batch
/// (one round trip), linking and forgetting with the reads they need first. Same rules as the LiteDB store.
/// </summary>
internal static class TurnWriter
{
    public static async Task WriteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, TurnCommit commit, int node, CancellationToken cancellationToken)
    {
        if (commit.ForgetUsers.Count > 0)
        {
            await ForgetAsync(connection, transaction, commit, node, cancellationToken).ConfigureAwait(false);
            return;
        }

        await using (var batch = new NpgsqlBatch(connection, transaction))
        {
            batch.BatchCommands.Add(Sql.BatchCommand(ConversationRows.Upsert, ConversationRows.UpsertParameters(commit.Conversation)));
            foreach (var entry in commit.Outbox)
            {
                batch.BatchCommands.Add(OutboxAndDayRows.InsertOutbox(entry, node));
            }

            foreach (var episode in commit.Episodes)
            {
                batch.BatchCommands.Add(Sql.BatchCommand(
                    """
                    INSERT INTO episodes (id, user_key, conversation_key, started_at, v, body) VALUES ($1, $2, $3, $4, $5, $6)
                    ON CONFLICT (id) DO UPDATE SET user_key = EXCLUDED.user_key, conversation_key = EXCLUDED.conversation_key,
                        started_at = EXCLUDED.started_at, v = EXCLUDED.v, body = EXCLUDED.body
                    """,
                    Sql.Text(episode.Id), Sql.Text(episode.UserKey), Sql.Text(episode.ConversationKey), Sql.Instant(episode.StartedAt),
                    Sql.Int(Documents.CurrentVersion), Sql.Jsonb(Documents.FromEpisode(episode))));
            }

            if (commit.Profile is { } profile)
            {
                batch.BatchCommands.Add(Sql.BatchCommand(
                    "INSERT INTO profiles (user_key, v, body) VALUES ($1, $2, $3) ON CONFLICT (user_key) DO UPDATE SET v = EXCLUDED.v, body = EXCLUDED.body",
                    Sql.Text(profile.UserKey), Sql.Int(Documents.CurrentVersion), Sql.Jsonb(Documents.FromProfile(profile))));
            }

            foreach (var day in commit.Days)
            {
                batch.BatchCommands.Add(OutboxAndDayRows.UpsertDay(day));
            }

            if (commit.CreateLinkCode is { } code)
            {
                batch.BatchCommands.Add(Sql.BatchCommand(
                    "INSERT INTO link_codes (code, person, expires_at) VALUES ($1, $2, $3) ON CONFLICT (code) DO UPDATE SET person = EXCLUDED.person, expires_at = EXCLUDED.expires_at",
                    Sql.Text(code.Code), Sql.Text(code.PersonKey), Sql.Instant(code.ExpiresAt)));
            }

            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        if (commit.LinkToPerson is { } link)
        {
            await LinkIdentityAsync(connection, transaction, commit.Conversation.Key.UserKey, link, cancellationToken).ConfigureAwait(false);
        }

        if (commit.DeleteEpisodes.Count > 0)
        {
            await DeleteEpisodesAsync(connection, transaction, commit.Conversation.Key.UserKey, commit.DeleteEpisodes, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Deletes episodes by id after the turn's writes (a deletion wins over a write of the same id), only those of the
    /// turn's own person (the account or the person it is linked to, after this turn's link): the engine names no other,
    /// and an id of anyone else's is ignored like an unknown one. The rows are gone for every later read at once;
    /// PostgreSQL reuses their space at its next vacuum, as after /forget.
    /// </summary>
    private static async Task DeleteEpisodesAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string account, IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        await using var command = Sql.Command(
            connection,
            transaction,
            "DELETE FROM episodes WHERE id = ANY($1) AND user_key IN ($2, coalesce((SELECT person FROM identities WHERE account = $2), $2))",
            Sql.TextArray(ids),
            Sql.Text(account));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Moves an account (and anything already linked to it) under another person: its episodes and check-in days are
    /// re-keyed (on a day both answered, the later answer is kept), its own profile is dropped, the identity is recorded
    /// and the code is used up.
    /// </summary>
    private static async Task LinkIdentityAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string account, LinkCode link, CancellationToken cancellationToken)
    {
        var previousPerson = await PersonOfAsync(connection, transaction, account, cancellationToken).ConfigureAwait(false);
        var moving = (await AccountsOfAsync(connection, transaction, previousPerson, cancellationToken).ConfigureAwait(false))
            .Append(account).Append(previousPerson).Where(u => u != link.PersonKey).Distinct().ToArray();

        await using var batch = new NpgsqlBatch(connection, transaction);
        batch.BatchCommands.Add(Sql.BatchCommand(
            "INSERT INTO identities (account, person) SELECT unnest($1::text[]), $2 ON CONFLICT (account) DO UPDATE SET person = EXCLUDED.person",
            Sql.TextArray(moving), Sql.Text(link.PersonKey)));
        batch.BatchCommands.Add(Sql.BatchCommand(
            "UPDATE episodes SET user_key = $2, body = jsonb_set(body, '{userKey}', to_jsonb($2::text)) WHERE user_key = $1",
            Sql.Text(previousPerson), Sql.Text(link.PersonKey)));
        if (previousPerson != link.PersonKey)
        {
            foreach (var move in OutboxAndDayRows.MoveDays(previousPerson, link.PersonKey))
            {
                batch.BatchCommands.Add(move);
            }

            batch.BatchCommands.Add(Sql.BatchCommand("DELETE FROM profiles WHERE user_key = $1", Sql.Text(previousPerson)));
        }

        batch.BatchCommands.Add(Sql.BatchCommand("DELETE FROM link_codes WHERE code = $1", Sql.Text(link.Code)));
        await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Erases people: every episode, check-in day, their profile, linked identities, link codes, every conversation state
    /// of theirs (on any chat) and their private conversations' unsent replies. Nothing of theirs in the commit is written
    /// except its outbox entries (the confirmation, no health data), written after the erasure. PostgreSQL reuses the
    /// space at its next vacuum.
    /// </summary>
    private static async Task ForgetAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, TurnCommit commit, int node, CancellationToken cancellationToken)
    {
        // Every account linked to each person is forgotten with them.
        var users = new HashSet<string>(StringComparer.Ordinal);
        foreach (var user in commit.ForgetUsers)
        {
            var person = await PersonOfAsync(connection, transaction, user, cancellationToken).ConfigureAwait(false);
            users.Add(user);
            users.Add(person);
            users.UnionWith(await AccountsOfAsync(connection, transaction, person, cancellationToken).ConfigureAwait(false));
        }

        var all = users.ToArray();
        await using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var statement in new[]
        {
            "DELETE FROM episodes WHERE user_key = ANY($1)",
            "DELETE FROM days WHERE user_key = ANY($1)",
            "DELETE FROM outbox WHERE NOT is_channel AND user_key = ANY($1)",
            "DELETE FROM profiles WHERE user_key = ANY($1)",
            "DELETE FROM identities WHERE account = ANY($1)",
            "DELETE FROM link_codes WHERE person = ANY($1)",
            "DELETE FROM conversations WHERE NOT is_channel AND user_key = ANY($1)",
        })
        {
            batch.BatchCommands.Add(Sql.BatchCommand(statement, Sql.TextArray(all)));
        }

        foreach (var entry in commit.Outbox)
        {
            batch.BatchCommands.Add(OutboxAndDayRows.InsertOutbox(entry, node));
        }

        var key = commit.Conversation.Key;
        if (key.IsChannel || !users.Contains(key.UserKey))
        {
            batch.BatchCommands.Add(Sql.BatchCommand(ConversationRows.Upsert, ConversationRows.UpsertParameters(commit.Conversation)));
        }

        await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public static async Task<string> PersonOfAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string account, CancellationToken cancellationToken)
    {
        await using var command = Sql.Command(connection, transaction, "SELECT person FROM identities WHERE account = $1", Sql.Text(account));
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string ?? account;
    }

    private static async Task<List<string>> AccountsOfAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string person, CancellationToken cancellationToken)
    {
        await using var command = Sql.Command(connection, transaction, "SELECT account FROM identities WHERE person = $1", Sql.Text(person));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var accounts = new List<string>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            accounts.Add(reader.GetString(0));
        }

        return accounts;
    }
}
