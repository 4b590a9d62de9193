using System.Text.Json.Serialization;
using BreatheBot.Core.Episodes;

namespace BreatheBot.Core.Conversations;

/// <summary>Which pain rating a <see cref="PainState"/> asks for.</summary>
public enum PainMoment
{
    Before = 0,
    AfterBreathing = 1,
    AfterTriggerPoints = 2,
    FollowUp = 3,
}

/// <summary>
/// Where a conversation stands: one immutable record per step. <see cref="WakeAt"/> is the single wake-up the
/// step is waiting for (a pacer phase, a hold tick, a follow-up, or the expiry of an unanswered question).
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "$step")]
[JsonDerivedType(typeof(IdleState), "idle")]
[JsonDerivedType(typeof(ScreeningState), "screening")]
[JsonDerivedType(typeof(RedFlagRecordState), "red-flag-record")]
[JsonDerivedType(typeof(BreathePurposeState), "breathe-purpose")]
[JsonDerivedType(typeof(HoldsCautionState), "holds-caution")]
[JsonDerivedType(typeof(EmergencyCheckState), "emergency-check")]
[JsonDerivedType(typeof(PainState), "pain")]
[JsonDerivedType(typeof(LocationState), "location")]
[JsonDerivedType(typeof(CharacterState), "character")]
[JsonDerivedType(typeof(FeaturesState), "features")]
[JsonDerivedType(typeof(TriggersState), "triggers")]
[JsonDerivedType(typeof(OtherTriggerState), "other-trigger")]
[JsonDerivedType(typeof(MedicationState), "medication")]
[JsonDerivedType(typeof(MedicationTimingState), "medication-timing")]
[JsonDerivedType(typeof(BreathingPresetState), "breathing-preset")]
[JsonDerivedType(typeof(BreathingLengthState), "breathing-length")]
[JsonDerivedType(typeof(BreathingState), "breathing")]
[JsonDerivedType(typeof(PacerStalledState), "pacer-stalled")]
[JsonDerivedType(typeof(OfferPointsState), "offer-points")]
[JsonDerivedType(typeof(ContraindicationState), "contraindications")]
[JsonDerivedType(typeof(MuscleState), "muscle")]
[JsonDerivedType(typeof(FollowUpPendingState), "follow-up-pending")]
[JsonDerivedType(typeof(WhatHelpedState), "what-helped")]
[JsonDerivedType(typeof(Channels.ChannelState), "channel")]
[JsonDerivedType(typeof(ConfirmForgetState), "confirm-forget")]
[JsonDerivedType(typeof(SettingsState), "settings")]
[JsonDerivedType(typeof(Safety.SignCheckState), "sign-check")]
[JsonDerivedType(typeof(Over65State), "over-65")]
[JsonDerivedType(typeof(DoctorCheckState), "doctor-check")]
[JsonDerivedType(typeof(Diary.LogEntryState), "log-entry")]
[JsonDerivedType(typeof(Diary.EditEntryState), "edit-entry")]
[JsonDerivedType(typeof(Diary.ConfirmDeleteEntryState), "confirm-delete-entry")]
public abstract record ConversationState
{
    public DateTimeOffset? WakeAt { get; init; }

    /// <summary>
    /// The number of the question on screen: it changes when a step or an episode begins or ends, or when the step moves
    /// on with a new message with buttons (a repeated question keeps its number). Buttons carry it (<see cref="Messaging.ReplyChoice.PromptId"/>), so a press on an older
    /// message is told apart from one on the current question. 0 for a state stored before stamps existed.
    /// </summary>
    public int PromptId { get; init; }

    /// <summary>A short, stable name of the step, for logs and metrics (never user data).</summary>
    [JsonIgnore]
    public abstract string StepName { get; }
}

/// <summary>Nothing in progress.</summary>
public sealed record IdleState : ConversationState
{
    public override string StepName => "idle";
}

/// <summary>A step of a personal flow; carries the episode being recorded.</summary>
public abstract record FlowState : ConversationState
{
    public required Episode Episode { get; init; }
}

public sealed record ScreeningState(RedFlagTier Tier) : FlowState
{
    public override string StepName => Tier == RedFlagTier.Emergency ? "screen-emergency" : "screen-same-day";
}

/// <summary>After a "yes" to a red-flag tier: the advice is given; the person may itemise the flags for the diary.</summary>
public sealed record RedFlagRecordState(RedFlagTier Tier) : FlowState
{
    public override string StepName => Tier == RedFlagTier.Emergency ? "emergency-advice" : "same-day-advice";
}

/// <summary>/breathe: "Is this for a headache now, or to practise?" (a headache runs both screens).</summary>
public sealed record BreathePurposeState : FlowState
{
    public override string StepName => "breathe-purpose";
}

/// <summary>Practice only, before any preset with breath-holds: "pregnant, heart or lung condition, panic attacks?"</summary>
public sealed record HoldsCautionState : FlowState
{
    public override string StepName => "holds-caution";
}

/// <summary>
/// Within Conversation:MassagePauseAfterEmergency of an emergency flag, a new flow first repeats the advice and asks
/// "Have you got help?". <see cref="Kind"/> is the flow to start on "yes" (null: the menu).
/// </summary>
public sealed record EmergencyCheckState(EpisodeKind? Kind) : ConversationState
{
    public override string StepName => "emergency-check";
}

public sealed record PainState(PainMoment Moment) : FlowState
{
    public override string StepName => "pain-" + Moment.ToString().ToLowerInvariant();
}

public sealed record LocationState(IReadOnlyList<PainLocation> Selected) : FlowState
{
    public override string StepName => "location";
}

public sealed record CharacterState : FlowState
{
    public override string StepName => "character";
}

public sealed record FeaturesState(IReadOnlyList<HeadacheFeature> Selected) : FlowState
{
    public override string StepName => "features";
}

public sealed record TriggersState(IReadOnlyList<HeadacheTrigger> Selected) : FlowState
{
    public override string StepName => "triggers";
}

public sealed record OtherTriggerState : FlowState
{
    public override string StepName => "other-trigger";
}

public sealed record MedicationState : FlowState
{
    public override string StepName => "medication";
}

public sealed record MedicationTimingState : FlowState
{
    public override string StepName => "medication-timing";
}

public sealed record BreathingPresetState : FlowState
{
    public override string StepName => "breathing-preset";
}

public sealed record BreathingLengthState(BreathingPreset Preset) : FlowState
{
    public override string StepName => "breathing-length";
}

/// <summary>The pacer: <see cref="Cycle"/> is 1-based, <see cref="Phase"/> indexes the preset's phases.</summary>
public sealed record BreathingState(BreathingPreset Preset, int TotalCycles, int Cycle, int Phase, DateTimeOffset StartedAt) : FlowState
{
    public override string StepName => "breathing";
}

public sealed record PacerStalledState(BreathingPreset Preset, int TotalCycles) : FlowState
{
    public override string StepName => "pacer-stalled";
}

public sealed record OfferPointsState : FlowState
{
    public override string StepName => "offer-points";
}

public sealed record ContraindicationState : FlowState
{
    public override string StepName => "contraindications";
}

/// <summary>Before a routine with the sternocleidomastoid: "Are you over 65?" (over 65 it is left out; content.md §5).</summary>
public sealed record Over65State : FlowState
{
    public override string StepName => "over-65";
}

/// <summary>A trigger-point step: muscle <see cref="Index"/> of <see cref="Muscles"/>, side 1 or 2, holding or not.</summary>
public sealed record MuscleState(IReadOnlyList<Muscle> Muscles, int Index, int Side, bool Gentle, DateTimeOffset? HoldEndsAt) : FlowState
{
    public bool Holding => HoldEndsAt is not null;

    public override string StepName => Holding ? "muscle-hold" : "muscle";
}

public sealed record FollowUpPendingState : FlowState
{
    public override string StepName => "follow-up-pending";
}

/// <summary>The follow-up of an episode with a same-day flag: "Did you manage to speak to a doctor?" (content.md §6).</summary>
public sealed record DoctorCheckState : FlowState
{
    public override string StepName => "doctor-check";
}

public sealed record WhatHelpedState : FlowState
{
    public override string StepName => "what-helped";
}


/// <summary>/forget asked: waiting for the person to confirm deleting everything.</summary>
public sealed record ConfirmForgetState : ConversationState
{
    public override string StepName => "confirm-forget";
}

/// <summary>Which personal setting is being changed.</summary>
public enum SettingItem
{
    Menu = 0,
    TimeZone = 1,
    BreathingPreset = 2,
    BreathingLength = 3,
    FollowUpDelay = 4,
    EmergencyNumbers = 5,
    BreathHolds = 6,
}

/// <summary>/settings: the summary (Menu) or one item being changed.</summary>
public sealed record SettingsState(SettingItem Item) : ConversationState
{
    public override string StepName => "settings-" + Item.ToString().ToLowerInvariant();
}
