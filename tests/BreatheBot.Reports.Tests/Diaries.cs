using BreatheBot.Core.Episodes;
using BreatheBot.Core.Insights;

namespace BreatheBot.Reports.Tests;

/// <summary>Diaries to report on, around a fixed "now" (31 Mar 2026, 12:00 UTC).</summary>
internal static class Diaries
{
    public static readonly DateTimeOffset Now = new(2026, 3, 31, 12, 0, 0, TimeSpan.Zero);

    public static readonly UserProfile Berlin = new() { UserKey = "telegram:1", FirstSeenAt = Now.AddYears(-1), TimeZoneId = "Europe/Berlin" };

    public static Episode Episode(DateTimeOffset at, int? before = null, int? afterBreathing = null, int? afterPoints = null, int? followUp = null,
        MedicationKind? medication = null, HeadacheTrigger[]? triggers = null, HelpedMost? helped = null,
        RedFlagTier? tier = null, string[]? flags = null) => new()
    {
        Id = "e-" + at.ToUnixTimeSeconds(),
        UserKey = "telegram:1",
        ConversationKey = "telegram:1:1",
        Kind = EpisodeKind.Headache,
        StartedAt = at,
        Status = EpisodeStatus.Completed,
        EmergencyScreenClear = tier is null,
        SameDayScreenClear = tier is null,
        PainBefore = before,
        PainAfterBreathing = afterBreathing,
        PainAfterTriggerPoints = afterPoints,
        PainAtFollowUp = followUp,
        Medication = medication,
        Triggers = triggers ?? [],
        HelpedMost = helped,
        RedFlagTier = tier,
        RedFlags = flags ?? [],
        StepsDone = afterBreathing is null ? [] : [SelfCareStep.Breathing],
    };

    /// <summary>
    /// Three months: February with 12 triptan days (over the 10-day threshold), March with 4 paracetamol days and one
    /// episode with warning signs; pain, what helped and triggers on every episode.
    /// </summary>
    public static IReadOnlyList<Episode> ThreeMonths()
    {
        var diary = new List<Episode>();
        for (var day = 1; day <= 12; day++)
        {
            diary.Add(Episode(new DateTimeOffset(2026, 2, day, 8, 0, 0, TimeSpan.Zero), before: 7, afterBreathing: 5, followUp: 3,
                medication: MedicationKind.Triptan, triggers: [HeadacheTrigger.PoorSleep], helped: HelpedMost.Medication));
        }

        for (var day = 2; day <= 5; day++)
        {
            diary.Add(Episode(new DateTimeOffset(2026, 3, day, 17, 30, 0, TimeSpan.Zero), before: 5, afterBreathing: 2,
                medication: MedicationKind.SimplePainkiller, triggers: [HeadacheTrigger.StressDeskWork, HeadacheTrigger.PoorSleep], helped: HelpedMost.Breathing));
        }

        diary.Add(Episode(new DateTimeOffset(2026, 3, 20, 23, 30, 0, TimeSpan.Zero), before: 9, tier: RedFlagTier.Emergency, flags: ["E3", "E5"]));
        return diary;
    }

    public static DiaryReport Report(IReadOnlyList<Episode>? diary = null, StatsWindow window = StatsWindow.Last90Days, UserProfile? profile = null) =>
        DiaryReport.Build(diary ?? ThreeMonths(), profile ?? Berlin, window, Now);
}
