using System.Globalization;
using BreatheBot.Core.Content;
using BreatheBot.Core.Episodes;
using BreatheBot.Core.Messaging;

using static BreatheBot.Core.Conversations.EpisodeLifecycle;

namespace BreatheBot.Core.Conversations;

/// <summary>
/// The router's table: which feature owns which state. Every step a feature adds is listed here once per thing it
/// handles (its question, its choices, its free answers, its wake-up, its reminder); interrupts and commands are in
/// ConversationEngine.cs and run before any of this.
/// </summary>
public sealed partial class ConversationEngine : IStepRouter
{
    Question? IStepRouter.QuestionFor(FlowState step, UserProfile? profile) => QuestionFor(step, profile);

    void IStepRouter.Prompt(Turn turn, FlowState step) => Prompt(turn, step);

    ConversationState IStepRouter.Reask(Turn turn, ConversationState state) => Reask(turn, state);

    ConversationState IStepRouter.OnChoice(Turn turn, FlowState step, string choiceId) => step switch
    {
        ScreeningState or CharacterState or MedicationState or MedicationTimingState => _triage.OnChoice(turn, step, choiceId),
        BreathePurposeState or HoldsCautionState or BreathingPresetState or BreathingLengthState or PacerStalledState => _breathing.OnChoice(turn, step, choiceId),
        OfferPointsState or ContraindicationState or Over65State => _triggerPoints.OnChoice(turn, step, choiceId),
        DoctorCheckState or MedicationHelpedState or EndCheckState => _followUp.OnChoice(turn, step, choiceId),
        _ => Reask(turn, step),
    };

    ConversationState IStepRouter.OnPain(Turn turn, PainState step, int pain) => step.Moment switch
    {
        PainMoment.Before => _triage.OnPainBefore(turn, step.Episode, pain),
        PainMoment.AfterBreathing => _breathing.OnPainAfter(turn, step.Episode, pain),
        PainMoment.AfterTriggerPoints => _triggerPoints.OnPainAfter(turn, step.Episode, pain),
        _ => _followUp.OnPain(turn, step.Episode, pain),
    };

    ConversationState IStepRouter.OnMultiDone(Turn turn, FlowState step) =>
        step is WhatHelpedState helped ? _followUp.OnWhatHelped(turn, helped) : _triage.OnMultiDone(turn, step);

    ConversationState IStepRouter.OnFreeText(Turn turn, FlowState step, QuestionChoice? picked, string? words) => step switch
    {
        OtherTriggerState other => _triage.OnOtherTrigger(turn, other, picked is not null || words is null ? null : words.Length > 200 ? words[..200] : words),
        MedicationNameState or MedicationDoseState => _triage.OnMedicationDetail(turn, step, picked, words),
        _ => Reask(turn, step),
    };

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
                StepKit.SayMenu(turn);
                return state;
            case ConfirmForgetState:
                DiaryCommands.AskForget(turn);
                return state;
            case SettingsState:
                return _settings.Show(turn);
            case EmergencyCheckState check:
                return _redFlags.AskGotHelp(turn, check.Kind);
            case LogEntryState or EditEntryState or ConfirmDeleteEntryState:
                return DiaryEntries.Reask(turn, state);
            case FlowState flow:
                Prompt(turn, flow);
                return state;
            default:
                StepKit.SayMenu(turn);
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
                RedFlagSteps.PromptRecord(turn, record);
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
        PainState s => AnswerWords.Pain[(int)s.Moment],
        ScreeningState or LocationState or CharacterState or FeaturesState or TriggersState or OtherTriggerState or MedicationState or MedicationTimingState
            or MedicationNameState or MedicationDoseState => TriageFlow.QuestionFor(step),
        BreathePurposeState or HoldsCautionState or BreathingPresetState or BreathingLengthState or PacerStalledState => _breathing.QuestionFor(step, profile),
        OfferPointsState or ContraindicationState or Over65State => TriggerPointsFlow.QuestionFor(step),
        WhatHelpedState or DoctorCheckState or MedicationHelpedState or EndCheckState => FollowUpFlow.QuestionFor(step),
        _ => null,
    };

    /// <summary>Routes an answer to the current step, after checking it belongs to the current question.</summary>
    private ConversationState Answer(Turn turn, ConversationState state, Input input)
    {
        if (input.ChoiceId is { } pressed && (pressed.StartsWith("hist:", StringComparison.Ordinal) || pressed.StartsWith("stats:", StringComparison.Ordinal)))
        {
            return _diary.AnswerViewButton(turn, state, pressed);
        }

        if (input.ChoiceId is { } entry && HistoryEntries.IsHistoryButton(entry))
        {
            return DiaryEntries.PressHistoryEntry(turn, state, entry);
        }

        if (DiaryEntries.IsStep(state))
        {
            return DiaryEntries.Answer(turn, state, input);
        }

        switch (state)
        {
            case ConfirmForgetState:
                return DiaryCommands.AnswerForget(turn, input);
            case SettingsState settings:
                return _settings.Answer(turn, settings, input);
            case CheckInState checkIn:
                return CheckInFlow.Answer(turn, checkIn, input) ?? AnswerMenu(turn, new IdleState(), input);
            case IdleState or FollowUpPendingState:
                return AnswerMenu(turn, state, input);
            case EmergencyCheckState check:
                return _redFlags.AnswerGotHelp(turn, check, input);
            case BreathingState breathing:
                return _breathing.AnswerPacer(turn, breathing, input);
            case MuscleState muscle:
                return _triggerPoints.AnswerMuscle(turn, muscle, input);
            case RedFlagRecordState record:
                return _redFlags.AnswerRecord(turn, record, input);
            case FlowState flow:
                return _kit.AnswerQuestion(turn, flow, input);
            default:
                // A group-only state reached from a private event cannot happen; be safe and show the menu.
                return AnswerMenu(turn, new IdleState(), input);
        }
    }

    private ConversationState AnswerMenu(Turn turn, ConversationState state, Input input)
    {
        if (input.IsText && HistoryEntries.TypedHistoryChoice(input.Text!, turn.Diary) is { } entry)
        {
            // "edit 3" / "delete 3": the history buttons, typed.
            return DiaryEntries.PressHistoryEntry(turn, state, entry);
        }

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
            case "m:log":
                return DiaryEntries.StartLog(turn, state);
        }

        if (!input.IsText)
        {
            // A button from a finished conversation.
            turn.Say("stale", "That conversation has finished. " + Wording.WhatNext, MainMenu.Replies);
            return state;
        }

        StepKit.SayMenu(turn);
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

            case IdleState or CheckInState:
                return CheckInFlow.OnTimer(turn, timer);

            case FlowState stale:
                // An unanswered question past its timeout (also after downtime): close politely, keep what we have.
                turn.Say("expired", Wording.Expired);
                EndEpisode(turn, stale.Episode, stale.Episode with { Status = OpenOr(stale.Episode, EpisodeStatus.Expired) });
                return new IdleState();

            default:
                return state with { WakeAt = null };
        }
    }

    /// <summary>
    /// True when the turn needs the person's diary (their stored episodes): the data commands and their buttons, and
    /// logging medication (for the medication-overuse count). The service loads it only then.
    /// </summary>
    public static bool NeedsDiary(ConversationState state, InboundEvent inbound) => DiaryCommands.NeedsDiary(state, inbound);

    /// <summary>How long a /link code stays valid.</summary>
    public static readonly TimeSpan LinkCodeLifetime = DiaryLink.LinkCodeLifetime;

    /// <summary>"/link" without a code: the caller must supply <see cref="TurnInputs.NewLinkCode"/>.</summary>
    public static bool LinkCodeRequested(InboundEvent inbound) => DiaryLink.LinkCodeRequested(inbound);

    /// <summary>"/link CODE": the code as typed, normalised (upper case, no spaces or dashes), or null.</summary>
    public static string? TypedLinkCode(InboundEvent inbound) => DiaryLink.TypedLinkCode(inbound);

    public static string? NormaliseLinkCode(string text) => DiaryLink.NormaliseLinkCode(text);
}
