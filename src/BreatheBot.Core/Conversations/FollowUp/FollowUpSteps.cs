namespace BreatheBot.Core.Conversations;

/// <summary>Which steps belong to an episode's follow-up check-in.</summary>
internal static class FollowUpSteps
{
    /// <summary>The steps of a follow-up check-in (waiting for it, or answering it): leaving them cancels the check-in.</summary>
    public static bool IsFollowUpStep(ConversationState state) =>
        state is FollowUpPendingState or WhatHelpedState or DoctorCheckState or PainState { Moment: PainMoment.FollowUp };
}
