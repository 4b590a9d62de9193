using BreatheBot.Core.Episodes;

namespace BreatheBot.Core.Conversations;

// The breathing steps. Their JSON names ("$step") are declared on ConversationState and never change.

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
