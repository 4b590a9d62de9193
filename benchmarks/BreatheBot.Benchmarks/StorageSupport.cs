using System.Globalization;
using System.Reflection;
using BreatheBot.Core.Conversations;
using BreatheBot.Core.Episodes;
using BreatheBot.Core.Messaging;
using BreatheBot.Core.Outbox;
using BreatheBot.Core.Storage;
using BreatheBot.Storage.LiteDb;
using LiteDB;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BreatheBot.Benchmarks;

/// <summary>Opens the real diary database and store, and reaches the storage project's BSON mapping (internal) by reflection.</summary>
internal static class StorageSupport
{
    private static readonly Type Documents =
        typeof(DiaryDatabase).Assembly.GetType("BreatheBot.Storage.LiteDb.Documents", throwOnError: true)!;

    /// <summary>The store's own mapping, so baselines write byte-identical documents.</summary>
    public static readonly Func<StoredConversation, BsonDocument> FromConversation =
        Documents.GetMethod("FromConversation", BindingFlags.Public | BindingFlags.Static)!.CreateDelegate<Func<StoredConversation, BsonDocument>>();

    public static readonly Func<Episode, BsonDocument> FromEpisode =
        Documents.GetMethod("FromEpisode", BindingFlags.Public | BindingFlags.Static)!.CreateDelegate<Func<Episode, BsonDocument>>();

    public static DiaryDatabase Open(string path, int maxWriteBatch = 64) =>
        new(Options.Create(new LiteDbOptions { Path = path, MaxWriteBatch = maxWriteBatch }), NullLogger<DiaryDatabase>.Instance);

    public static LiteDbConversationStore Store(DiaryDatabase database) => new(database, NullLogger<LiteDbConversationStore>.Instance);

    public static long FileSize(string path) => File.Exists(path) ? new FileInfo(path).Length : 0;

    public static string LogPath(string path) =>
        Path.Combine(Path.GetDirectoryName(path)!, Path.GetFileNameWithoutExtension(path) + "-log" + Path.GetExtension(path));

    /// <summary>
    /// Realistic turn commits made by the real engine: conversation i answers the first safety question ("None of
    /// these") of a /headache flow, so each commit upserts the conversation state and its newly kept episode.
    /// </summary>
    public static TurnCommit[] TriageCommits(int count, int offset = 0) => TriageCommits(count, offset, outbox: false);

    /// <summary>
    /// As <see cref="TriageCommits(int, int)"/>; with <paramref name="outbox"/> each commit also carries the turn's
    /// replies as durable outbox entries (issue 15), the way <c>ConversationService</c> writes them.
    /// </summary>
    public static TurnCommit[] TriageCommits(int count, int offset, bool outbox)
    {
        var engine = TurnShapes.NewEngine();
        var commits = new TurnCommit[count];
        var now = TurnShapes.Start;
        for (var i = 0; i < count; i++)
        {
            var id = (100_000 + offset + i).ToString(CultureInfo.InvariantCulture);
            var key = ConversationKey.Private(Platform.Telegram, id, id);
            var profile = new UserProfile { UserKey = key.UserKey, FirstSeenAt = now, DisclaimerShownAt = now };
            var first = engine.Handle(new IdleState(), new CommandReceived(key, ChatKind.Private, id, now, "1", "headache", null), profile, now);
            var second = engine.Handle(first.State, new ChoiceSelected(key, ChatKind.Private, id, now, "2", "e:none") { PromptId = first.State.PromptId }, profile, now);
            var conversation = new StoredConversation(key, ChatKind.Private, second.State, now, ["1", "2"]);
            // The engine now keeps an episode in the flow's state until a later step saves it; the benchmark writes it
            // with this turn anyway, so every commit still carries one episode row (the shape B3/B4 measure).
            IReadOnlyList<Episode> episodes = second.EpisodesToSave.Count > 0 ? second.EpisodesToSave
                : second.State is FlowState { Episode: { } kept } ? [kept] : [];
            commits[i] = new TurnCommit(conversation, episodes, second.ProfileToSave)
            {
                Outbox = outbox
                    ? [.. second.Replies.Select((r, n) => new OutboxEntry(OutboxEntry.NewId(), key, ChatKind.Private, n + 1, ReplySerializer.Serialize(r), now))]
                    : [],
            };
        }

        if (commits[0].Episodes.Count != 1)
        {
            throw new InvalidOperationException("The triage turn no longer saves its episode; the persisted-turn benchmark needs revisiting.");
        }

        return commits;
    }
}
