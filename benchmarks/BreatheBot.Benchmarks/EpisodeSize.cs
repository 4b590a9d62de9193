using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using BreatheBot.Core.Episodes;
using BreatheBot.Storage.LiteDb;
using LiteDB;

namespace BreatheBot.Benchmarks;

/// <summary>Deterministic, realistic diary episodes: users × episodes each, spread over the past year.</summary>
internal static class EpisodeGenerator
{
    public static readonly DateTimeOffset Now = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);

    public static string UserKey(int user) => "telegram:" + (500_000_000 + user).ToString(CultureInfo.InvariantCulture);

    public static IEnumerable<Episode> Generate(int total, int users, int seed = 11)
    {
        var random = new Random(seed);
        var perUser = Math.Max(1, total / users);
        for (var i = 0; i < total; i++)
        {
            var user = i % users;
            var nth = i / users;
            var userId = (500_000_000 + user).ToString(CultureInfo.InvariantCulture);
            // Episode nth of this user: spread evenly over the year, newest last, with jitter.
            var started = Now - TimeSpan.FromDays(365.0 * (perUser - nth) / perUser) + TimeSpan.FromMinutes(random.Next(0, 600));
            var kind = (EpisodeKind)random.Next(3);
            var pain = random.Next(2, 10);
            var breathed = kind != EpisodeKind.PointsOnly && random.Next(4) > 0;
            var pointsDone = kind != EpisodeKind.BreathingOnly && random.Next(3) > 0;
            yield return new Episode
            {
                Id = $"telegram-{userId}-{started.ToUnixTimeMilliseconds()}",
                UserKey = "telegram:" + userId,
                ConversationKey = $"telegram:{userId}:{userId}",
                Kind = kind,
                StartedAt = started,
                UpdatedAt = started + TimeSpan.FromMinutes(random.Next(3, 40)),
                Status = random.Next(10) < 7 ? EpisodeStatus.Completed : (EpisodeStatus)random.Next(5),
                RedFlagTier = random.Next(50) == 0 ? RedFlagTier.SameDay : null,
                EmergencyScreenClear = true,
                SameDayScreenClear = random.Next(50) != 0,
                PainBefore = pain,
                PainAfterBreathing = breathed ? Math.Max(0, pain - random.Next(0, 4)) : null,
                PainAfterTriggerPoints = pointsDone ? Math.Max(0, pain - random.Next(0, 5)) : null,
                PainAtFollowUp = random.Next(2) == 0 ? Math.Max(0, pain - random.Next(0, 6)) : null,
                Locations = kind == EpisodeKind.Headache ? [.. Enumerable.Range(0, random.Next(1, 3)).Select(_ => (PainLocation)random.Next(6)).Distinct()] : [],
                Character = kind == EpisodeKind.Headache ? (HeadacheCharacter)random.Next(3) : null,
                Features = kind == EpisodeKind.Headache ? [.. Enumerable.Range(0, random.Next(0, 3)).Select(_ => (HeadacheFeature)random.Next(4)).Distinct()] : [],
                Triggers = kind == EpisodeKind.Headache ? [.. Enumerable.Range(0, random.Next(1, 3)).Select(_ => (HeadacheTrigger)random.Next(12)).Distinct()] : [],
                OtherTrigger = random.Next(15) == 0 ? "long meeting, no lunch" : null,
                Medication = kind == EpisodeKind.Headache ? (MedicationKind)random.Next(5) : null,
                MedicationTiming = kind == EpisodeKind.Headache && random.Next(2) == 0 ? (MedicationTiming)random.Next(3) : null,
                StepsDone = [.. new[] { breathed ? SelfCareStep.Breathing : (SelfCareStep?)null, pointsDone ? SelfCareStep.TriggerPoints : null }.OfType<SelfCareStep>()],
                BreathingPreset = breathed ? (BreathingPreset)random.Next(3) : null,
                BreathingSeconds = breathed ? random.Next(60, 300) : null,
                MusclesDone = pointsDone ? [.. Enumerable.Range(0, random.Next(1, 4)).Select(_ => (Muscle)random.Next(7)).Distinct()] : [],
                MassageContraindicated = false,
                FollowUp = (FollowUpStatus)random.Next(5),
                FollowUpDueAt = started + TimeSpan.FromMinutes(30),
                HelpedMost = random.Next(2) == 0 ? (HelpedMost)random.Next(5) : null,
            };
        }
    }

    /// <summary>
    /// Builds (or reuses) a diary file holding <paramref name="total"/> episodes of <paramref name="users"/> users, through
    /// the real DiaryDatabase (its indexes) and the store's BSON mapping, inserted with InsertBulk and checkpointed.
    /// </summary>
    public static (string Path, long RawBson, long GzipNdjson, TimeSpan Took, bool Reused) Build(RunSettings settings, int total, int users)
    {
        var path = Path.Combine(settings.WorkDirectory, $"episodes-{total}-{users}.db");
        var marker = path + ".complete";
        if (File.Exists(marker) && File.Exists(path) && !settings.Flag("fresh"))
        {
            var parts = File.ReadAllText(marker).Split(' ');
            return (path, long.Parse(parts[0], CultureInfo.InvariantCulture), long.Parse(parts[1], CultureInfo.InvariantCulture), TimeSpan.Zero, true);
        }

        File.Delete(path);
        File.Delete(StorageSupport.LogPath(path));
        File.Delete(marker);
        long raw = 0;
        var counting = new CountingStream();
        var started = Stopwatch.GetTimestamp();
        using (var gzip = new GZipStream(counting, CompressionLevel.Optimal, leaveOpen: true))
        using (var database = StorageSupport.Open(path))
        {
            var collection = database.Database.GetCollection(DiaryDatabase.Episodes);
            var batch = new List<BsonDocument>(10_000);
            foreach (var episode in Generate(total, users))
            {
                var document = StorageSupport.FromEpisode(episode);
                raw += BsonSerializer.Serialize(document).Length;
                gzip.Write(Encoding.UTF8.GetBytes(LiteDB.JsonSerializer.Serialize(document) + "\n"));
                batch.Add(document);
                if (batch.Count == batch.Capacity)
                {
                    collection.InsertBulk(batch);
                    batch.Clear();
                }
            }

            collection.InsertBulk(batch);
            database.Database.Checkpoint();
        }

        File.WriteAllText(marker, string.Create(CultureInfo.InvariantCulture, $"{raw} {counting.Length}"));
        return (path, raw, counting.Length, Stopwatch.GetElapsedTime(started), false);
    }

    private sealed class CountingStream : Stream
    {
        private long _length;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => _length;

        public override long Position { get => _length; set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => _length += count;

        public override void Write(ReadOnlySpan<byte> buffer) => _length += buffer.Length;
    }
}

/// <summary>B11: database bytes per 1M episodes (data file + log, after checkpoint) vs the raw BSON bytes of the same documents.</summary>
internal static class EpisodeSize
{
    public static void Run(RunSettings settings)
    {
        var total = settings.Int("n", 1_000_000, 100_000);
        var users = settings.Int("users", 10_000, 10_000);
        Console.WriteLine($"B11: DB size for {total:N0} episodes of {users:N0} users (DiaryDatabase: _id + user + startedAt indexes)");
        var built = EpisodeGenerator.Build(settings, total, users);
        var data = StorageSupport.FileSize(built.Path);
        var log = StorageSupport.FileSize(StorageSupport.LogPath(built.Path));
        var scale = 1_000_000.0 / total;
        var file = (data + log) * scale;
        var raw = built.RawBson * scale;
        var note = total == 1_000_000 ? string.Empty : $" (measured at {total:N0}, ×{Stats.F(scale, 1)})";
        Report.Add("B11", $"DB bytes per 1M episodes{note}", $"{Stats.Bytes(file)} (data {Stats.Bytes(data * scale)}, log {Stats.Bytes(log * scale)}); {Stats.F((data + log) / (double)total, 0)} B/episode",
            $"raw BSON {Stats.Bytes(raw)} ({Stats.F(built.RawBson / (double)total, 0)} B/episode); gzip NDJSON {Stats.Bytes(built.GzipNdjson * scale)}",
            Stats.Ratio(file / raw), "≤ 300 MB; file/raw ≤ 1.6", file <= 300_000_000 && file / raw <= 1.6);
        WhatIfWithoutNulls(settings, Math.Min(total, 200_000), users, file / 1_000_000.0);
        if (!built.Reused)
        {
            Report.Add("B11", $"bulk load of {total:N0} episodes (InsertBulk ×10k + checkpoint)", $"{Stats.F(built.Took.TotalSeconds, 1)} s ({Stats.F(total / built.Took.TotalSeconds, 0)} episodes/s, incl. BSON/gzip accounting)", "-", "-", "-", null);
        }
    }

    /// <summary>
    /// What-if, not the current mapping: the same documents without their null fields (the reader already treats a
    /// missing field as null), to size the easiest saving.
    /// </summary>
    private static void WhatIfWithoutNulls(RunSettings settings, int total, int users, double currentPerEpisode)
    {
        var folder = settings.NewDirectory("b11-whatif");
        var path = Path.Combine(folder, "no-nulls.db");
        long raw = 0;
        using (var database = StorageSupport.Open(path))
        {
            var collection = database.Database.GetCollection(DiaryDatabase.Episodes);
            var batch = new List<BsonDocument>(10_000);
            foreach (var episode in EpisodeGenerator.Generate(total, users))
            {
                var document = StorageSupport.FromEpisode(episode);
                foreach (var key in document.Keys.Where(k => document[k].IsNull).ToList())
                {
                    document.Remove(key);
                }

                raw += BsonSerializer.Serialize(document).Length;
                batch.Add(document);
                if (batch.Count == batch.Capacity)
                {
                    collection.InsertBulk(batch);
                    batch.Clear();
                }
            }

            collection.InsertBulk(batch);
            database.Database.Checkpoint();
        }

        var bytes = StorageSupport.FileSize(path) + StorageSupport.FileSize(StorageSupport.LogPath(path));
        var perEpisode = bytes / (double)total;
        Report.Add("B11", $"what-if: null fields omitted (measured at {total:N0})", $"{Stats.Bytes(perEpisode * 1_000_000)} per 1M ({Stats.F(perEpisode, 0)} B/episode)",
            $"raw BSON {Stats.F(raw / (double)total, 0)} B/episode", $"{Stats.Ratio(perEpisode / (raw / (double)total))} of raw; {Stats.Ratio(perEpisode / currentPerEpisode)} of current", "≤ 300 MB", null);
        Directory.Delete(folder, recursive: true);
    }
}
