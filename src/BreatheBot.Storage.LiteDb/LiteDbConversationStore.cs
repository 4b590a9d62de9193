using BreatheBot.Core.Conversations;
using BreatheBot.Core.Episodes;
using BreatheBot.Core.Storage;
using BreatheBot.Storage.LiteDb.Diagnostics;
using LiteDB;
using Microsoft.Extensions.Logging;

namespace BreatheBot.Storage.LiteDb;

/// <summary>Conversation states, profiles and episode writes on LiteDB. A turn's writes commit in one transaction.</summary>
public sealed class LiteDbConversationStore(DiaryDatabase database, ILogger<LiteDbConversationStore> logger) : IConversationStore
{
    public ValueTask<StoredConversation?> LoadAsync(ConversationKey key, CancellationToken cancellationToken)
    {
        var document = database.Database.GetCollection(DiaryDatabase.Conversations).FindById(key.ToString());
        return ValueTask.FromResult(document is null ? null : Read(document));
    }

    public ValueTask<IReadOnlyList<StoredConversation>> LoadScheduledAsync(CancellationToken cancellationToken)
    {
        var documents = database.Database.GetCollection(DiaryDatabase.Conversations)
            .Find(Query.Not("wakeAt", BsonValue.Null))
            .ToList();
        IReadOnlyList<StoredConversation> conversations = [.. documents.Select(Read).Where(c => c.WakeAt is not null)];
        return ValueTask.FromResult(conversations);
    }

    public ValueTask<UserProfile?> LoadProfileAsync(string userKey, CancellationToken cancellationToken)
    {
        var document = database.Database.GetCollection(DiaryDatabase.Users).FindById(userKey);
        return ValueTask.FromResult(document is null ? null : Documents.ToProfile(document));
    }

    public ValueTask CommitAsync(TurnCommit commit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(commit);
        var conversation = Documents.FromConversation(commit.Conversation);
        var episodes = commit.Episodes.Select(Documents.FromEpisode).ToList();
        var profile = commit.Profile is null ? null : Documents.FromProfile(commit.Profile);
        return new ValueTask(database.Writer.WriteAsync(db =>
        {
            db.GetCollection(DiaryDatabase.Conversations).Upsert(conversation);
            var episodeCollection = db.GetCollection(DiaryDatabase.Episodes);
            foreach (var episode in episodes)
            {
                episodeCollection.Upsert(episode);
            }

            if (profile is not null)
            {
                db.GetCollection(DiaryDatabase.Users).Upsert(profile);
            }
        }, cancellationToken));
    }

    public ValueTask MoveChatAsync(ConversationKey from, ConversationKey to, CancellationToken cancellationToken)
    {
        return new ValueTask(database.Writer.WriteAsync(db =>
        {
            var collection = db.GetCollection(DiaryDatabase.Conversations);
            var document = collection.FindById(from.ToString());
            if (document is null)
            {
                return;
            }

            document["_id"] = to.ToString();
            collection.Upsert(document);
            collection.Delete(from.ToString());
        }, cancellationToken));
    }

    private StoredConversation Read(BsonDocument document) =>
        Documents.ToConversation(document, exception => Log.UnreadableState(logger, exception, document["_id"].AsString));
}
