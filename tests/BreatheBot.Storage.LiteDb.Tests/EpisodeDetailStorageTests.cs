using BreatheBot.Core.Conversations;
using BreatheBot.Core.Episodes;
using BreatheBot.Core.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using BreatheBot.Storage.LiteDb.Tests.Support;

namespace BreatheBot.Storage.LiteDb.Tests;

/// <summary>
/// Diary v2 fields (issue 14 items 3-5): the end time, the medicine's name, dose and whether it helped, and several
/// "what helped" answers are kept; episodes written before them still read, with no end and their one answer as a list.
/// </summary>
public sealed class EpisodeDetailStorageTests : IDisposable
{
    private readonly TempDatabase _temp = new();

    public void Dispose() => _temp.Dispose();

    private static Episode Detailed() => new()
    {
        Id = "telegram-7-2",
        UserKey = "telegram:7",
        ConversationKey = "telegram:7:7",
        Kind = EpisodeKind.Headache,
        StartedAt = new DateTimeOffset(2026, 3, 10, 9, 0, 0, TimeSpan.Zero),
        Status = EpisodeStatus.Completed,
        EmergencyScreenClear = true,
        SameDayScreenClear = true,
        Medication = MedicationKind.Triptan,
        MedicationName = "Sumatriptan",
        MedicationDose = "50 mg",
        MedicationHelped = MedicationHelped.ALittle,
        HelpedMost = HelpedMost.Breathing,
        WhatHelped = [HelpedMost.Breathing, HelpedMost.Rest],
        EndedAt = new DateTimeOffset(2026, 3, 10, 11, 40, 0, TimeSpan.Zero),
    };

    [Fact]
    public void The_end_time_medicine_detail_and_every_answer_to_what_helped_round_trip()
    {
        var read = Documents.ToEpisode(Documents.FromEpisode(Detailed()));

        Assert.Equal(new DateTimeOffset(2026, 3, 10, 11, 40, 0, TimeSpan.Zero), read.EndedAt);
        Assert.Equal(TimeSpan.FromMinutes(160), read.Duration);
        Assert.Equal("Sumatriptan", read.MedicationName);
        Assert.Equal("50 mg", read.MedicationDose);
        Assert.Equal(MedicationHelped.ALittle, read.MedicationHelped);
        Assert.Equal([HelpedMost.Breathing, HelpedMost.Rest], read.WhatHelped);
        Assert.Equal(HelpedMost.Breathing, read.HelpedMost);
    }

    [Fact]
    public void An_episode_written_with_one_helped_most_answer_reads_it_as_a_list_of_one_and_has_no_end()
    {
        var document = Documents.FromEpisode(Detailed() with { HelpedMost = HelpedMost.PressurePoints });
        foreach (var key in new[] { "endedAt", "medicationName", "medicationDose", "medicationHelped", "whatHelped" })
        {
            Assert.True(document.Remove(key));
        }

        var read = Documents.ToEpisode(document);

        Assert.Equal([HelpedMost.PressurePoints], read.WhatHelped);
        Assert.Equal([HelpedMost.PressurePoints], read.Helped);
        Assert.Null(read.EndedAt);
        Assert.Null(read.Duration);
        Assert.Null(read.MedicationName);
        Assert.Null(read.MedicationDose);
        Assert.Null(read.MedicationHelped);
        Assert.Equal(MedicationKind.Triptan, read.Medication);
    }

    [Fact]
    public async Task The_old_format_fixture_loads_with_no_end_no_medicine_name_and_no_wrong_duration()
    {
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Fixtures", "diary-v0-1369389.db"), _temp.Path);
        using var db = _temp.Open();
        var history = await new LiteDbEpisodeStore(db).ListByUserAsync("terminal:local", 0, 10, default);

        Assert.Equal(2, history.Count);
        Assert.All(history, e =>
        {
            Assert.Null(e.EndedAt);
            Assert.Null(e.Duration);
            Assert.Null(e.MedicationName);
            Assert.Null(e.MedicationDose);
            Assert.Null(e.MedicationHelped);
            Assert.Equal(e.HelpedMost is { } one ? [one] : [], e.WhatHelped);
        });
        Assert.Equal(MedicationKind.SimplePainkiller, history.Single(e => e.RedFlagTier is null).Medication);
    }

    [Fact]
    public async Task An_old_stored_episode_with_a_single_helped_most_loads_from_the_file_and_saves_back_with_both_fields()
    {
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Fixtures", "diary-v0-1369389.db"), _temp.Path);
        using (var db = _temp.Open())
        {
            // The v0 release stored "helpedMost" alone; give the fixture's completed episode one, as that release would.
            var collection = db.Database.GetCollection(DiaryDatabase.Episodes);
            var raw = collection.FindAll().Single(d => d["user"].AsString == "terminal:local" && d["redFlagTier"].IsNull);
            Assert.False(raw.ContainsKey("whatHelped"));
            raw["helpedMost"] = "Rest";
            collection.Update(raw);
        }

        using var reopened = _temp.Open();
        var store = new LiteDbEpisodeStore(reopened);
        var old = (await store.ListByUserAsync("terminal:local", 0, 10, default)).Single(e => e.RedFlagTier is null);
        Assert.Equal([HelpedMost.Rest], old.WhatHelped);

        var conversations = new LiteDbConversationStore(reopened, NullLogger<LiteDbConversationStore>.Instance);
        var local = (await conversations.LoadAsync(ConversationKey.Private(Platform.Terminal, "local", "local"), default))!;
        await conversations.CommitAsync(new TurnCommit(local, [old with { WhatHelped = [HelpedMost.Rest, HelpedMost.Medication] }], null), default);
        var saved = reopened.Database.GetCollection(DiaryDatabase.Episodes).FindById(old.Id);
        Assert.Equal("Rest", saved["helpedMost"].AsString);
        Assert.Equal(2, saved["whatHelped"].AsArray.Count);
    }
}
