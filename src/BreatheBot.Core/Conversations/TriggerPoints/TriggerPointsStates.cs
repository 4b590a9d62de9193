using BreatheBot.Core.Episodes;

namespace BreatheBot.Core.Conversations;

// The trigger-point steps. Their JSON names ("$step") are declared on ConversationState and never change.

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
