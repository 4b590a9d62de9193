using System.Globalization;
using BreatheBot.Core.Content;
using BreatheBot.Core.Episodes;
using BreatheBot.Core.Messaging;

using static BreatheBot.Core.Conversations.EpisodeLifecycle;
using static BreatheBot.Core.Conversations.PromptStamps;

namespace BreatheBot.Core.Conversations;

public sealed partial class ConversationEngine : IStepRouter
{
    Question? IStepRouter.QuestionFor(FlowState step, UserProfile? profile) => QuestionFor(step, profile);

    void IStepRouter.Prompt(Turn turn, FlowState step) => Prompt(turn, step);

    ConversationState IStepRouter.Reask(Turn turn, ConversationState state) => Reask(turn, state);

    ConversationState IStepRouter.OnChoice(Turn turn, FlowState step, string choiceId) => OnChoice(turn, step, choiceId);

    ConversationState IStepRouter.OnPain(Turn turn, PainState step, int pain) => OnPain(turn, step, pain);

    ConversationState IStepRouter.OnMultiDone(Turn turn, FlowState step) => OnMultiDone(turn, step);

    ConversationState IStepRouter.OnFreeText(Turn turn, FlowState step, string? words) => OnOtherTrigger(turn, (OtherTriggerState)step, words);

    /// <summary>Repeats where we are, after help, a stale button or an answer we could not read.</summary>
    private ConversationState Reask(Turn turn, ConversationState state)
    {
        switch (state)
        {
            case BreathingState:
                BreathingFlow.RemindPacing(turn);
                return state;
            case MuscleState { Holding: true }:
                TriggerPointsFlow.RemindHolding(turn);
                return state;
            case FollowUpPendingState:
                turn.Say("menu", Wording.WhatNext, MainMenu.Replies);
                return state;
            case ConfirmForgetState:
                turn.Say("forget.confirm", Content.InsightsWording.ForgetConfirm, [new("fg:yes", Content.InsightsWording.ForgetYes), new("fg:no", Content.InsightsWording.ForgetNo)]);
                return state;
            case SettingsState:
                return ShowSettings(turn);
            case EmergencyCheckState check:
                return AskGotHelp(turn, check.Kind);
            case FlowState flow:
                Prompt(turn, flow);
                return state;
            default:
                turn.Say("menu", Wording.WhatNext, MainMenu.Replies);
                return state;
        }
    }

    private void Prompt(Turn turn, FlowState step)
    {
        switch (step)
        {
            case BreathingState or FollowUpPendingState:
                return;
            case MuscleState muscle:
                _triggerPoints.PromptMuscle(turn, muscle);
                return;
            case RedFlagRecordState record:
                PromptRedFlagRecord(turn, record);
                return;
        }

        _kit.SendQuestion(turn, step);
    }

    /// <summary>
    /// The question a step asks. Every question is built once (static, or per engine for the one that depends on the
    /// options) and never changed afterwards, so one engine serves all conversations from any thread.
    /// </summary>
    private Question? QuestionFor(FlowState step, UserProfile? profile) => step switch
    {
        ScreeningState s => s.Tier == RedFlagTier.Emergency ? StaticQuestions.EmergencyScreen : StaticQuestions.SameDayScreen,
        PainState s => StaticQuestions.Pain[(int)s.Moment],
        LocationState => StaticQuestions.Location,
        CharacterState s => s.Episode.Kind == EpisodeKind.PointsOnly ? StaticQuestions.CharacterForPoints : StaticQuestions.Character,
        FeaturesState => StaticQuestions.Features,
        TriggersState => StaticQuestions.Triggers,
        OtherTriggerState => StaticQuestions.OtherTrigger,
        MedicationState => StaticQuestions.Medication,
        MedicationTimingState => StaticQuestions.MedicationTiming,
        BreathePurposeState or HoldsCautionState or BreathingPresetState or BreathingLengthState or PacerStalledState => _breathing.QuestionFor(step, profile),
        OfferPointsState or ContraindicationState or Over65State => TriggerPointsFlow.QuestionFor(step),
        WhatHelpedState or DoctorCheckState => FollowUpFlow.QuestionFor(step),
        _ => null,
    };

    /// <summary>The questions that depend on nothing but the wording: built once per process, read-only afterwards.</summary>
    private static class StaticQuestions
    {
        public static readonly Question EmergencyScreen = AnswerWords.ScreeningQuestion(RedFlagTier.Emergency);
        public static readonly Question SameDayScreen = AnswerWords.ScreeningQuestion(RedFlagTier.SameDay);

        public static readonly Question GotHelp = new("ec", "triage.emergency.got-help", Wording.GotHelpQuestion, QuestionKind.Single,
            [new("ec:yes", Wording.HelpOnItsWay, [.. AnswerWords.YesWords, "i ve been seen", "ive been seen", "been seen", "seen", "help is on its way", "on its way"]),
             new("ec:no", Wording.NotYet, [.. AnswerWords.NoWords, "not yet", "no not yet"])])
        { WordsOnly = true, Reask = Wording.YesNoReask };

        /// <summary>Indexed by <see cref="PainMoment"/>.</summary>
        public static readonly Question[] Pain =
            [AnswerWords.PainQuestion(PainMoment.Before), AnswerWords.PainQuestion(PainMoment.AfterBreathing), AnswerWords.PainQuestion(PainMoment.AfterTriggerPoints), AnswerWords.PainQuestion(PainMoment.FollowUp)];

        public static readonly Question Location = new("loc", "triage.location", Wording.Location, QuestionKind.Multi,
            [.. Enum.GetValues<PainLocation>().Select(v => AnswerWords.Option("loc", (int)v, Wording.Label(v))), AnswerWords.DoneChoice("loc")]);

        public static readonly Question Character = new("ch", "triage.character", Wording.Character, QuestionKind.Single,
            [.. Enum.GetValues<HeadacheCharacter>().Select(v => AnswerWords.Option("ch", (int)v, Wording.Label(v)))]);

        public static readonly Question Features = new("ft", "triage.features", Wording.Features, QuestionKind.Multi,
            [.. Enum.GetValues<HeadacheFeature>().Select(v => AnswerWords.Option("ft", (int)v, Wording.Label(v))), AnswerWords.DoneChoice("ft", "none", "no", "none of these")]);

        public static readonly Question Triggers = new("tr", "triage.triggers", Wording.Triggers, QuestionKind.Multi,
            [.. Enum.GetValues<HeadacheTrigger>().Select(v => AnswerWords.Option("tr", (int)v, Wording.Label(v))), AnswerWords.DoneChoice("tr")]);

        public static readonly Question OtherTrigger = new("ot", "triage.other-trigger", Wording.OtherTrigger, QuestionKind.FreeText,
            [new("ot:skip", Wording.Skip, "skip", "no", "not sure")]);

        public static readonly Question Medication = new("med", "triage.medication", Wording.Medication, QuestionKind.Single,
            [.. Wording.MedicationChoices.Select(v => AnswerWords.Option("med", (int)v, Wording.Label(v), v == MedicationKind.None ? ["none", "no", "nothing yet"] : []))]);

        public static readonly Question MedicationTiming = new("mt", "triage.medication-timing", Wording.MedicationWhen, QuestionKind.Single,
            [.. Enum.GetValues<MedicationTiming>().Select(v => AnswerWords.Option("mt", (int)v, Wording.Label(v)))]);

        /// <summary>/points asks the features too (content.md §5); it may be skipped, and then pressure is gentle and optional.</summary>
        public static readonly Question CharacterForPoints = new("ch", "triage.character", Wording.Character, QuestionKind.Single,
            [.. Enum.GetValues<HeadacheCharacter>().Select(v => AnswerWords.Option("ch", (int)v, Wording.Label(v))), new("ch:skip", Wording.PointsSkipQuestions, "skip")]);
    }

    /// <summary>Routes an answer to the current step, after checking it belongs to the current question.</summary>
    private ConversationState Answer(Turn turn, ConversationState state, Input input)
    {
        if (input.ChoiceId is { } pressed && (pressed.StartsWith("hist:", StringComparison.Ordinal) || pressed.StartsWith("stats:", StringComparison.Ordinal)))
        {
            return AnswerDataButton(turn, state, pressed);
        }

        switch (state)
        {
            case ConfirmForgetState:
                return AnswerForget(turn, input);
            case SettingsState settings:
                return AnswerSettings(turn, settings, input);
            case IdleState or FollowUpPendingState:
                return AnswerMenu(turn, state, input);
            case EmergencyCheckState check:
                return AnswerGotHelp(turn, check, input);
            case BreathingState breathing:
                return _breathing.AnswerPacer(turn, breathing, input);
            case MuscleState muscle:
                return _triggerPoints.AnswerMuscle(turn, muscle, input);
            case RedFlagRecordState record:
                return AnswerRedFlagRecord(turn, record, input);
            case FlowState flow:
                return _kit.AnswerQuestion(turn, flow, input);
            default:
                // A group-only state reached from a private event cannot happen; be safe and show the menu.
                return AnswerMenu(turn, new IdleState(), input);
        }
    }

    private ConversationState AnswerMenu(Turn turn, ConversationState state, Input input)
    {
        var choice = input.IsText ? TypedAnswer.MatchOne(input.Text!, MainMenu.Choices) : MainMenu.Choices.FirstOrDefault(c => c.Id == input.ChoiceId);
        switch (choice?.Id)
        {
            case "m:headache":
                return StartFlow(turn, state, EpisodeKind.Headache);
            case "m:breathe":
                return StartFlow(turn, state, EpisodeKind.BreathingOnly);
            case "m:points":
                return StartFlow(turn, state, EpisodeKind.PointsOnly);
            case "m:help":
                return Help(turn, state);
        }

        if (!input.IsText)
        {
            // A button from a finished conversation.
            turn.Say("stale", "That conversation has finished. " + Wording.WhatNext, MainMenu.Replies);
            return state;
        }

        turn.Say("menu", Wording.WhatNext, MainMenu.Replies);
        return state;
    }

    /// <summary>A wake-up that matches the state: the owner of the step handles it.</summary>
    private ConversationState OnTimer(Turn turn, ConversationState state, TimerFired timer)
    {
        switch (state)
        {
            case BreathingState breathing:
                return _breathing.OnTimer(turn, breathing, timer);

            case MuscleState { Holding: true } muscle:
                return _triggerPoints.OnHoldTimer(turn, muscle, timer);

            case FlowState followUp when FollowUpSteps.IsFollowUpStep(followUp):
                return _followUp.OnTimer(turn, followUp, timer);

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
