using BreatheBot.Core.Content;
using BreatheBot.Core.Episodes;

using static BreatheBot.Core.Conversations.EpisodeLifecycle;

namespace BreatheBot.Core.Conversations;

/// <summary>Stop / cancel at any step, typed or as /stop: the flow ends and what was recorded is kept.</summary>
internal static class StopInterrupt
{
    public static ConversationState Stop(Turn turn, ConversationState state)
    {
        if (DiaryEntries.IsStep(state))
        {
            return DiaryEntries.Stop(turn, state);
        }

        if (state is not FlowState flow)
        {
            turn.Say("stop.nothing", Wording.NothingToStop);
            return new IdleState();
        }

        EndEpisode(turn, flow.Episode, FollowUpSteps.IsFollowUpStep(flow)
            ? FollowUpSteps.CancelFollowUp(flow.Episode)
            : flow.Episode with { Status = OpenOr(flow.Episode, EpisodeStatus.Stopped) });
        turn.Say("stopped", Wording.Stopped);
        return new IdleState();
    }

    public static bool IsStopWord(string text) =>
        TypedAnswer.Normalise(text) is "stop" or "cancel" or "quit" or "exit" or "stop it" or "stop please" or "please stop" or "cancel that" or "end";

    public static bool IsHelpWord(string text) =>
        TypedAnswer.Normalise(text) is "help" or "help please" or "please help" or "what can you do" || text.Trim() == "?";
}
