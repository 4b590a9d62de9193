using BreatheBot.Core.Conversations;
using BreatheBot.Core.Episodes;
using BreatheBot.Core.Storage;
using BreatheBot.TestSupport.Postgres;
using Microsoft.Extensions.Logging.Abstractions;

namespace BreatheBot.Storage.PostgreSql.Tests;

/// <summary>
/// TurnCommit.DeleteEpisodes on PostgreSQL deletes only the turn's own person's episodes (the engine names no other;
/// the store does not rely on it): another person's id is ignored like an unknown one.
/// </summary>
public sealed class EpisodeDeleteGuardTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 10, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_turn_cannot_delete_another_person_s_episode()
    {
        await using var diary = database.Diary();
        await diary.OpenAsync(default);
        var store = new PostgreSqlConversationStore(diary, NullLogger<PostgreSqlConversationStore>.Instance);
        var mine = ConversationKey.Private(Platform.Telegram, "100", "1");
        var theirs = ConversationKey.Private(Platform.Telegram, "200", "2");
        await store.CommitAsync(new TurnCommit(new StoredConversation(theirs, ChatKind.Private, new IdleState(), T0, []), [Episode("theirs", "telegram:2")], null), default);
        await store.CommitAsync(new TurnCommit(new StoredConversation(mine, ChatKind.Private, new IdleState(), T0, []), [Episode("mine", "telegram:1")], null), default);

        await store.CommitAsync(new TurnCommit(new StoredConversation(mine, ChatKind.Private, new IdleState(), T0, []), [], null) { DeleteEpisodes = ["theirs", "mine"] }, default);

        var episodes = new PostgreSqlEpisodeStore(diary);
        Assert.NotNull(await episodes.GetAsync("theirs", default));
        Assert.Null(await episodes.GetAsync("mine", default));
    }

    private static Episode Episode(string id, string userKey) => new()
    {
        Id = id,
        UserKey = userKey,
        ConversationKey = userKey.Replace(":", ":100:", StringComparison.Ordinal),
        Kind = EpisodeKind.Headache,
        StartedAt = T0,
        UpdatedAt = T0,
        Status = EpisodeStatus.Completed,
    };
}
