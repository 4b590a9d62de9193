using BreatheBot.Core.Conversations;
using BreatheBot.Core.Episodes;
using BreatheBot.Core.Storage;
using BreatheBot.Storage.LiteDb.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace BreatheBot.Storage.LiteDb.Tests;

/// <summary>
/// Deleting one diary entry is as thorough as /forget: no copy of it stays readable in the diary file or its -log,
/// whether or not the bot is shut down cleanly afterwards, and every other episode stays.
/// </summary>
public sealed class EpisodeDeleteTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 10, 9, 0, 0, TimeSpan.Zero);
    private static readonly ConversationKey Key = ConversationKey.Private(Platform.Telegram, "42", "42");
    private readonly TempDatabase _file = new();

    public void Dispose() => _file.Dispose();

    [Fact]
    public async Task DeleteEpisodes_leaves_no_trace_of_the_entry_in_the_file_or_log_and_keeps_the_others()
    {
        using (var db = _file.Open())
        {
            var store = new LiteDbConversationStore(db, NullLogger<LiteDbConversationStore>.Instance);
            await Commit(store, [Entry("keep-1", 0, "OKAPINOTE before"), Entry("gone", 1, "ZEBRANOTE first draft"), Entry("keep-2", 2, "IBEXNOTE after")]);

            // Edited a few times, so older versions of it were written too (and a checkpoint moved some into the file).
            await Commit(store, [Entry("gone", 1, "ZEBRANOTE second draft, longer than the first one to move it elsewhere")]);
            await db.Writer.WriteAsync(d => d.Checkpoint(), default, transactional: false);
            await Commit(store, [Entry("gone", 1, "ZEBRANOTE third")]);
            Assert.Contains("ZEBRANOTE", Bytes(), StringComparison.Ordinal);

            await store.CommitAsync(new TurnCommit(Conversation(), [], null) { DeleteEpisodes = ["gone"] }, default);

            // Straight after the delete (it checkpoints), before any clean shutdown:
            Assert.DoesNotContain("ZEBRANOTE", Bytes(), StringComparison.Ordinal);
            var left = await new LiteDbEpisodeStore(db).ListByUserAsync("telegram:42", 0, 10, default);
            Assert.Equal(["keep-2", "keep-1"], left.Select(e => e.Id));
            Assert.Null(await new LiteDbEpisodeStore(db).GetAsync("gone", default));
        }

        // And after the clean shutdown; the others are still there, notes and all.
        var text = Bytes();
        Assert.DoesNotContain("ZEBRANOTE", text, StringComparison.Ordinal);
        Assert.Contains("OKAPINOTE", text, StringComparison.Ordinal);
        Assert.Contains("IBEXNOTE", text, StringComparison.Ordinal);
        using (var db = _file.Open())
        {
            Assert.Equal("OKAPINOTE before", (await new LiteDbEpisodeStore(db).GetAsync("keep-1", default))!.Note);
        }
    }

    [Fact]
    public async Task DeleteEpisodes_wins_over_a_write_of_the_same_episode_in_the_commit_and_ignores_unknown_ids()
    {
        using var db = _file.Open();
        var store = new LiteDbConversationStore(db, NullLogger<LiteDbConversationStore>.Instance);
        await Commit(store, [Entry("a", 0, "one"), Entry("b", 1, "two")]);

        await store.CommitAsync(new TurnCommit(Conversation(), [Entry("a", 0, "changed")], null) { DeleteEpisodes = ["a", "never-existed"] }, default);

        Assert.Null(await new LiteDbEpisodeStore(db).GetAsync("a", default));
        Assert.NotNull(await new LiteDbEpisodeStore(db).GetAsync("b", default));
    }

    private static Task Commit(LiteDbConversationStore store, IReadOnlyList<Episode> episodes) =>
        store.CommitAsync(new TurnCommit(Conversation(), episodes, null), default).AsTask();

    private static StoredConversation Conversation() => new(Key, ChatKind.Private, new IdleState(), T0, []);

    private static Episode Entry(string id, int day, string note) => new()
    {
        Id = id,
        UserKey = "telegram:42",
        ConversationKey = Key.ToString(),
        Kind = EpisodeKind.Headache,
        StartedAt = T0.AddDays(day),
        UpdatedAt = T0.AddDays(day),
        Status = EpisodeStatus.Completed,
        EmergencyScreenClear = true,
        PainBefore = 5,
        Note = note,
    };

    private string Bytes()
    {
        var all = new List<byte>();
        foreach (var path in Directory.GetFiles(_file.Folder))
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var memory = new MemoryStream();
            stream.CopyTo(memory);
            all.AddRange(memory.ToArray());
        }

        return System.Text.Encoding.Latin1.GetString([.. all]) + System.Text.Encoding.UTF8.GetString([.. all]);
    }
}
