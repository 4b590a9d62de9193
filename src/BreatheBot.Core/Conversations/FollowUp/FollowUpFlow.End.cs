using BreatheBot.Core.Content;
using BreatheBot.Core.Episodes;
using BreatheBot.Core.Insights;

using static BreatheBot.Core.Conversations.EpisodeLifecycle;

namespace BreatheBot.Core.Conversations;

/// <summary>
/// The end of a live episode (issue 14 item 3): 0 or "it's gone" at the follow-up, "it's gone" typed at any time, or
/// "It's gone" at the later check that a follow-up still finding the headache schedules.
/// </summary>
internal sealed partial class FollowUpFlow
{
    /// <summary>How long after a follow-up that found the headache still there the later check asks whether it has gone.</summary>
    public static readonly TimeSpan LaterCheckAfter = TimeSpan.FromHours(2);

    /// <summary>How long after its start an episode without an end can still be ended by a typed "it's gone" (ICHD-3: up to 72 h).</summary>
    public static readonly TimeSpan OpenEpisodeWindow = TimeSpan.FromHours(72);

    /// <summary>
    /// "it's gone" typed at any step (the router checks it after the warning signs, stop and help): the live episode
    /// ends now. On a warning-sign screen or its advice it is an ordinary answer (null: the step handles it); in a flow
    /// the follow-up questions come now; with nothing running, the newest open headache in the diary is ended, or a
    /// friendly word when there is none.
    /// </summary>
    public ConversationState? ItsGone(Turn turn, ConversationState state)
    {
        switch (state)
        {
            case ScreeningState or RedFlagRecordState or BreathePurposeState or HoldsCautionState or EmergencyCheckState:
                return null;

            case FollowUpPendingState { EndCheck: true } or EndCheckState:
                var checking = (FlowState)state;
                EndEpisode(turn, checking.Episode, Ended(turn, checking.Episode));
                return new IdleState();

            case FollowUpPendingState or PainState { Moment: PainMoment.FollowUp }:
                var pending = (FlowState)state;
                return FollowUpQuestions(turn, Ended(turn, pending.Episode with { PainAtFollowUp = 0 }));

            case WhatHelpedState or DoctorCheckState or MedicationHelpedState:
                var answering = (FlowState)state;
                if (answering.Episode.EndedAt is not null)
                {
                    return _kit.Reask(turn, state);
                }

                var updated = answering with { Episode = Ended(turn, answering.Episode) };
                _kit.Router.Prompt(turn, updated);
                return updated;

            case FlowState { Episode.Practice: true }:
                turn.Say("episode.gone-none", EpisodeDetailWording.GoneNothingOpen);
                return _kit.Reask(turn, state);

            case FlowState running:
                // Mid-triage or mid-exercise: nothing more to do for a headache that has gone but ask what helped.
                return FollowUpQuestions(turn, Ended(turn, running.Episode with { Status = EpisodeStatus.Completed }));

            default:
                if (OpenEpisode(turn) is not { } open)
                {
                    turn.Say("episode.gone-none", EpisodeDetailWording.GoneNothingOpen);
                    return state;
                }

                turn.Save(Ended(turn, open));
                return state;
        }
    }

    /// <summary>The later check: "It's gone" ends the episode now; "Still there" leaves it open for a typed "it's gone".</summary>
    private static ConversationState OnEndCheck(Turn turn, Episode episode, bool gone)
    {
        if (gone)
        {
            EndEpisode(turn, episode, Ended(turn, episode));
        }
        else
        {
            turn.Say("follow-up.still-there", EpisodeDetailWording.StillThereNoted);
        }

        return new IdleState();
    }

    /// <summary>Records the end now, and says so (with how long it lasted).</summary>
    private static Episode Ended(Turn turn, Episode episode)
    {
        var ended = episode with { EndedAt = turn.Now };
        turn.Say("episode.gone", ended.Duration is { } lasted ? EpisodeDetailWording.GoneWithDuration(lasted) : EpisodeDetailWording.GoneNoted);
        return ended;
    }

    /// <summary>The newest episode in the diary that is a headache still going: not ended, not practice, not an emergency, recent.</summary>
    private static Episode? OpenEpisode(Turn turn)
    {
        Episode? newest = null;
        foreach (var e in turn.Diary)
        {
            if (e.EndedAt is null && !e.Practice && IsWorthKeeping(e) && e.RedFlagTier != RedFlagTier.Emergency
                && e.Status != EpisodeStatus.EmergencyAdvice && DiaryStatistics.IsHeadache(e)
                && e.StartedAt <= turn.Now && turn.Now - e.StartedAt <= OpenEpisodeWindow
                && (newest is null || e.StartedAt > newest.StartedAt))
            {
                newest = e;
            }
        }

        return newest;
    }
}
