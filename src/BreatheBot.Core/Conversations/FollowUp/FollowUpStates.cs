namespace BreatheBot.Core.Conversations;

// The follow-up's steps. Their JSON names ("$step") are declared on ConversationState and never change.

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
