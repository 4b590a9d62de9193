using BreatheBot.Core.Conversations;
using BreatheBot.Core.Episodes;
using BreatheBot.Core.Storage;

namespace BreatheBot.Storage.Contract;

/// <summary>Conversations, episodes and profiles the contract writes.</summary>
internal static class StoreContractData
{
    public static readonly DateTimeOffset T0 = new(2026, 3, 10, 9, 0, 0, 123, TimeSpan.Zero);

    /// <summary>The episode a flow state carries (only its presence matters here).</summary>
    public static Episode Flow => Episode("flow", "telegram:1", T0);

    public static ConversationKey Chat(string user, string chat = "100") => ConversationKey.Private(Platform.Telegram, chat, user);

    public static StoredConversation Conversation(ConversationKey key, ConversationState? state = null, DateTimeOffset? at = null, params string[] recent) =>
        new(key, key.IsChannel ? ChatKind.Group : ChatKind.Private, state ?? new IdleState(), at ?? T0, recent);

    public static TurnCommit Turn(StoredConversation conversation, IReadOnlyList<Episode>? episodes = null, UserProfile? profile = null) =>
        new(conversation, episodes ?? [], profile);

    public static Episode Episode(string id, string userKey, DateTimeOffset startedAt) => new()
    {
        Id = id,
        UserKey = userKey,
        ConversationKey = $"{userKey.Replace(":", ":100:", StringComparison.Ordinal)}",
        Kind = EpisodeKind.Headache,
        StartedAt = startedAt,
        UpdatedAt = startedAt.AddMinutes(5),
        Status = EpisodeStatus.Completed,
        PainBefore = 6,
    };

    public static UserProfile Profile(string userKey) => new()
    {
        UserKey = userKey,
        FirstSeenAt = T0,
        DisclaimerShownAt = T0,
        TimeZoneId = "Europe/Berlin",
        PreferredPreset = BreathingPreset.Box,
        PreferredMinutes = 3,
        FollowUpDelayMinutes = 45,
        EmergencyNumbers = "112",
        BreathHoldsOff = true,
        HoldsCautionSeen = true,
        LastEmergencyFlagAt = T0.AddDays(-1),
    };

    /// <summary>Every field of an episode set (free text with quotes, a newline and an emoji), with UTC milliseconds.</summary>
    public static Episode FullEpisode() => new()
    {
        Id = "telegram-42-1",
        UserKey = "telegram:42",
        ConversationKey = "telegram:42:42",
        Kind = EpisodeKind.Headache,
        StartedAt = T0,
        UpdatedAt = T0.AddMinutes(20),
        Status = EpisodeStatus.Completed,
        RedFlagTier = RedFlagTier.SameDay,
        RedFlags = ["S2", "S5"],
        EmergencyScreenClear = true,
        SameDayScreenClear = false,
        PainBefore = 7,
        PainAfterBreathing = 5,
        PainAfterTriggerPoints = 4,
        PainAtFollowUp = 2,
        Locations = [PainLocation.BackOfHeadNeck, PainLocation.JawFace],
        Character = HeadacheCharacter.ThrobbingPulsing,
        Features = [HeadacheFeature.Nausea, HeadacheFeature.Aura],
        Triggers = [HeadacheTrigger.PoorSleep, HeadacheTrigger.Other],
        OtherTrigger = "  new pillow, \"firm\"\nand 🍷  ",
        Medication = MedicationKind.Triptan,
        MedicationTiming = MedicationTiming.OneToFourHours,
        StepsDone = [SelfCareStep.Breathing, SelfCareStep.TriggerPoints],
        BreathingPreset = BreathingPreset.Box,
        BreathingSeconds = 180,
        MusclesDone = [Muscle.Suboccipitals, Muscle.Masseter],
        MassageContraindicated = false,
        FollowUp = FollowUpStatus.Answered,
        FollowUpDueAt = T0.AddMinutes(50),
        HelpedMost = HelpedMost.PressurePoints,
        EmergencyScreenNotSure = true,
        SameDayScreenNotSure = true,
        HoldsCaution = true,
        DizzyDuringBreathing = true,
        MassageStoppedUnwell = true,
        Over65 = false,
        FeaturesSkipped = true,
        SpokeToDoctor = DoctorContact.NotNeeded,
    };
}
