using BreatheBot.Core.Episodes;

namespace BreatheBot.Core.Conversations;

/// <summary>Which steps belong to an episode's follow-up check-in.</summary>
internal static class FollowUpSteps
{
    /// <summary>The steps of a follow-up check-in (waiting for it, or answering it): leaving them cancels the check-in.</summary>
    public static bool IsFollowUpStep(ConversationState state) =>
        state is FollowUpPendingState or WhatHelpedState or DoctorCheckState or PainState { Moment: PainMoment.FollowUp }
            or MedicationHelpedState or EndCheckState;

    /// <summary>
    /// Leaving a follow-up step cancels the check-in, unless it was answered already (the later "has it gone?" check
    /// comes after an answered follow-up, which stays answered).
    /// </summary>
    public static Episode CancelFollowUp(Episode episode) =>
        episode.FollowUp == FollowUpStatus.Answered ? episode : episode with { FollowUp = FollowUpStatus.Cancelled };
}
