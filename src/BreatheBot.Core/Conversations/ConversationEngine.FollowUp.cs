using BreatheBot.Core.Content;
using BreatheBot.Core.Episodes;
using BreatheBot.Core.Messaging;

using static BreatheBot.Core.Conversations.EpisodeLifecycle;
using static BreatheBot.Core.Conversations.PromptStamps;

namespace BreatheBot.Core.Conversations;

/// <summary>Wrap-up, follow-up (content.md §6) and what happens when a wake-up falls due.</summary>
public sealed partial class ConversationEngine
{
    private ConversationState WrapUp(Turn turn, Episode episode)
    {
        var delay = _kit.FollowUpDelay(turn);
        var due = turn.Now + delay;
        var completed = episode with { Status = EpisodeStatus.Completed, FollowUp = FollowUpStatus.Scheduled, FollowUpDueAt = due };
        turn.Say("episode.saved", Wording.Saved(delay));
        return new FollowUpPendingState { Episode = completed, WakeAt = due };
    }

    /// <summary>
    /// The follow-up's pain rating (content.md §6): still 7 or more, whether or not it rose, gets the same-day advice; an
    /// episode with a same-day flag is also asked whether they managed to speak to a doctor.
    /// </summary>
    private ConversationState OnFollowUpPain(Turn turn, Episode episode, int pain)
    {
        var followed = episode with { PainAtFollowUp = pain };
        if (pain >= 7)
        {
            turn.Say("follow-up.worse", Wording.SameDayAdviceAtFollowUp(_kit.Options.NonEmergencyLine));
        }

        return followed.RedFlagTier == RedFlagTier.SameDay
            ? _kit.Ask(turn, new DoctorCheckState { Episode = followed })
            : _kit.Ask(turn, new WhatHelpedState { Episode = followed });
    }

    /// <summary>
    /// "Did you manage to speak to a doctor?": recorded; "not yet" repeats the same-day advice, and for someone who
    /// ticked pregnancy or a recent birth (S2) also its own, more urgent advice (content.md §2).
    /// </summary>
    private ConversationState OnDoctorCheck(Turn turn, Episode episode, DoctorContact answer)
    {
        if (answer == DoctorContact.NotYet)
        {
            turn.Say("follow-up.same-day", Wording.SameDayAdviceAtFollowUp(_kit.Options.NonEmergencyLine));
            if (episode.RedFlags.Contains(RedFlags.Pregnancy))
            {
                turn.Say("follow-up.pregnancy", Wording.PregnancyAdvice(_kit.EmergencyNumbers(turn)));
            }
        }

        return _kit.Ask(turn, new WhatHelpedState { Episode = episode with { SpokeToDoctor = answer } });
    }

    private ConversationState OnTimer(Turn turn, ConversationState state, TimerFired timer)
    {
        switch (state)
        {
            case BreathingState breathing:
                return OnBreathingTimer(turn, breathing, timer);

            case MuscleState { Holding: true } muscle:
                return OnHoldTimer(turn, muscle, timer);

            case FollowUpPendingState pending:
                if (timer.At - timer.DueAt > _kit.Options.FollowUpAnswerWindow)
                {
                    // We were down for longer than the answer window: close it rather than ask about a long-gone headache.
                    turn.Say("follow-up.missed", Wording.FollowUpMissed);
                    EndEpisode(turn, pending.Episode, pending.Episode with { FollowUp = FollowUpStatus.Missed });
                    return new IdleState();
                }

                return _kit.Ask(turn, new PainState(PainMoment.FollowUp) { Episode = pending.Episode });

            case PainState { Moment: PainMoment.FollowUp } or WhatHelpedState or DoctorCheckState:
                var flow = (FlowState)state;
                turn.Say("follow-up.missed", Wording.FollowUpMissed);
                EndEpisode(turn, flow.Episode, flow.Episode with { FollowUp = flow.Episode.PainAtFollowUp is null ? FollowUpStatus.Missed : FollowUpStatus.Answered });
                return new IdleState();

            case RedFlagRecordState { Tier: RedFlagTier.Emergency } record:
                // The advice was given and logged; close quietly.
                EndEpisode(turn, record.Episode, record.Episode);
                return new IdleState();

            case FlowState stale:
                // An unanswered question past its timeout (also after downtime): close politely, keep what we have.
                turn.Say("expired", Wording.Expired);
                EndEpisode(turn, stale.Episode, stale.Episode with { Status = OpenOr(stale.Episode, EpisodeStatus.Expired) });
                return new IdleState();

            default:
                return state with { WakeAt = null };
        }
    }
}
