using BreatheBot.Core.Episodes;

namespace BreatheBot.Core.Conversations;

// The triage steps. Their JSON names ("$step") are declared on ConversationState and never change.

public sealed record ScreeningState(RedFlagTier Tier) : FlowState
{
    public override string StepName => Tier == RedFlagTier.Emergency ? "screen-emergency" : "screen-same-day";
}

/// <summary>After a "yes" to a red-flag tier: the advice is given; the person may itemise the flags for the diary.</summary>
public sealed record RedFlagRecordState(RedFlagTier Tier) : FlowState
{
    public override string StepName => Tier == RedFlagTier.Emergency ? "emergency-advice" : "same-day-advice";
}

/// <summary>
/// Within Conversation:MassagePauseAfterEmergency of an emergency flag, a new flow first repeats the advice and asks
/// "Have you got help?". <see cref="Kind"/> is the flow to start on "yes" (null: the menu).
/// </summary>
public sealed record EmergencyCheckState(EpisodeKind? Kind) : ConversationState
{
    public override string StepName => "emergency-check";
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
