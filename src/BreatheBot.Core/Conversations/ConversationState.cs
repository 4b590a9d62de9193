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
/// Each feature's steps live in its folder (Triage/TriageStates.cs, Breathing/BreathingStates.cs, …); their JSON names
/// ("$step") are all declared here and never change, so stored states keep loading. A new step adds its line here.
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
[JsonDerivedType(typeof(MedicationNameState), "medication-name")]
[JsonDerivedType(typeof(MedicationDoseState), "medication-dose")]
[JsonDerivedType(typeof(MedicationHelpedState), "medication-helped")]
[JsonDerivedType(typeof(EndCheckState), "end-check")]
[JsonDerivedType(typeof(LogEntryState), "log-entry")]
[JsonDerivedType(typeof(EditEntryState), "edit-entry")]
[JsonDerivedType(typeof(ConfirmDeleteEntryState), "confirm-delete-entry")]
[JsonDerivedType(typeof(CheckInState), "check-in")]
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

public sealed record PainState(PainMoment Moment) : FlowState
{
    public override string StepName => "pain-" + Moment.ToString().ToLowerInvariant();
}
