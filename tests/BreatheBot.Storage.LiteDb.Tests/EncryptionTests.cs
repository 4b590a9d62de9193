using BreatheBot.Core.Conversations;
using BreatheBot.Core.Episodes;
using BreatheBot.Core.Storage;
using BreatheBot.Storage.LiteDb.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace BreatheBot.Storage.LiteDb.Tests;

public sealed class EncryptionTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 10, 9, 0, 0, TimeSpan.Zero);
    private readonly TempDatabase _file = new();

    public void Dispose() => _file.Dispose();

    private static async Task WriteEpisode(DiaryDatabase db, string note)
    {
        var key = ConversationKey.Private(Platform.Telegram, "1", "1");
        var episode = new Episode { Id = "e1", UserKey = key.UserKey, ConversationKey = key.ToString(), Kind = EpisodeKind.Headache, StartedAt = T0, OtherTrigger = note, EmergencyScreenClear = true };
        await new LiteDbConversationStore(db, NullLogger<LiteDbConversationStore>.Instance)
            .CommitAsync(new TurnCommit(new StoredConversation(key, ChatKind.Private, new IdleState(), T0, []), [episode], null), default);
    }

    [Fact]
    public async Task With_a_password_the_diary_round_trips_and_the_file_shows_no_plain_text()
    {
        using (var db = _file.Open(password: "correct horse battery staple"))
        {
            await WriteEpisode(db, "GIRAFFEMARKER");
        }

        Assert.DoesNotContain("GIRAFFEMARKER", System.Text.Encoding.UTF8.GetString(await File.ReadAllBytesAsync(_file.Path)), StringComparison.Ordinal);
        using (var db = _file.Open(password: "correct horse battery staple"))
        {
            Assert.Equal("GIRAFFEMARKER", (await new LiteDbEpisodeStore(db).GetAsync("e1", default))!.OtherTrigger);
        }
    }

    [Fact]
    public async Task A_wrong_or_missing_password_fails_at_start_with_a_clear_message_and_leaves_the_file_alone()
    {
        using (var db = _file.Open(password: "right"))
        {
            await WriteEpisode(db, "x");
        }

        var before = await File.ReadAllBytesAsync(_file.Path);
        var wrong = Assert.Throws<DiaryDatabaseException>(() => _file.Open(password: "wrong").Dispose());
        Assert.Contains("Storage:Password", wrong.Message, StringComparison.Ordinal);
        var missing = Assert.Throws<DiaryDatabaseException>(() => _file.Open().Dispose());
        Assert.Contains("is encrypted", missing.Message, StringComparison.Ordinal);
        Assert.Equal(before, await File.ReadAllBytesAsync(_file.Path));
    }

    [Fact]
    public async Task A_password_on_an_existing_plain_file_is_refused_rather_than_silently_ignored()
    {
        using (var db = _file.Open())
        {
            await WriteEpisode(db, "x");
        }

        var error = Assert.Throws<DiaryDatabaseException>(() => _file.Open(password: "new").Dispose());
        Assert.Contains("not encrypted", error.Message, StringComparison.Ordinal);
    }
}
