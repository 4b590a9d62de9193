using BreatheBot.Core.Episodes;
using BreatheBot.Core.Storage;

namespace BreatheBot.Storage.PostgreSql;

/// <summary>Reads of the episode diary on PostgreSQL.</summary>
public sealed class PostgreSqlEpisodeStore(PostgreSqlDiary diary) : IEpisodeStore
{
    public async ValueTask<Episode?> GetAsync(string episodeId, CancellationToken cancellationToken)
    {
        await using var connection = await diary.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Sql.Command(connection, null, "SELECT body::text FROM episodes WHERE id = $1", Sql.Text(episodeId));
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is string body ? Documents.ToEpisode(body) : null;
    }

    /// <summary>A person's episodes, newest first (equal start times: larger id first), served by the history index.</summary>
    public async ValueTask<IReadOnlyList<Episode>> ListByUserAsync(string userKey, int skip, int take, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(userKey);
        await using var connection = await diary.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Sql.Command(
            connection,
            null,
            "SELECT body::text FROM episodes WHERE user_key = $1 ORDER BY started_at DESC, id DESC OFFSET $2 LIMIT $3",
            Sql.Text(userKey),
            Sql.Int(Math.Max(0, skip)),
            Sql.Int(Math.Max(0, take)));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var episodes = new List<Episode>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            episodes.Add(Documents.ToEpisode(reader.GetString(0)));
        }

        return episodes;
    }

    /// <summary>A person's daily check-in answers, newest day first (the primary key's order, read backwards).</summary>
    public async ValueTask<IReadOnlyList<DayRecord>> ListDaysAsync(string userKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(userKey);
        await using var connection = await diary.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Sql.Command(connection, null, $"SELECT {OutboxAndDayRows.DayColumns} FROM days WHERE user_key = $1 ORDER BY day DESC", Sql.Text(userKey));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var days = new List<DayRecord>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            days.Add(OutboxAndDayRows.ReadDay(reader));
        }

        return days;
    }
}
