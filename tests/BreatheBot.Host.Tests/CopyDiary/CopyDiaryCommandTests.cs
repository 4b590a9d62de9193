using BreatheBot.Core.Conversations;
using BreatheBot.Core.Episodes;
using BreatheBot.Core.Storage;
using BreatheBot.Host.CopyDiary;
using BreatheBot.Storage.LiteDb;
using BreatheBot.Storage.PostgreSql;
using BreatheBot.TestSupport.Postgres;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BreatheBot.Host.Tests.CopyDiary;

/// <summary>
/// Issue 15, moving up: <c>BreatheBot copy-diary --to-postgres "…"</c> copies every collection of a real LiteDB diary
/// into PostgreSQL and verifies counts and a checksum per person; a non-empty target is refused unless told, a damaged
/// file is refused untouched. Run through the real entry point, each test on an empty database of its own.
/// </summary>
public sealed class CopyDiaryCommandTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 10, 9, 0, 0, 123, TimeSpan.Zero);
    private readonly string _folder = Directory.CreateTempSubdirectory("breathebot-copy-").FullName;
    private readonly TestDatabase _target = new();

    private string DiaryPath => Path.Combine(_folder, "breathebot.db");

    public Task InitializeAsync() => _target.InitializeAsync();

    public async Task DisposeAsync()
    {
        await _target.DisposeAsync();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task<(int Code, string Output, string Error)> CopyAsync(params string[] extra)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        string[] args = ["--to-postgres", _target.ConnectionString, $"--Data:Directory={_folder}", "--Telegram:BotToken=", "--Discord:BotToken=", .. extra];
        var code = await CopyDiaryCommand.RunAsync(args, output, error, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));
        return (code, output.ToString(), error.ToString());
    }

    private DiarySnapshot ReadLiteDb()
    {
        using var database = new DiaryDatabase(Options.Create(new LiteDbOptions { Path = DiaryPath }), NullLogger<DiaryDatabase>.Instance);
        return LiteDbDiarySnapshot.Read(database);
    }

    private async Task<DiarySnapshot> ReadPostgresAsync()
    {
        await using var diary = _target.Diary();
        return await PostgreSqlDiaryCopy.ReadAsync(diary, default);
    }

    [Fact]
    public async Task An_old_format_diary_is_copied_whole_and_verified()
    {
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Fixtures", "diary-v0-1369389.db"), DiaryPath);

        var (code, output, error) = await CopyAsync();

        Assert.Equal(string.Empty, error);
        Assert.Equal(0, code);
        Assert.Contains("Verified: the counts match and the checksums of all 2 people match.", output, StringComparison.Ordinal);
        var source = ReadLiteDb();
        var copied = await ReadPostgresAsync();
        Assert.Equal(source.Counts, copied.Counts);
        Assert.Equal(3, copied.Episodes.Count);
        Assert.Equal(source.Checksums(), copied.Checksums());
    }

    [Fact]
    public async Task Every_collection_is_copied_people_linked_accounts_link_codes_and_channels_included()
    {
        using (var database = new DiaryDatabase(Options.Create(new LiteDbOptions { Path = DiaryPath }), NullLogger<DiaryDatabase>.Instance))
        {
            var store = new LiteDbConversationStore(database, NullLogger<LiteDbConversationStore>.Instance);
            var code = new LinkCode("K7Q2ZX", "telegram:1", T0.AddMinutes(10));
            await store.CommitAsync(Turn(ConversationKey.Private(Platform.Telegram, "1", "1"), [Episode("e1", "telegram:1")], Profile("telegram:1")) with { CreateLinkCode = code }, default);
            await store.CommitAsync(Turn(ConversationKey.Private(Platform.Discord, "2", "2"), [Episode("e2", "discord:2")], Profile("discord:2")), default);
            await store.CommitAsync(Turn(ConversationKey.Private(Platform.Discord, "2", "2"), [], null) with { LinkToPerson = code }, default);
            await store.CommitAsync(Turn(ConversationKey.Private(Platform.Telegram, "3", "3"), [Episode("e3", "telegram:3")], Profile("telegram:3")) with { CreateLinkCode = new LinkCode("OPEN12", "telegram:3", T0) }, default);
            await store.CommitAsync(Turn(ConversationKey.Channel(Platform.Discord, "900"), [], null), default);
            await store.CommitAsync(Turn(ConversationKey.Private(Platform.Telegram, "3", "3"), [], null) with { Days = [new DayRecord("telegram:3", new DateOnly(2026, 3, 10), DayHeadache.Mild, T0)] }, default);
        }

        var (code2, output, error) = await CopyAsync();

        Assert.Equal(0, code2);
        Assert.Equal(string.Empty, error);
        Assert.Contains("Copied 4 conversations, 3 episodes, 2 profiles, 1 identities, 1 linkCodes, 1 days", output, StringComparison.Ordinal);
        await using var diary = _target.Diary();
        var conversations = new PostgreSqlConversationStore(diary, NullLogger<PostgreSqlConversationStore>.Instance);
        Assert.Equal("telegram:1", await conversations.ResolvePersonAsync("discord:2", default));
        Assert.Equal(["e1", "e2"], (await new PostgreSqlEpisodeStore(diary).ListByUserAsync("telegram:1", 0, 10, default)).Select(e => e.Id).Order(StringComparer.Ordinal));
        Assert.Equal("telegram:3", (await conversations.FindLinkCodeAsync("OPEN12", default))?.PersonKey);
        Assert.Equal([new DayRecord("telegram:3", new DateOnly(2026, 3, 10), DayHeadache.Mild, T0)], await new PostgreSqlEpisodeStore(diary).ListDaysAsync("telegram:3", default));
        Assert.Equal(ReadLiteDb().Checksums(), (await ReadPostgresAsync()).Checksums());
    }

    [Fact]
    public async Task A_target_that_already_holds_rows_is_refused_unless_told_to_copy_into_it()
    {
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Fixtures", "diary-v0-1369389.db"), DiaryPath);
        Assert.Equal(0, (await CopyAsync()).Code);

        var refused = await CopyAsync();
        var merged = await CopyAsync("--into-non-empty");

        Assert.Equal(2, refused.Code);
        Assert.StartsWith("BreatheBot could not copy the diary: the PostgreSQL at", refused.Error, StringComparison.Ordinal);
        Assert.Contains("already holds 7 rows", refused.Error, StringComparison.Ordinal);
        Assert.Contains("--into-non-empty", refused.Error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, refused.Output);
        Assert.Equal(0, merged.Code);
        Assert.Equal(7, (await ReadPostgresAsync()).Counts.Values.Sum());
    }

    [Fact]
    public async Task A_damaged_diary_file_is_refused_untouched_and_nothing_is_copied()
    {
        var damaged = new byte[16384];
        new Random(15).NextBytes(damaged);
        await File.WriteAllBytesAsync(DiaryPath, damaged);

        var (code, output, error) = await CopyAsync();

        Assert.Equal(2, code);
        Assert.Equal(string.Empty, output);
        Assert.StartsWith("BreatheBot could not copy the diary: ", error, StringComparison.Ordinal);
        Assert.Contains(DiaryPath, error, StringComparison.Ordinal);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(damaged, await File.ReadAllBytesAsync(DiaryPath));
        await using var diary = _target.Diary();
        Assert.Equal(0, await BreatheBot.Storage.PostgreSql.Schema.SchemaMigrator.VersionAsync(diary.DataSource, default));
    }

    [Fact]
    public async Task Without_a_target_the_command_says_how_to_call_it()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var code = await CopyDiaryCommand.RunAsync([$"--Data:Directory={_folder}"], output, error, CancellationToken.None);

        Assert.Equal(2, code);
        Assert.Contains("usage: BreatheBot copy-diary --to-postgres", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_copy_that_differs_is_reported_per_collection_and_per_person()
    {
        var source = new DiarySnapshot([], [Episode("e1", "telegram:1"), Episode("e2", "telegram:2")], [Profile("telegram:1")], [], []);
        var target = new DiarySnapshot([], [Episode("e1", "telegram:1") with { PainBefore = 2 }], [Profile("telegram:1")], [], []);

        var problems = DiaryCopyCheck.Compare(source, target, intoEmpty: true);

        Assert.Equal(
            [
                "episodes: 2 in the LiteDB diary, 1 in PostgreSQL",
                $"telegram:1: what PostgreSQL holds differs from the LiteDB diary (checksum {source.Checksums()["telegram:1"][..12]} vs {target.Checksums()["telegram:1"][..12]})",
                "telegram:2: nothing of theirs in PostgreSQL",
            ],
            problems);
        Assert.Empty(DiaryCopyCheck.Compare(source, source, intoEmpty: true));
    }

    private static TurnCommit Turn(ConversationKey key, IReadOnlyList<Episode> episodes, UserProfile? profile) =>
        new(new StoredConversation(key, key.IsChannel ? ChatKind.Group : ChatKind.Private, new IdleState(), T0, ["d1"]), episodes, profile);

    private static Episode Episode(string id, string user) => new()
    {
        Id = id,
        UserKey = user,
        ConversationKey = user.Replace(":", ":1:", StringComparison.Ordinal),
        Kind = EpisodeKind.Headache,
        StartedAt = T0.AddHours(id.Length),
        UpdatedAt = T0.AddHours(2),
        Status = EpisodeStatus.Completed,
        PainBefore = 7,
        Triggers = [HeadacheTrigger.PoorSleep],
        OtherTrigger = "firm \"pillow\" 🍷",
    };

    private static UserProfile Profile(string user) => new() { UserKey = user, FirstSeenAt = T0, TimeZoneId = "Europe/Berlin", BreathHoldsOff = true };
}
