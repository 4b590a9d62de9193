using BreatheBot.Core.Episodes;
using BreatheBot.Core.Storage;
using LiteDB;

namespace BreatheBot.Storage.LiteDb;

/// <summary>Reads of the episode diary.</summary>
public sealed class LiteDbEpisodeStore(DiaryDatabase database) : IEpisodeStore
{
    public ValueTask<Episode?> GetAsync(string episodeId, CancellationToken cancellationToken)
    {
        var document = database.Read(db => db.GetCollection(DiaryDatabase.Episodes).FindById(episodeId));
        return ValueTask.FromResult(document is null ? null : Documents.ToEpisode(document));
    }

    /// <summary>
    /// A person's episodes, newest first (equal start times: larger id first). Served by the history index in its own
    /// order, so LiteDB reads only the episodes it returns instead of all of the person's episodes to sort them.
    /// </summary>
    public ValueTask<IReadOnlyList<Episode>> ListByUserAsync(string userKey, int skip, int take, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(userKey);
        var documents = database.Read(db =>
        {
            var collection = db.GetCollection(DiaryDatabase.Episodes);
            if (userKey.Contains(DiaryDatabase.HistoryKeySeparator, StringComparison.Ordinal))
            {
                // Not a key BreatheBot makes ("platform:id"); the index range could not tell it apart, so sort the slow way.
                return collection.Query()
                    .Where(Query.EQ("user", userKey))
                    .OrderByDescending(DiaryDatabase.HistoryKey)
                    .Skip(skip)
                    .Limit(take)
                    .ToList();
            }

            var prefix = userKey + DiaryDatabase.HistoryKeySeparator;
            return collection.Query()
                .Where(Query.Between(DiaryDatabase.HistoryKey, prefix, prefix + '~'))
                .OrderByDescending(DiaryDatabase.HistoryKey)
                .Skip(skip)
                .Limit(take)
                .ToList();
        });

        var episodes = new Episode[documents.Count];
        for (var i = 0; i < episodes.Length; i++)
        {
            episodes[i] = Documents.ToEpisode(documents[i]);
        }

        return ValueTask.FromResult<IReadOnlyList<Episode>>(episodes);
    }

    /// <summary>A person's daily check-in answers, newest day first.</summary>
    public ValueTask<IReadOnlyList<DayRecord>> ListDaysAsync(string userKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(userKey);
        var documents = database.Read(db => db.GetCollection(DiaryDatabase.Days).Find(Query.EQ("user", userKey)).ToList());
        IReadOnlyList<DayRecord> days = [.. documents.Select(Documents.ToDay).OrderByDescending(d => d.Day)];
        return ValueTask.FromResult(days);
    }

    /// <summary>How LiteDB runs the history query (its EXPLAIN plan), for tests and benchmarks.</summary>
    public BsonDocument ExplainListByUser(string userKey, int skip, int take)
    {
        ArgumentNullException.ThrowIfNull(userKey);
        var prefix = userKey + DiaryDatabase.HistoryKeySeparator;
        return database.Read(db => db.GetCollection(DiaryDatabase.Episodes).Query()
            .Where(Query.Between(DiaryDatabase.HistoryKey, prefix, prefix + '~'))
            .OrderByDescending(DiaryDatabase.HistoryKey)
            .Skip(skip)
            .Limit(take)
            .GetPlan());
    }
}
