namespace BreatheBot.Core.Episodes;

/// <summary>
/// One headache episode as the diary keeps it (content.md §6). Immutable; the engine produces a changed copy per turn
/// and storage upserts it by <see cref="Id"/>.
/// </summary>
public sealed record Episode
{
    public required string Id { get; init; }

    /// <summary>The person, as "platform:user".</summary>
    public required string UserKey { get; init; }

    /// <summary>The conversation it happened in, as ConversationKey text.</summary>
    public required string ConversationKey { get; init; }

    public required EpisodeKind Kind { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    public EpisodeStatus Status { get; init; }

    /// <summary>The highest red-flag tier answered "yes", if any.</summary>
    public RedFlagTier? RedFlagTier { get; init; }

    /// <summary>Red-flag items recorded (E1..E7, S1..S8). Empty with a tier set means "one or more, not itemised".</summary>
    public IReadOnlyList<string> RedFlags { get; init; } = [];

    /// <summary>True when the emergency tier was answered "None of these".</summary>
    public bool EmergencyScreenClear { get; init; }

    /// <summary>True when the same-day tier was answered "None of these".</summary>
    public bool SameDayScreenClear { get; init; }

    /// <summary>True when the emergency tier was answered "Not sure" (then handled as a same-day flag).</summary>
    public bool EmergencyScreenNotSure { get; init; }

    /// <summary>True when the same-day tier was answered "Not sure" (handled as a same-day flag).</summary>
    public bool SameDayScreenNotSure { get; init; }

    /// <summary>/breathe answered "to practise": the warning-sign screens are skipped (and so is massage).</summary>
    public bool Practice { get; init; }

    /// <summary>
    /// The practice-only breath-hold question ("pregnant, heart or lung condition, panic attacks?"): null when not asked,
    /// true when answered yes (resonance only), false when answered no.
    /// </summary>
    public bool? HoldsCaution { get; init; }

    /// <summary>
    /// The screens allow breath-holds: both warning-sign tiers were answered "None of these", or in practice the
    /// breath-hold question was answered "No". Other rules (dizziness remembered in the profile) come on top.
    /// </summary>
    public bool ScreenAllowsHolds =>
        Practice ? HoldsCaution == false : EmergencyScreenClear && SameDayScreenClear && RedFlagTier is null;

    /// <summary>
    /// The screens allow massage: both warning-sign tiers were answered "None of these" in this episode (never in
    /// practice, which skips them). The contraindication check and the pause after an emergency come on top.
    /// </summary>
    public bool ScreenAllowsMassage => !Practice && EmergencyScreenClear && SameDayScreenClear && RedFlagTier is null;

    public int? PainBefore { get; init; }

    public int? PainAfterBreathing { get; init; }

    public int? PainAfterTriggerPoints { get; init; }

    public int? PainAtFollowUp { get; init; }

    public IReadOnlyList<PainLocation> Locations { get; init; } = [];

    public HeadacheCharacter? Character { get; init; }

    public IReadOnlyList<HeadacheFeature> Features { get; init; } = [];

    public IReadOnlyList<HeadacheTrigger> Triggers { get; init; } = [];

    /// <summary>Free text for "other" trigger. Private diary data: never shown in groups, never logged.</summary>
    public string? OtherTrigger { get; init; }

    public MedicationKind? Medication { get; init; }

    public MedicationTiming? MedicationTiming { get; init; }

    public IReadOnlyList<SelfCareStep> StepsDone { get; init; } = [];

    public BreathingPreset? BreathingPreset { get; init; }

    public int? BreathingSeconds { get; init; }

    public IReadOnlyList<Muscle> MusclesDone { get; init; } = [];

    public bool MassageContraindicated { get; init; }

    public FollowUpStatus FollowUp { get; init; }

    public DateTimeOffset? FollowUpDueAt { get; init; }

    public HelpedMost? HelpedMost { get; init; }

    /// <summary>True when the person tapped "I feel dizzy" during breathing (content.md §4): no massage in this episode.</summary>
    public bool DizzyDuringBreathing { get; init; }

    /// <summary>True when the person stopped the massage feeling dizzy, numb or worse (content.md §5): no more massage steps.</summary>
    public bool MassageStoppedUnwell { get; init; }

    /// <summary>The pre-massage "Are you over 65?" answer (asked only when the sternocleidomastoid would be offered); null when not asked.</summary>
    public bool? Over65 { get; init; }

    /// <summary>True when /points' features question was skipped: pressure is gentle and the steps optional (content.md §5).</summary>
    public bool FeaturesSkipped { get; init; }

    /// <summary>After a same-day flag, the follow-up's "Did you manage to speak to a doctor?" answer (content.md §6).</summary>
    public DoctorContact? SpokeToDoctor { get; init; }

    /// <summary>
    /// When the person said the headache had gone ("it's gone", or "It's gone" / pain 0 at a follow-up); null while it
    /// is still going, and in episodes written before end times existed (their duration is unknown, never guessed).
    /// </summary>
    public DateTimeOffset? EndedAt { get; init; }

    /// <summary>From the start to <see cref="EndedAt"/>; null without an end (or with an end before the start).</summary>
    public TimeSpan? Duration => EndedAt is { } ended && ended >= StartedAt ? ended - StartedAt : null;

    /// <summary>The medicine's name, as tapped or typed (trimmed, at most <see cref="Content.MedicineNames.MaxLength"/>). Private: never logged.</summary>
    public string? MedicationName { get; init; }

    /// <summary>The dose as typed (optional, at most <see cref="Content.MedicineNames.MaxDoseLength"/>). Private: never logged.</summary>
    public string? MedicationDose { get; init; }

    /// <summary>The follow-up's "Did the medicine help?" answer; null when not asked.</summary>
    public MedicationHelped? MedicationHelped { get; init; }

    /// <summary>
    /// Everything the follow-up's "What helped?" was answered with (several may be chosen). Episodes written before it
    /// existed have only <see cref="HelpedMost"/>; read <see cref="Helped"/> for both.
    /// </summary>
    public IReadOnlyList<HelpedMost> WhatHelped { get; init; } = [];

    /// <summary>What helped, from <see cref="WhatHelped"/>, or from the single <see cref="HelpedMost"/> of an older episode.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyList<HelpedMost> Helped => WhatHelped.Count > 0 ? WhatHelped : HelpedMost is { } one ? [one] : [];

    /// <summary>The longest note a person may keep with an episode, in characters.</summary>
    public const int NoteMaxLength = 500;

    /// <summary>
    /// The person's own free-text note (at most <see cref="NoteMaxLength"/> characters). Private diary data: never shown
    /// in groups, never logged.
    /// </summary>
    public string? Note { get; init; }

    /// <summary>
    /// True for an episode recorded afterwards with /log: no exercises and no screens were run, and its pain values were
    /// remembered, not measured live. Statistics that need live measurements leave it out.
    /// </summary>
    public bool LoggedAfterwards { get; init; }

    /// <summary>True when features like migraine were reported (throbbing, nausea, light/sound sensitivity, aura).</summary>
    public bool MigraineLikeFeatures =>
        Character == HeadacheCharacter.ThrobbingPulsing
        || Features.Contains(HeadacheFeature.Nausea)
        || Features.Contains(HeadacheFeature.LightOrSoundSensitivity)
        || Features.Contains(HeadacheFeature.Aura);
}
