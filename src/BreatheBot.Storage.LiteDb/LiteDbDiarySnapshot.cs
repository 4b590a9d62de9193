using BreatheBot.Core.Conversations;
using BreatheBot.Core.Storage;
using LiteDB;

namespace BreatheBot.Storage.LiteDb;

/// <summary>Reads a whole LiteDB diary into a <see cref="DiarySnapshot"/> (to copy it into another store).</summary>
public static class LiteDbDiarySnapshot
{
    /// <summary>Every document of every collection, read the way the stores read them (old formats included).</summary>
    public static DiarySnapshot Read(DiaryDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        return database.Read(db => new DiarySnapshot(
            [.. db.GetCollection(DiaryDatabase.Conversations).FindAll().Select(d => Documents.ToConversation(d))],
            [.. db.GetCollection(DiaryDatabase.Episodes).FindAll().Select(Documents.ToEpisode)],
            [.. db.GetCollection(DiaryDatabase.Users).FindAll().Select(Documents.ToProfile)],
            [.. db.GetCollection(DiaryDatabase.Identities).FindAll().Select(d => new LinkedIdentity(d["_id"].AsString, d["person"].AsString))],
            [.. db.GetCollection(DiaryDatabase.LinkCodes).FindAll().Select(ReadLinkCode)])
        {
            Days = [.. db.GetCollection(DiaryDatabase.Days).FindAll().Select(Documents.ToDay)],
        });
    }

    private static LinkCode ReadLinkCode(BsonDocument document) => new(
        document["_id"].AsString,
        document["person"].AsString,
        new DateTimeOffset(DateTime.SpecifyKind(document["expiresAt"].AsDateTime.ToUniversalTime(), DateTimeKind.Utc)));
}
