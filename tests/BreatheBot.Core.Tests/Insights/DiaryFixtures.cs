using BreatheBot.Core.Episodes;

namespace BreatheBot.Core.Tests.Insights;

internal static class DiaryFixtures
{
    public static readonly DateTimeOffset Now = new(2026, 3, 31, 12, 0, 0, TimeSpan.Zero);

    public static Episode Episode(int daysAgo, int? before = null, int? afterBreathing = null, int? afterPoints = null, int? followUp = null,
        MedicationKind? medication = null, SelfCareStep[]? steps = null, HeadacheTrigger[]? triggers = null, Muscle[]? muscles = null,
        string user = "telegram:1", EpisodeKind kind = EpisodeKind.Headache, double hour = 0) => new()
    {
        Id = $"{user}-{daysAgo}-{hour}",
        UserKey = user,
        ConversationKey = "telegram:1:1",
        Kind = kind,
        StartedAt = Now - TimeSpan.FromDays(daysAgo) + TimeSpan.FromHours(hour),
        Status = EpisodeStatus.Completed,
        EmergencyScreenClear = true,
        PainBefore = before,
        PainAfterBreathing = afterBreathing,
        PainAfterTriggerPoints = afterPoints,
        PainAtFollowUp = followUp,
        Medication = medication,
        StepsDone = steps ?? [],
        Triggers = triggers ?? [],
        MusclesDone = muscles ?? [],
    };
}
