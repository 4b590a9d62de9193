using BreatheBot.Core.Episodes;
using BreatheBot.Storage.LiteDb;

namespace BreatheBot.Storage.LiteDb.Tests;

/// <summary>The diary keeps the v2 screen answers (Not sure, practice, the breath-hold question), and episodes written before them still read.</summary>
public sealed class SafetyAnswersStorageTests
{
    private static Episode Answered() => new()
    {
        Id = "telegram-7-1",
        UserKey = "telegram:7",
        ConversationKey = "telegram:7:7",
        Kind = EpisodeKind.BreathingOnly,
        StartedAt = new DateTimeOffset(2026, 3, 10, 9, 0, 0, TimeSpan.Zero),
        Status = EpisodeStatus.Completed,
        RedFlagTier = RedFlagTier.SameDay,
        RedFlags = ["E7", "S8"],
        EmergencyScreenNotSure = true,
        SameDayScreenNotSure = true,
        Practice = true,
        HoldsCaution = false,
    };

    [Fact]
    public void The_new_answers_round_trip()
    {
        var read = Documents.ToEpisode(Documents.FromEpisode(Answered()));
        Assert.True(read.EmergencyScreenNotSure);
        Assert.True(read.SameDayScreenNotSure);
        Assert.True(read.Practice);
        Assert.False(read.HoldsCaution);
        Assert.Equal(["E7", "S8"], read.RedFlags);
    }

    [Fact]
    public void An_episode_written_before_the_v2_answers_still_reads_with_them_unanswered()
    {
        var document = Documents.FromEpisode(Answered() with { RedFlags = ["E4", "S2"] });
        foreach (var key in new[] { "emergencyNotSure", "sameDayNotSure", "practice", "holdsCaution" })
        {
            Assert.True(document.Remove(key));
        }

        var read = Documents.ToEpisode(document);
        Assert.False(read.EmergencyScreenNotSure);
        Assert.False(read.SameDayScreenNotSure);
        Assert.False(read.Practice);
        Assert.Null(read.HoldsCaution);
        Assert.Equal(["E4", "S2"], read.RedFlags);
    }
}
