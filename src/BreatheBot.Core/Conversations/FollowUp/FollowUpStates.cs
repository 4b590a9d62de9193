using BreatheBot.Core.Episodes;

namespace BreatheBot.Core.Conversations;

// The follow-up's steps. Their JSON names ("$step") are declared on ConversationState and never change.

public sealed record FollowUpPendingState : FlowState
{
    /// <summary>
    /// The later check after a follow-up that found the headache still there: it asks "has the headache gone?" instead
    /// of the pain question (the follow-up itself is answered). False in states stored before it existed.
    /// </summary>
    public bool EndCheck { get; init; }

    public override string StepName => "follow-up-pending";
}

/// <summary>The follow-up of an episode with a same-day flag: "Did you manage to speak to a doctor?" (content.md §6).</summary>
public sealed record DoctorCheckState : FlowState
{
    public override string StepName => "doctor-check";
}

/// <summary>"What helped?": several answers, ticked one by one then Done, or typed as a list.</summary>
public sealed record WhatHelpedState : FlowState
{
    /// <summary>The answers ticked so far (empty in states stored before several answers existed).</summary>
    public IReadOnlyList<HelpedMost> Selected { get; init; } = [];

    public override string StepName => "what-helped";
}

/// <summary>At the follow-up of an episode with a medicine: "Did the medicine help?" (Yes / A little / No).</summary>
public sealed record MedicationHelpedState : FlowState
{
    public override string StepName => "medication-helped";
}

/// <summary>The later check after a follow-up that found the headache still there: "has the headache gone?".</summary>
public sealed record EndCheckState : FlowState
{
    public override string StepName => "end-check";
}
