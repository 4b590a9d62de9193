using System.Security.Cryptography;
using System.Text;
using BreatheBot.Storage.LiteDb.Files;
using BreatheBot.Storage.LiteDb.Tests.Support;
using LiteDB;

namespace BreatheBot.Storage.LiteDb.Tests;

/// <summary>
/// One diary, one owner; a new diary only where there is none; anything else that is not a healthy diary is refused
/// at start, with one line saying what is wrong and how to restore it, and left byte for byte as it was (diary and log).
/// </summary>
public sealed class FileSafetyTests : IDisposable
{
    private const int Page = 8192;
    private const int Entries = 40;
    private readonly TempDatabase _file = new();

    public void Dispose() => _file.Dispose();

    private string LogPath => DiaryFileCheck.LogPathFor(_file.Path);

    public enum Damage
    {
        CutBelowOnePage,
        CutToTenThousandBytes,
        CutAtAPageBoundary,
        RandomFirstPage,
        RandomHeaderAfterItsTitle,
        RandomDataPage,
        RandomBytesInsideTheDocuments,
        RandomLog,
        RandomLogPageAmongHealthyOnes,
        LogCutMidPage,
        NotADatabase,
        NotADatabaseOfWholePages,
        LogWithoutItsDiary,
    }

    [Theory]
    [InlineData(Damage.CutBelowOnePage)]
    [InlineData(Damage.CutToTenThousandBytes)]
    [InlineData(Damage.CutAtAPageBoundary)]
    [InlineData(Damage.RandomFirstPage)]
    [InlineData(Damage.RandomHeaderAfterItsTitle)]
    [InlineData(Damage.RandomDataPage)]
    [InlineData(Damage.RandomBytesInsideTheDocuments)]
    [InlineData(Damage.RandomLog)]
    [InlineData(Damage.RandomLogPageAmongHealthyOnes)]
    [InlineData(Damage.LogCutMidPage)]
    [InlineData(Damage.NotADatabase)]
    [InlineData(Damage.NotADatabaseOfWholePages)]
    [InlineData(Damage.LogWithoutItsDiary)]
    public async Task A_damaged_diary_is_refused_with_what_is_wrong_and_how_to_restore_and_left_byte_for_byte_unchanged(Damage damage)
    {
        await MakeDamaged(damage);
        var before = (Hash(_file.Path), Hash(LogPath));

        var error = Assert.Throws<DiaryDatabaseException>(() => _file.Open().Dispose());

        Assert.Contains(damage == Damage.RandomLog || damage == Damage.RandomLogPageAmongHealthyOnes || damage == Damage.LogCutMidPage ? LogPath : _file.Path, error.Message, StringComparison.Ordinal);
        Assert.Contains("restore", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        Assert.Equal(before, (Hash(_file.Path), Hash(LogPath)));

        // refused again on the next start, still unchanged: the lock of the refused attempt was released
        Assert.Throws<DiaryDatabaseException>(() => _file.Open().Dispose());
        Assert.Equal(before, (Hash(_file.Path), Hash(LogPath)));
    }

    [Fact]
    public async Task A_diary_left_by_a_killed_process_with_its_log_opens_with_every_entry()
    {
        await MakeKilledDiary();
        Assert.True(new FileInfo(LogPath).Length > 0, "the fixture should have a log to replay");

        using var db = _file.Open();

        Assert.Equal(Entries, db.Database.GetCollection(DiaryDatabase.Episodes).Count());
    }

    [Fact]
    public async Task A_diary_closed_cleanly_opens_with_every_entry()
    {
        await MakeClosedDiary();

        using var db = _file.Open();

        Assert.Equal(Entries, db.Database.GetCollection(DiaryDatabase.Episodes).Count());
    }

    [Fact]
    public async Task Damage_found_while_running_stops_the_engine_once_and_the_next_start_refuses_the_file()
    {
        await MakeClosedDiary();
        var db = _file.Open();
        var stops = 0;
        db.EngineStopped.Register(() => Interlocked.Increment(ref stops));

        // the page is not in LiteDB's cache yet (the open reads indexes, not documents): damage it under the running bot
        Scribble(_file.Path, PageHolding(_file.Path, "episode-7") * Page, Page);
        var error = Record.Exception(() => db.Read(d => d.GetCollection(DiaryDatabase.Episodes).FindById("episode-7")));
        _ = Record.Exception(() => db.Read(d => d.GetCollection(DiaryDatabase.Episodes).FindById("episode-8")));

        Assert.NotNull(error);
        await Task.Delay(200);
        Assert.Equal(1, Volatile.Read(ref stops));
        db.Dispose();
        var refused = Assert.Throws<DiaryDatabaseException>(() => _file.Open().Dispose());
        Assert.Contains("restore", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_file_becomes_a_new_diary()
    {
        File.WriteAllBytes(_file.Path, []);

        using (var db = _file.Open())
        {
            Assert.True(db.Database.CollectionExists(DiaryDatabase.Episodes));
        }

        Assert.True(new FileInfo(_file.Path).Length >= Page);
    }

    [Fact]
    public void A_second_owner_in_the_same_process_is_refused_naming_the_file_and_the_owner_until_the_first_closes()
    {
        var first = _file.Open();

        var error = Assert.Throws<DiaryDatabaseException>(() => _file.Open().Dispose());
        Assert.StartsWith($"Storage:Path {_file.Path} is in use by", error.Message, StringComparison.Ordinal);
        Assert.Contains($"process {Environment.ProcessId}", error.Message, StringComparison.Ordinal);

        first.Dispose();
        _file.Open().Dispose();
    }

    [Fact]
    public void The_lock_file_names_its_owner()
    {
        using var db = _file.Open();

        var text = ReadShared(DiaryLock.PathFor(_file.Path));

        Assert.Equal($"process {Environment.ProcessId} on {Environment.MachineName}\n", text);
    }

    [Fact]
    public async Task On_unix_the_diary_its_log_and_its_lock_are_0600_in_a_new_0700_folder()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // file modes are Unix
        }

        var folder = Path.Combine(_file.Folder, "new", "data");
        var path = Path.Combine(folder, "diary.db");
        var options = Microsoft.Extensions.Options.Options.Create(new LiteDbOptions { Path = path });
        using var db = new DiaryDatabase(options, Microsoft.Extensions.Logging.Abstractions.NullLogger<DiaryDatabase>.Instance);
        await db.Writer.WriteAsync(d => d.GetCollection(DiaryDatabase.Episodes).Insert(new BsonDocument { ["_id"] = "e", ["user"] = "u", ["startedAt"] = DateTime.UtcNow }));

        const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        Assert.Equal(Private, File.GetUnixFileMode(path));
        Assert.Equal(Private, File.GetUnixFileMode(DiaryFileCheck.LogPathFor(path)));
        Assert.Equal(Private, File.GetUnixFileMode(DiaryLock.PathFor(path)));
        Assert.Equal(Private | UnixFileMode.UserExecute, File.GetUnixFileMode(folder));
        Assert.Equal(Private | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(folder)!));
    }

    private async Task MakeDamaged(Damage damage)
    {
        switch (damage)
        {
            case Damage.CutBelowOnePage:
                await MakeClosedDiary();
                Cut(_file.Path, 5000);
                break;
            case Damage.CutToTenThousandBytes:
                await MakeClosedDiary();
                Cut(_file.Path, 10_000);
                break;
            case Damage.CutAtAPageBoundary:
                await MakeClosedDiary();
                Cut(_file.Path, new FileInfo(_file.Path).Length - Page);
                break;
            case Damage.RandomFirstPage:
                await MakeClosedDiary();
                Scribble(_file.Path, 0, Page);
                break;
            case Damage.RandomHeaderAfterItsTitle:
                await MakeClosedDiary();
                Scribble(_file.Path, 60, Page - 60);
                break;
            case Damage.RandomDataPage:
                await MakeClosedDiary();
                Scribble(_file.Path, PageHolding(_file.Path, "episode-7") * Page, Page);
                break;
            case Damage.RandomBytesInsideTheDocuments:
                await MakeClosedDiary();
                Scribble(_file.Path, (PageHolding(_file.Path, "episode-7") * Page) + 32, 4000);
                break;
            case Damage.RandomLog:
                await MakeKilledDiary();
                Scribble(LogPath, 0, (int)new FileInfo(LogPath).Length);
                break;
            case Damage.RandomLogPageAmongHealthyOnes:
                await MakeKilledDiary();
                Scribble(LogPath, PageHolding(LogPath, "episode-7") * Page, Page);
                break;
            case Damage.LogCutMidPage:
                await MakeKilledDiary();
                Cut(LogPath, new FileInfo(LogPath).Length - 100);
                break;
            case Damage.NotADatabase:
                await File.WriteAllBytesAsync(_file.Path, [.. Enumerable.Range(0, 40_000).Select(i => (byte)(i * 31 % 251))]);
                break;
            case Damage.NotADatabaseOfWholePages:
                await File.WriteAllBytesAsync(_file.Path, [.. Enumerable.Range(0, 3 * Page).Select(i => (byte)(i * 31 % 251))]);
                break;
            case Damage.LogWithoutItsDiary:
                await MakeKilledDiary();
                File.Delete(_file.Path);
                break;
        }
    }

    /// <summary>A diary with <see cref="Entries"/> episodes, closed with a checkpoint (no log).</summary>
    private async Task MakeClosedDiary()
    {
        using var db = _file.Open();
        await WriteEntries(db);
    }

    /// <summary>
    /// A diary as a killed process leaves it: its episodes committed to the log, never checkpointed. Copied while the
    /// database is still open, so nothing has been checkpointed.
    /// </summary>
    private async Task MakeKilledDiary()
    {
        var copy = Path.Combine(_file.Folder, "copy");
        Directory.CreateDirectory(copy);
        using (var db = _file.Open())
        {
            await WriteEntries(db);
            File.Copy(_file.Path, Path.Combine(copy, "diary.db"));
            File.Copy(LogPath, Path.Combine(copy, "diary-log.db"));
        }

        File.Copy(Path.Combine(copy, "diary.db"), _file.Path, overwrite: true);
        File.Copy(Path.Combine(copy, "diary-log.db"), LogPath, overwrite: true);
    }

    private static async Task WriteEntries(DiaryDatabase db)
    {
        for (var i = 0; i < Entries; i++)
        {
            var id = "episode-" + i;
            await db.Writer.WriteAsync(d => d.GetCollection(DiaryDatabase.Episodes).Insert(new BsonDocument
            {
                ["_id"] = id,
                ["user"] = "terminal:local",
                ["startedAt"] = new DateTime(2026, 3, 1, 9, 0, 0, DateTimeKind.Utc).AddHours(i),
                ["note"] = new string('x', 300),
            }));
        }
    }

    private static long PageHolding(string path, string text)
    {
        var at = File.ReadAllBytes(path).AsSpan().LastIndexOf(Encoding.UTF8.GetBytes(text));
        Assert.True(at >= 0, $"'{text}' is not in {path}");
        return at / Page;
    }

    private static void Scribble(string path, long offset, int count)
    {
        var random = new byte[count];
        new Random(12).NextBytes(random);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Write);
        stream.Position = offset;
        stream.Write(random);
    }

    private static void Cut(string path, long length)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Write);
        stream.SetLength(length);
    }

    private static string Hash(string path) =>
        File.Exists(path) ? Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path))) + "/" + new FileInfo(path).Length : "missing";

    private static string ReadShared(string path)
    {
        using var reader = new StreamReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
        return reader.ReadToEnd();
    }
}
