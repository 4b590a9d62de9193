using BreatheBot.Core.Conversations;
using BreatheBot.Core.Episodes;
using BreatheBot.Storage.LiteDb.Tests.Support;
using LiteDB;
using Microsoft.Extensions.Logging.Abstractions;

namespace BreatheBot.Storage.LiteDb.Tests;

/// <summary>
/// A diary written by an earlier release opens in this one, unchanged in meaning. The fixture
/// <c>Fixtures/diary-v0-1369389.db</c> was made by the release at commit 1369389 (before documents carried a version)
/// through its terminal chat: one person finished a headache flow (screens clear, pain 6, forehead or temples,
/// pressing, stress, a simple painkiller under an hour ago, breathing skipped, massage steps skipped, pain 4 after) and then
/// started a second one that met an emergency warning sign; another person stopped at the pain question.
/// </summary>
public sealed class UpgradeTests : IDisposable
{
    private readonly TempDatabase _temp = new();

    public UpgradeTests() => File.Copy(Path.Combine(AppContext.BaseDirectory, "Fixtures", "diary-v0-1369389.db"), _temp.Path);

    public void Dispose() => _temp.Dispose();

    private static ConversationKey Terminal(string user) => ConversationKey.Private(Platform.Terminal, user, user);

    [Fact]
    public async Task A_diary_from_the_release_before_versions_opens_with_every_episode_and_conversation()
    {
        using var db = _temp.Open();
        var conversations = new LiteDbConversationStore(db, NullLogger<LiteDbConversationStore>.Instance);
        var episodes = new LiteDbEpisodeStore(db);

        var history = await episodes.ListByUserAsync("terminal:local", 0, 10, default);
        Assert.Equal(2, history.Count);
        var completed = history.Single(e => e.RedFlagTier is null);
        Assert.Equal(6, completed.PainBefore);
        Assert.Equal(4, completed.PainAfterTriggerPoints);
        Assert.Equal([PainLocation.ForeheadTemples], completed.Locations);
        Assert.Equal(HeadacheCharacter.PressingTight, completed.Character);
        Assert.Contains(HeadacheTrigger.StressDeskWork, completed.Triggers);
        Assert.Equal(MedicationKind.SimplePainkiller, completed.Medication);
        var emergency = history.Single(e => e.RedFlagTier is not null);
        Assert.Equal(RedFlagTier.Emergency, emergency.RedFlagTier);

        var local = await conversations.LoadAsync(Terminal("local"), default);
        Assert.NotNull(local);
        Assert.False(local.StateWasReset);
        Assert.IsNotType<IdleState>(local.State);
        var other = await conversations.LoadAsync(Terminal("other"), default);
        Assert.NotNull(other);
        Assert.False(other.StateWasReset);
        Assert.IsNotType<IdleState>(other.State);
        Assert.NotNull(await conversations.LoadProfileAsync("terminal:local", default));
    }

    [Fact]
    public async Task Documents_written_now_carry_the_current_version_and_old_ones_are_read_as_version_zero()
    {
        using (var db = _temp.Open())
        {
            var raw = db.Database.GetCollection(DiaryDatabase.Conversations).FindById("terminal:local:local");
            Assert.Equal(0, Documents.VersionOf(raw));
            var conversations = new LiteDbConversationStore(db, NullLogger<LiteDbConversationStore>.Instance);
            var local = (await conversations.LoadAsync(Terminal("local"), default))!;
            await conversations.CommitAsync(new Core.Storage.TurnCommit(local, [], null), default);
        }

        using var reopened = _temp.Open();
        Assert.Equal(Documents.CurrentVersion, Documents.VersionOf(reopened.Database.GetCollection(DiaryDatabase.Conversations).FindById("terminal:local:local")));
    }

    [Fact]
    public async Task A_conversation_saved_by_a_newer_version_is_reset_to_idle_and_flagged_not_fatal()
    {
        using var db = _temp.Open();
        var collection = db.Database.GetCollection(DiaryDatabase.Conversations);
        var raw = collection.FindById("terminal:other:other");
        raw[Documents.VersionField] = Documents.CurrentVersion + 1;
        collection.Update(raw);

        var loaded = await new LiteDbConversationStore(db, NullLogger<LiteDbConversationStore>.Instance).LoadAsync(Terminal("other"), default);

        Assert.NotNull(loaded);
        Assert.True(loaded.StateWasReset);
        Assert.IsType<IdleState>(loaded.State);
    }

    [Fact]
    public async Task A_conversation_state_this_version_cannot_parse_is_reset_to_idle_and_flagged()
    {
        using var db = _temp.Open();
        var collection = db.Database.GetCollection(DiaryDatabase.Conversations);
        var raw = collection.FindById("terminal:other:other");
        raw["state"] = new BsonValue("{\"$step\":\"SomeFutureStep\"}");
        collection.Update(raw);

        var loaded = await new LiteDbConversationStore(db, NullLogger<LiteDbConversationStore>.Instance).LoadAsync(Terminal("other"), default);

        Assert.True(loaded!.StateWasReset);
        Assert.IsType<IdleState>(loaded.State);
    }
}
