using BreatheBot.Core.Content;
using BreatheBot.Core.Episodes;
using BreatheBot.Core.Messaging;

using static BreatheBot.Core.Conversations.EpisodeLifecycle;

namespace BreatheBot.Core.Conversations;

/// <summary>
/// Wrap-up and the follow-up check-in (content.md §6): owns <see cref="FollowUpPendingState"/>,
/// <see cref="DoctorCheckState"/>, <see cref="MedicationHelpedState"/>, <see cref="WhatHelpedState"/> (several answers),
/// <see cref="EndCheckState"/> and the follow-up pain rating, and the episode's end ("it's gone", issue 14 item 3; the
/// end itself is in FollowUpFlow.End.cs).
/// </summary>
internal sealed partial class FollowUpFlow(StepKit kit)
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
        MedicationHelpedState s => Questions.MedicationHelpedFor(s.Episode.MedicationName),
        EndCheckState => Questions.EndCheck,
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

            case MedicationHelpedState:
                return _kit.Ask(turn, new WhatHelpedState { Episode = episode with { MedicationHelped = (MedicationHelped)value!.Value } });

            case EndCheckState:
                return OnEndCheck(turn, episode, gone: choiceId == Questions.GoneId);

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

        if (pain == 0 && followed.EndedAt is null)
        {
            // 0 at the follow-up: the headache has gone, now.
            followed = Ended(turn, followed);
        }

        return FollowUpQuestions(turn, followed);
    }

    /// <summary>The follow-up's questions after the pain: the doctor (after a same-day flag), the medicine, what helped.</summary>
    private ConversationState FollowUpQuestions(Turn turn, Episode episode) =>
        episode.RedFlagTier == RedFlagTier.SameDay && episode.SpokeToDoctor is null
            ? _kit.Ask(turn, new DoctorCheckState { Episode = episode })
            : AfterDoctorCheck(turn, episode);

    private ConversationState AfterDoctorCheck(Turn turn, Episode episode) =>
        episode.Medication is not null and not MedicationKind.None && episode.MedicationHelped is null
            ? _kit.Ask(turn, new MedicationHelpedState { Episode = episode })
            : _kit.Ask(turn, new WhatHelpedState { Episode = episode });

    /// <summary>
    /// "What helped?" done: every answer is kept ("Not sure" only when it is the only one), the first also as the
    /// older single answer. A headache still there gets one later check.
    /// </summary>
    public ConversationState OnWhatHelped(Turn turn, WhatHelpedState step)
    {
        if (step.Selected.Count == 0)
        {
            turn.Say("reprompt", Wording.PickAtLeastOne);
            return _kit.Reask(turn, step);
        }

        IReadOnlyList<HelpedMost> helped = step.Selected.Count > 1 ? [.. step.Selected.Where(h => h != HelpedMost.NotSure)] : step.Selected;
        var answered = step.Episode with { WhatHelped = helped, HelpedMost = helped[0], FollowUp = FollowUpStatus.Answered };
        turn.Say("follow-up.thanks", Wording.FollowUpThanks);
        EndEpisode(turn, step.Episode, answered);
        return answered.EndedAt is null && answered.PainAtFollowUp is > 0 && !answered.Practice
            ? new FollowUpPendingState { Episode = answered, EndCheck = true, WakeAt = turn.Now + LaterCheckAfter }
            : new IdleState();
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

        return AfterDoctorCheck(turn, episode with { SpokeToDoctor = answer });
    }

    /// <summary>The follow-up falls due, or its questions go unanswered (see <see cref="FollowUpSteps.IsFollowUpStep"/>).</summary>
    public ConversationState OnTimer(Turn turn, FlowState state, TimerFired timer)
    {
        switch (state)
        {
            case FollowUpPendingState { EndCheck: true } later:
                // The episode is saved with its answered follow-up; after long downtime the check is simply dropped.
                return timer.At - timer.DueAt > _kit.Options.FollowUpAnswerWindow
                    ? new IdleState()
                    : _kit.Ask(turn, new EndCheckState { Episode = later.Episode });

            case EndCheckState:
                // Unanswered: the episode stays open (a typed "it's gone" still ends it).
                return new IdleState();
        }

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
        var kept = state is WhatHelpedState { Selected.Count: > 0 } ticked
            ? state.Episode with { WhatHelped = ticked.Selected, HelpedMost = ticked.Selected[0] }
            : state.Episode;
        EndEpisode(turn, state.Episode, kept with { FollowUp = state.Episode.PainAtFollowUp is null ? FollowUpStatus.Missed : FollowUpStatus.Answered });
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

        /// <summary>Several answers: tick, then Done, or type them as a list ("breathing, rest").</summary>
        public static readonly Question WhatHelped = new("wh", "follow-up.what-helped", EpisodeDetailWording.AskWhatHelped, QuestionKind.Multi,
            [.. Enum.GetValues<HelpedMost>().Select(v => AnswerWords.Option("wh", (int)v, Wording.Label(v))), AnswerWords.DoneChoice("wh")]);

        private static readonly Question MedicationHelped = new("mh", "follow-up.medication-helped", EpisodeDetailWording.AskMedicationHelped, QuestionKind.Single,
        [
            AnswerWords.Option("mh", (int)Episodes.MedicationHelped.Yes, EpisodeDetailWording.HelpedYes, "yes", "yep", "it did", "yes it did"),
            AnswerWords.Option("mh", (int)Episodes.MedicationHelped.ALittle, EpisodeDetailWording.HelpedALittle, "a bit", "a little bit", "somewhat", "partly", "slightly"),
            AnswerWords.Option("mh", (int)Episodes.MedicationHelped.No, EpisodeDetailWording.HelpedNo, "no", "nope", "not really", "it didn t", "no it didn t"),
        ]);

        /// <summary>"Did the medicine help?", naming it when the person did (built per turn: the name is theirs).</summary>
        public static Question MedicationHelpedFor(string? name) =>
            name is null ? MedicationHelped : MedicationHelped with { Text = EpisodeDetailWording.AskNamedMedicationHelped(name) };

        public const string GoneId = "eg:gone";

        public static readonly Question EndCheck = new("eg", "follow-up.end-check", EpisodeDetailWording.AskStillThere, QuestionKind.Single,
            [new(GoneId, EpisodeDetailWording.ItsGone, "yes", "gone", "yes it s gone", "yes its gone", "it has"),
             new("eg:still", EpisodeDetailWording.StillThere, "no", "still", "not yet", "no still there", "still there")]);
    }
}
