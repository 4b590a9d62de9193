using BreatheBot.Core.Conversations;
using BreatheBot.Core.Episodes;
using BreatheBot.Core.Outbox;
using BreatheBot.Core.Storage;
using BreatheBot.Storage.LiteDb.Diagnostics;
using LiteDB;
using Microsoft.Extensions.Logging;

namespace BreatheBot.Storage.LiteDb;

/// <summary>
/// Conversation states, profiles, episode writes and the reply outbox on LiteDB. A turn's writes, its outbox entries
/// included, commit in one transaction.
/// </summary>
public sealed class LiteDbConversationStore(DiaryDatabase database, ILogger<LiteDbConversationStore> logger) : IConversationStore, IOutboxStore
{
    public ValueTask<StoredConversation?> LoadAsync(ConversationKey key, CancellationToken cancellationToken)
    {
        var document = database.Read(db => db.GetCollection(DiaryDatabase.Conversations).FindById(key.ToString()));
        return ValueTask.FromResult(document is null ? null : Read(document));
    }

    public ValueTask<IReadOnlyList<StoredConversation>> LoadScheduledAsync(CancellationToken cancellationToken)
    {
        var documents = database.Read(db => db.GetCollection(DiaryDatabase.Conversations)
            .Find(Query.Not("wakeAt", BsonValue.Null))
            .ToList());
        IReadOnlyList<StoredConversation> conversations = [.. documents.Select(Read).Where(c => c.WakeAt is not null)];
        return ValueTask.FromResult(conversations);
    }

    public ValueTask<UserProfile?> LoadProfileAsync(string userKey, CancellationToken cancellationToken)
    {
        var document = database.Read(db => db.GetCollection(DiaryDatabase.Users).FindById(userKey));
        return ValueTask.FromResult(document is null ? null : Documents.ToProfile(document));
    }

    public ValueTask CommitAsync(TurnCommit commit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(commit);
        if (commit.ForgetUsers.Count > 0)
        {
            return ForgetAsync(commit, cancellationToken);
        }

        var conversation = Documents.FromConversation(commit.Conversation);
        var episodes = commit.Episodes.Select(Documents.FromEpisode).ToList();
        var profile = commit.Profile is null ? null : Documents.FromProfile(commit.Profile);
        var outbox = commit.Outbox.Select(Documents.FromOutboxEntry).ToList();
        var days = commit.Days.Select(Documents.FromDay).ToList();
        var write = database.Writer.WriteAsync(db =>
        {
            db.GetCollection(DiaryDatabase.Conversations).Upsert(conversation);
            if (outbox.Count > 0)
            {
                db.GetCollection(DiaryDatabase.Outbox).Insert(outbox);
            }

            var episodeCollection = db.GetCollection(DiaryDatabase.Episodes);
            foreach (var episode in episodes)
            {
                episodeCollection.Upsert(episode);
            }

            if (profile is not null)
            {
                db.GetCollection(DiaryDatabase.Users).Upsert(profile);
            }

            var dayCollection = db.GetCollection(DiaryDatabase.Days);
            foreach (var day in days)
            {
                dayCollection.Upsert(day); // one per person and local day: a second answer replaces the first
            }

            if (commit.CreateLinkCode is { } code)
            {
                db.GetCollection(DiaryDatabase.LinkCodes).Upsert(new BsonDocument
                {
                    ["_id"] = code.Code,
                    ["person"] = code.PersonKey,
                    ["expiresAt"] = code.ExpiresAt.UtcDateTime,
                });
            }

            if (commit.LinkToPerson is { } link)
            {
                LinkIdentity(db, commit.Conversation.Key.UserKey, link);
            }

            foreach (var id in commit.DeleteEpisodes)
            {
                episodeCollection.Delete(id);
            }
        }, cancellationToken);
        return commit.DeleteEpisodes.Count == 0 ? new ValueTask(write) : CheckpointAfterAsync(write, cancellationToken);
    }

    /// <summary>
    /// After a deletion: a checkpoint, so the pages that held the deleted documents are copied over in the data file and
    /// leave the log file (as <see cref="ForgetAsync"/> does).
    /// </summary>
    private async ValueTask CheckpointAfterAsync(Task write, CancellationToken cancellationToken)
    {
        await write.ConfigureAwait(false);
        await database.Writer.WriteAsync(db => db.Checkpoint(), cancellationToken, transactional: false).ConfigureAwait(false);
    }

    /// <summary>
    /// Moves an account (and anything already linked to it) under another person: its episodes are re-keyed, its own
    /// profile is dropped, the identity is recorded and the code is used up.
    /// </summary>
    private static void LinkIdentity(LiteDatabase db, string account, LinkCode link)
    {
        var identities = db.GetCollection(DiaryDatabase.Identities);
        var episodes = db.GetCollection(DiaryDatabase.Episodes);
        var previousPerson = identities.FindById(account)?["person"].AsString ?? account;
        var moving = identities.Find(Query.EQ("person", previousPerson)).Select(d => d["_id"].AsString).Append(account).Append(previousPerson).Distinct().ToList();
        foreach (var user in moving)
        {
            if (user != link.PersonKey)
            {
                identities.Upsert(new BsonDocument { ["_id"] = user, ["person"] = link.PersonKey });
            }
        }

        foreach (var document in episodes.Find(Query.EQ("user", previousPerson)).ToList())
        {
            document["user"] = link.PersonKey;
            episodes.Update(document);
        }

        // Check-in days move too; where both diaries answered the same day, the later answer is kept.
        var days = db.GetCollection(DiaryDatabase.Days);
        foreach (var document in previousPerson == link.PersonKey ? [] : days.Find(Query.EQ("user", previousPerson)).ToList())
        {
            var moved = Documents.ToDay(document) with { UserKey = link.PersonKey };
            var existing = days.FindById(moved.Id);
            if (existing is null || Documents.ToDay(existing).AnsweredAt <= moved.AnsweredAt)
            {
                days.Upsert(Documents.FromDay(moved));
            }

            days.Delete(document["_id"]);
        }

        if (previousPerson != link.PersonKey)
        {
            db.GetCollection(DiaryDatabase.Users).Delete(previousPerson);
        }

        db.GetCollection(DiaryDatabase.LinkCodes).Delete(link.Code);
    }

    public ValueTask<string> ResolvePersonAsync(string userKey, CancellationToken cancellationToken)
    {
        var identity = database.Read(db => db.GetCollection(DiaryDatabase.Identities).FindById(userKey));
        return ValueTask.FromResult(identity?["person"].AsString ?? userKey);
    }

    public ValueTask<LinkCode?> FindLinkCodeAsync(string code, CancellationToken cancellationToken)
    {
        var document = database.Read(db => db.GetCollection(DiaryDatabase.LinkCodes).FindById(code));
        return ValueTask.FromResult(document is null
            ? null
            : new LinkCode(document["_id"].AsString, document["person"].AsString, new DateTimeOffset(DateTime.SpecifyKind(document["expiresAt"].AsDateTime.ToUniversalTime(), DateTimeKind.Utc))));
    }

    /// <summary>
    /// Erases people: every episode, every check-in day, their profile, and every conversation state of theirs (on any chat), then a
    /// checkpoint so the deleted pages leave the log file too. Nothing of theirs in the commit is written.
    /// </summary>
    private async ValueTask ForgetAsync(TurnCommit commit, CancellationToken cancellationToken)
    {
        var outbox = commit.Outbox.Select(Documents.FromOutboxEntry).ToList();
        await database.Writer.WriteAsync(db =>
        {
            var episodes = db.GetCollection(DiaryDatabase.Episodes);
            var conversations = db.GetCollection(DiaryDatabase.Conversations);
            var profiles = db.GetCollection(DiaryDatabase.Users);
            var identities = db.GetCollection(DiaryDatabase.Identities);
            var codes = db.GetCollection(DiaryDatabase.LinkCodes);
            var days = db.GetCollection(DiaryDatabase.Days);

            // Every account linked to each person is forgotten with them.
            var users = new HashSet<string>(StringComparer.Ordinal);
            foreach (var user in commit.ForgetUsers)
            {
                var person = identities.FindById(user)?["person"].AsString ?? user;
                users.Add(person);
                users.Add(user);
                foreach (var linked in identities.Find(Query.EQ("person", person)).Select(d => d["_id"].AsString).ToList())
                {
                    users.Add(linked);
                }
            }

            foreach (var user in users)
            {
                episodes.DeleteMany(Query.EQ("user", user));
                days.DeleteMany(Query.EQ("user", user));
                profiles.Delete(user);
                identities.Delete(user);
                codes.DeleteMany(Query.EQ("person", user));
            }

            // Conversation keys are "platform:chat:user"; the person is "platform:user".
            var theirs = conversations.FindAll()
                .Select(d => d["_id"].AsString)
                .Where(id => ConversationKey.Parse(id) is var key && !key.IsChannel && users.Contains(key.UserKey))
                .ToList();
            foreach (var id in theirs)
            {
                conversations.Delete(id);
            }

            // Their replies not yet sent go too; the commit's own (the confirmation, no health data) are written after.
            var replies = db.GetCollection(DiaryDatabase.Outbox);
            var unsent = replies.FindAll()
                .Where(d => ConversationKey.Parse(d["conversation"].AsString) is var key && !key.IsChannel && users.Contains(key.UserKey))
                .Select(d => d["_id"])
                .ToList();
            foreach (var id in unsent)
            {
                replies.Delete(id);
            }

            if (outbox.Count > 0)
            {
                replies.Insert(outbox);
            }

            if (!users.Contains(commit.Conversation.Key.UserKey) || commit.Conversation.Key.IsChannel)
            {
                conversations.Upsert(Documents.FromConversation(commit.Conversation));
            }
        }, cancellationToken).ConfigureAwait(false);

        await database.Writer.WriteAsync(db => db.Checkpoint(), cancellationToken, transactional: false).ConfigureAwait(false);
    }

    /// <summary>Every unsent entry, in order; a damaged document is logged and deleted (so it is reported once).</summary>
    public async ValueTask<IReadOnlyList<OutboxEntry>> LoadUnsentAsync(CancellationToken cancellationToken)
    {
        var documents = database.Read(db => db.GetCollection(DiaryDatabase.Outbox).FindAll().ToList());
        var entries = new List<OutboxEntry>(documents.Count);
        var damaged = new List<BsonValue>();
        foreach (var document in documents)
        {
            if (Documents.ToOutboxEntry(document) is { } entry)
            {
                entries.Add(entry);
            }
            else
            {
                Log.UnreadableOutboxDocument(logger, document["_id"].ToString());
                damaged.Add(document["_id"]);
            }
        }

        if (damaged.Count > 0)
        {
            await database.Writer.WriteAsync(db => damaged.ForEach(id => db.GetCollection(DiaryDatabase.Outbox).Delete(id)), cancellationToken).ConfigureAwait(false);
        }

        return [.. entries.OrderBy(e => e.Key.ToString(), StringComparer.Ordinal).ThenBy(e => e.Sequence)];
    }

    /// <summary>Deletes the entries by id (the primary key: no scan), in one transaction that the writer may share with others.</summary>
    public ValueTask MarkSentAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ids);
        if (ids.Count == 0)
        {
            return ValueTask.CompletedTask;
        }

        return new ValueTask(database.Writer.WriteAsync(db =>
        {
            var outbox = db.GetCollection(DiaryDatabase.Outbox);
            foreach (var id in ids)
            {
                outbox.Delete(id);
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
