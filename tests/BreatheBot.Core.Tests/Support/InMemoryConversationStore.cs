using System.Collections.Concurrent;
using BreatheBot.Core.Conversations;
using BreatheBot.Core.Episodes;
using BreatheBot.Core.Outbox;
using BreatheBot.Core.Storage;

namespace BreatheBot.Core.Tests.Support;

/// <summary>
/// A store in memory, for service tests. States round-trip through the real JSON serializer; replies go through the
/// durable outbox as with LiteDB (the entries of a commit are written with it; /forget erases the person's).
/// </summary>
internal sealed class InMemoryConversationStore : IConversationStore, IOutboxStore
{
    /// <summary>Unsent outbox entries by id.</summary>
    public ConcurrentDictionary<string, OutboxEntry> Outbox { get; } = new();

    public int MarkSentCalls;

    private readonly ConcurrentDictionary<ConversationKey, (StoredConversation Conversation, string Json)> _conversations = new();

    public ConcurrentDictionary<string, Episode> Episodes { get; } = new();

    public ConcurrentDictionary<string, UserProfile> Profiles { get; } = new();

    /// <summary>Daily check-in answers, by id (person and day).</summary>
    public ConcurrentDictionary<string, DayRecord> Days { get; } = new();

    public int Commits;

    public Func<TurnCommit, Task>? BeforeCommit { get; set; }

    public void Put(StoredConversation conversation) =>
        _conversations[conversation.Key] = (conversation, ConversationStateSerializer.Serialize(conversation.State));

    public StoredConversation? Get(ConversationKey key) =>
        _conversations.TryGetValue(key, out var entry) ? entry.Conversation with { State = ConversationStateSerializer.Deserialize(entry.Json) } : null;

    public ValueTask<StoredConversation?> LoadAsync(ConversationKey key, CancellationToken cancellationToken) => ValueTask.FromResult(Get(key));

    public ValueTask<IReadOnlyList<StoredConversation>> LoadScheduledAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<StoredConversation> scheduled = [.. _conversations.Keys.Select(Get).OfType<StoredConversation>().Where(c => c.WakeAt is not null)];
        return ValueTask.FromResult(scheduled);
    }

    public ValueTask<UserProfile?> LoadProfileAsync(string userKey, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Profiles.TryGetValue(userKey, out var profile) ? profile : null);

    public async ValueTask CommitAsync(TurnCommit commit, CancellationToken cancellationToken)
    {
        if (BeforeCommit is not null)
        {
            await BeforeCommit(commit);
        }

        foreach (var user in commit.ForgetUsers)
        {
            foreach (var entry in Outbox.Values.Where(e => !e.Key.IsChannel && e.Key.UserKey == user))
            {
                Outbox.TryRemove(entry.Id, out _);
            }
        }

        foreach (var entry in commit.Outbox)
        {
            Outbox[entry.Id] = entry;
        }

        Put(commit.Conversation);
        foreach (var episode in commit.Episodes)
        {
            Episodes[episode.Id] = episode;
        }

        foreach (var id in commit.DeleteEpisodes)
        {
            Episodes.TryRemove(id, out _);
        }

        foreach (var day in commit.Days)
        {
            Days[day.Id] = day;
        }

        if (commit.Profile is not null)
        {
            Profiles[commit.Profile.UserKey] = commit.Profile;
        }

        if (commit.CreateLinkCode is { } code)
        {
            LinkCodes[code.Code] = code;
        }

        if (commit.LinkToPerson is { } link)
        {
            Identities[commit.Conversation.Key.UserKey] = link.PersonKey;
            LinkCodes.TryRemove(link.Code, out _);
        }

        Interlocked.Increment(ref Commits);
    }

    public ConcurrentDictionary<string, string> Identities { get; } = new();

    public ConcurrentDictionary<string, LinkCode> LinkCodes { get; } = new();

    public ValueTask<string> ResolvePersonAsync(string userKey, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Identities.TryGetValue(userKey, out var person) ? person : userKey);

    public ValueTask<LinkCode?> FindLinkCodeAsync(string code, CancellationToken cancellationToken) =>
        ValueTask.FromResult(LinkCodes.TryGetValue(code, out var found) ? found : null);

    public ValueTask MoveChatAsync(ConversationKey from, ConversationKey to, CancellationToken cancellationToken)
    {
        if (_conversations.TryRemove(from, out var entry))
        {
            Put(entry.Conversation with { Key = to });
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask<IReadOnlyList<OutboxEntry>> LoadUnsentAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<OutboxEntry> unsent = [.. Outbox.Values.OrderBy(e => e.Key.ToString(), StringComparer.Ordinal).ThenBy(e => e.Sequence)];
        return ValueTask.FromResult(unsent);
    }

    public ValueTask MarkSentAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref MarkSentCalls);
        foreach (var id in ids)
        {
            Outbox.TryRemove(id, out _);
        }

        return ValueTask.CompletedTask;
    }
}
