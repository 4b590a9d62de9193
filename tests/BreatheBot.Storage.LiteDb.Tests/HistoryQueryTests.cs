using BreatheBot.Core.Conversations;
using BreatheBot.Core.Episodes;
using BreatheBot.Core.Messaging;
using BreatheBot.Core.Storage;
using BreatheBot.Storage.LiteDb.Tests.Support;
using LiteDB;
using Microsoft.Extensions.Logging.Abstractions;

namespace BreatheBot.Storage.LiteDb.Tests;

/// <summary>
/// ListByUserAsync (what /history and /stats read) served by the history index (issue 7, B13): same results as sorting
/// the person's episodes by start time, newest first, and only the returned episodes are read.
/// </summary>
public sealed class HistoryQueryTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 10, 9, 0, 0, 123, TimeSpan.Zero);
    private readonly TempDatabase _file = new();

    public void Dispose() => _file.Dispose();

    [Fact]
    public async Task ListByUser_orders_by_start_time_to_the_millisecond_across_offsets()
    {
        using var db = _file.Open();
        await SaveAsync(db,
            Episode("a", "telegram:1", T0),
            Episode("b", "telegram:1", T0.AddMilliseconds(1)),
            Episode("c", "telegram:1", T0.AddMilliseconds(-1)),
            // Later instant written with an offset whose local clock reads earlier.
            Episode("d", "telegram:1", T0.AddHours(1).ToOffset(TimeSpan.FromHours(-5))),
            Episode("e", "telegram:1", T0.AddDays(-400)));

        Assert.Equal(["d", "b", "a", "c", "e"], await IdsAsync(db, "telegram:1", 0, 10));
    }

    [Fact]
    public async Task ListByUser_with_equal_start_times_puts_the_larger_id_first_on_every_page()
    {
        using var db = _file.Open();
        await SaveAsync(db,
            Episode("telegram-1-3", "telegram:1", T0),
            Episode("telegram-1-1", "telegram:1", T0),
            Episode("discord-9-2", "telegram:1", T0),
            Episode("telegram-1-2", "telegram:1", T0),
            Episode("newer", "telegram:1", T0.AddSeconds(1)));

        Assert.Equal(["newer", "telegram-1-3", "telegram-1-2", "telegram-1-1", "discord-9-2"], await IdsAsync(db, "telegram:1", 0, 10));
        Assert.Equal(["newer", "telegram-1-3"], await IdsAsync(db, "telegram:1", 0, 2));
        Assert.Equal(["telegram-1-2", "telegram-1-1"], await IdsAsync(db, "telegram:1", 2, 2));
        Assert.Equal(["discord-9-2"], await IdsAsync(db, "telegram:1", 4, 2));
        Assert.Empty(await IdsAsync(db, "telegram:1", 6, 2));
    }

    [Fact]
    public async Task ListByUser_treats_start_times_within_one_millisecond_as_equal_as_they_are_stored_so_a_rebuilt_index_agrees()
    {
        using (var db = _file.Open())
        {
            await SaveAsync(db, Episode("x-1", "telegram:1", T0.AddTicks(9_999)), Episode("x-2", "telegram:1", T0), Episode("x-0", "telegram:1", T0.AddTicks(5_000)));
            Assert.Equal(["x-2", "x-1", "x-0"], await IdsAsync(db, "telegram:1", 0, 10));
            Assert.All(await new LiteDbEpisodeStore(db).ListByUserAsync("telegram:1", 0, 10, default), e => Assert.Equal(T0, e.StartedAt));
        }

        using (var raw = new LiteDatabase(new ConnectionString { Filename = _file.Path, Connection = ConnectionType.Direct }))
        {
            raw.GetCollection(DiaryDatabase.Episodes).DropIndex(DiaryDatabase.HistoryIndex);
        }

        using var reopened = _file.Open();
        Assert.Equal(["x-2", "x-1", "x-0"], await IdsAsync(reopened, "telegram:1", 0, 10));
    }

    [Fact]
    public async Task ListByUser_never_includes_another_persons_episodes_even_when_one_key_starts_with_the_other()
    {
        using var db = _file.Open();
        await SaveAsync(db,
            Episode("mine", "telegram:12", T0),
            Episode("longer-key", "telegram:123", T0.AddMinutes(1)),
            Episode("shorter-key", "telegram:1", T0.AddMinutes(2)),
            Episode("other-platform", "discord:12", T0.AddMinutes(3)),
            Episode("same-id-text", "telegram:12x", T0.AddMinutes(4)));

        Assert.Equal(["mine"], await IdsAsync(db, "telegram:12", 0, int.MaxValue));
        Assert.Empty(await IdsAsync(db, "telegram:99", 0, int.MaxValue));
    }

    [Fact]
    public async Task ListByUser_pages_give_the_same_episodes_as_sorting_the_whole_diary()
    {
        using var db = _file.Open();
        var random = new Random(7);
        var users = new[] { "telegram:1", "telegram:10", "discord:1", "terminal:local" };
        var all = Enumerable.Range(0, 400)
            .Select(i => Episode($"ep-{random.Next(1000):D4}-{i}", users[random.Next(users.Length)],
                T0.AddMinutes(random.Next(-20_000, 20_000)).AddTicks(random.Next(10_000))))
            .ToList();
        await SaveAsync(db, [.. all]);

        foreach (var user in users)
        {
            var expected = all.Where(e => e.UserKey == user)
                .OrderByDescending(e => e.StartedAt).ThenByDescending(e => e.Id, StringComparer.Ordinal)
                .Select(e => e.Id).ToList();
            Assert.Equal(expected, await IdsAsync(db, user, 0, int.MaxValue));

            var paged = new List<string>();
            for (var skip = 0; skip < expected.Count + 7; skip += 7)
            {
                paged.AddRange(await IdsAsync(db, user, skip, 7));
            }

            Assert.Equal(expected, paged);
        }
    }

    [Fact]
    public async Task ListByUser_returns_whole_episodes()
    {
        using var db = _file.Open();
        var episode = Episode("full", "telegram:1", T0) with { PainBefore = 7, Triggers = [HeadacheTrigger.PoorSleep], OtherTrigger = "a | b" };
        await SaveAsync(db, episode);

        var read = Assert.Single(await new LiteDbEpisodeStore(db).ListByUserAsync("telegram:1", 0, 30, default));

        Assert.Equal(episode with { Triggers = read.Triggers, RedFlags = read.RedFlags, Locations = read.Locations, Features = read.Features, StepsDone = read.StepsDone, MusclesDone = read.MusclesDone }, read);
        Assert.Equal([HeadacheTrigger.PoorSleep], read.Triggers);
    }

    [Fact]
    public async Task ListByUser_is_served_by_the_history_index_in_its_own_order_without_a_sort()
    {
        using var db = _file.Open();
        await SaveAsync(db, Episode("a", "telegram:1", T0), Episode("b", "telegram:1", T0.AddDays(1)), Episode("c", "telegram:2", T0));

        var plan = new LiteDbEpisodeStore(db).ExplainListByUser("telegram:1", 0, 30);

        Assert.Equal(DiaryDatabase.HistoryIndex, plan["index"]["name"].AsString);
        Assert.Equal(Query.Descending, plan["index"]["order"].AsInt32);
        Assert.StartsWith("INDEX RANGE SCAN(history BETWEEN", plan["index"]["mode"].AsString, StringComparison.Ordinal);
        Assert.False(plan.ContainsKey("orderBy"), plan.ToString());
        Assert.Equal(30, plan["limit"].AsInt32);
    }

    [Fact]
    public async Task A_file_written_before_the_history_index_gets_it_at_open_and_answers_the_same()
    {
        using (var db = _file.Open())
        {
            await SaveAsync(db, Episode("old", "telegram:1", T0), Episode("older", "telegram:1", T0.AddDays(-1)), Episode("x", "telegram:2", T0));
        }

        // Make it the file the previous version wrote: same collections and indexes, no history index.
        using (var raw = new LiteDatabase(new ConnectionString { Filename = _file.Path, Connection = ConnectionType.Direct }))
        {
            Assert.True(raw.GetCollection(DiaryDatabase.Episodes).DropIndex(DiaryDatabase.HistoryIndex));
            Assert.DoesNotContain(IndexNames(raw), n => n == DiaryDatabase.HistoryIndex);
        }

        using (var reopened = _file.Open())
        {
            Assert.Contains(IndexNames(reopened.Database), n => n == DiaryDatabase.HistoryIndex);
            Assert.Equal(["old", "older"], await IdsAsync(reopened, "telegram:1", 0, 30));
            Assert.Equal(DiaryDatabase.HistoryIndex, new LiteDbEpisodeStore(reopened).ExplainListByUser("telegram:1", 0, 30)["index"]["name"].AsString);
        }
    }

    private static List<string> IndexNames(ILiteDatabase database) =>
        [.. database.GetCollection("$indexes").Query().Where("collection = @0", DiaryDatabase.Episodes).Select("name").ToList().Select(d => d["name"].AsString)];

    private static async Task<List<string>> IdsAsync(DiaryDatabase db, string user, int skip, int take) =>
        [.. (await new LiteDbEpisodeStore(db).ListByUserAsync(user, skip, take, default)).Select(e => e.Id)];

    private static async Task SaveAsync(DiaryDatabase db, params Episode[] episodes)
    {
        var store = new LiteDbConversationStore(db, NullLogger<LiteDbConversationStore>.Instance);
        var key = ConversationKey.Private(Platform.Terminal, "local", "local");
        await store.CommitAsync(new TurnCommit(new StoredConversation(key, ChatKind.Private, new IdleState(), T0, []), episodes, null), default);
    }

    private static Episode Episode(string id, string user, DateTimeOffset startedAt) => new()
    {
        Id = id,
        UserKey = user,
        ConversationKey = user + ":" + user,
        Kind = EpisodeKind.Headache,
        StartedAt = startedAt,
        UpdatedAt = startedAt,
        Status = EpisodeStatus.Completed,
        EmergencyScreenClear = true,
    };
}
