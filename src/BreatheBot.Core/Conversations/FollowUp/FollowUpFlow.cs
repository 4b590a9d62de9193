using BreatheBot.Core.Content;
using BreatheBot.Core.Episodes;
using BreatheBot.Core.Messaging;

using static BreatheBot.Core.Conversations.EpisodeLifecycle;

namespace BreatheBot.Core.Conversations;

/// <summary>
/// Wrap-up and the follow-up check-in (content.md §6): owns <see cref="FollowUpPendingState"/>,
/// <see cref="DoctorCheckState"/>, <see cref="WhatHelpedState"/> and the follow-up pain rating.
/// </summary>
internal sealed class FollowUpFlow(StepKit kit)
{
    private readonly StepKit _kit = kit;

    /// <summary>The episode is done: it is saved, and the follow-up is scheduled.</summary>
    public ConversationState WrapUp(Turn turn, Episode episode)
    {
        var delay = _kit.FollowUpDelay(turn);
        var due = turn.Now + delay;
        var completed = episode with { Status = EpisodeStatus.Completed, FollowUp = FollowUpStatus.Scheduled, FollowUpDueAt = due };
        turn.Say("episode.saved", Wording.Saved(delay));
        return new FollowUpPendingState { Episode = completed, WakeAt = due };
    }

    public static Question? QuestionFor(FlowState step) => step switch
    {
        WhatHelpedState => Questions.WhatHelped,
        DoctorCheckState => Questions.DoctorCheck,
        _ => null,
    };

    public ConversationState OnChoice(Turn turn, FlowState step, string choiceId)
    {
        var episode = step.Episode;
        var value = QuestionAnswers.ParseValue(choiceId);
        switch (step)
        {
            case DoctorCheckState:
                return OnDoctorCheck(turn, episode, (DoctorContact)value!.Value);

            case WhatHelpedState:
                turn.Say("follow-up.thanks", Wording.FollowUpThanks);
                EndEpisode(turn, episode, episode with { HelpedMost = (HelpedMost)value!.Value, FollowUp = FollowUpStatus.Answered });
                return new IdleState();

            default:
                return _kit.Reask(turn, step);
        }
    }

    /// <summary>
    /// The follow-up's pain rating (content.md §6): still 7 or more, whether or not it rose, gets the same-day advice; an
    /// episode with a same-day flag is also asked whether they managed to speak to a doctor.
    /// </summary>
    public ConversationState OnPain(Turn turn, Episode episode, int pain)
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

    /// <summary>The follow-up falls due, or its questions go unanswered (see <see cref="FollowUpSteps.IsFollowUpStep"/>).</summary>
    public ConversationState OnTimer(Turn turn, FlowState state, TimerFired timer)
    {
        if (state is FollowUpPendingState pending)
        {
            if (timer.At - timer.DueAt > _kit.Options.FollowUpAnswerWindow)
            {
                // We were down for longer than the answer window: close it rather than ask about a long-gone headache.
                turn.Say("follow-up.missed", Wording.FollowUpMissed);
                EndEpisode(turn, pending.Episode, pending.Episode with { FollowUp = FollowUpStatus.Missed });
                return new IdleState();
            }

            return _kit.Ask(turn, new PainState(PainMoment.FollowUp) { Episode = pending.Episode });
        }

        turn.Say("follow-up.missed", Wording.FollowUpMissed);
        EndEpisode(turn, state.Episode, state.Episode with { FollowUp = state.Episode.PainAtFollowUp is null ? FollowUpStatus.Missed : FollowUpStatus.Answered });
        return new IdleState();
    }

    /// <summary>The follow-up's questions, built once.</summary>
    private static class Questions
    {
        public static readonly Question DoctorCheck = new("dr", "follow-up.doctor", Wording.DoctorCheck, QuestionKind.Single,
            [.. Enum.GetValues<DoctorContact>().Select(v => AnswerWords.Option("dr", (int)v, Wording.Label(v), v switch
            {
                DoctorContact.Yes => ["yes", "yep", "i did"],
                DoctorContact.NotYet => ["no", "not yet", "nope"],
                _ => ["not needed", "no need"],
            }))]);

        public static readonly Question WhatHelped = new("wh", "follow-up.what-helped", Wording.WhatHelped, QuestionKind.Single,
            [.. Enum.GetValues<HelpedMost>().Select(v => AnswerWords.Option("wh", (int)v, Wording.Label(v)))]);
    }
}
