using BreatheBot.Core.Episodes;
using BreatheBot.Core.Storage;
using LiteDB;

namespace BreatheBot.Storage.LiteDb;

/// <summary>Reads of the episode diary.</summary>
public sealed class LiteDbEpisodeStore(DiaryDatabase database) : IEpisodeStore
{
    public ValueTask<Episode?> GetAsync(string episodeId, CancellationToken cancellationToken)
    {
        var document = database.Database.GetCollection(DiaryDatabase.Episodes).FindById(episodeId);
        return ValueTask.FromResult(document is null ? null : Documents.ToEpisode(document));
    }

    public ValueTask<IReadOnlyList<Episode>> ListByUserAsync(string userKey, int skip, int take, CancellationToken cancellationToken)
    {
        var documents = database.Database.GetCollection(DiaryDatabase.Episodes)
            .Query()
            .Where(Query.EQ("user", userKey))
            .OrderByDescending("startedAt")
            .Skip(skip)
            .Limit(take)
            .ToList();
        IReadOnlyList<Episode> episodes = [.. documents.Select(Documents.ToEpisode)];
        return ValueTask.FromResult(episodes);
    }
}
