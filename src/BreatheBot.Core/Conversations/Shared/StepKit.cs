using BreatheBot.Core.Content;
using BreatheBot.Core.Episodes;
using BreatheBot.Core.Messaging;
using BreatheBot.Core.Privacy;

namespace BreatheBot.Core.Conversations;

/// <summary>
/// What every feature receives: the options, asking a step's question (with its expiry) through the router, and the
/// per-person values that come from the profile or the options. Immutable after construction, so shared by every
/// conversation on every thread.
/// </summary>
internal sealed class StepKit(ConversationOptions options, PrivacyOptions privacy, IStepRouter router)
{
    public ConversationOptions Options { get; } = options;

    /// <summary>Who runs the bot, for /privacy.</summary>
    public PrivacyOptions Privacy { get; } = privacy;

    public IStepRouter Router { get; } = router;

    /// <summary>Enters a question step: sends its prompt and arms its expiry.</summary>
    public ConversationState Ask(Turn turn, FlowState step)
    {
        Router.Prompt(turn, step);
        return step.WakeAt is null && step is not BreathingState and not MuscleState { Holding: true } and not FollowUpPendingState
            ? step with { WakeAt = turn.Now + ExpiryFor(step) }
            : step;
    }

    /// <summary>How long a step waits for its answer.</summary>
    public TimeSpan ExpiryFor(FlowState step) =>
        FollowUpSteps.IsFollowUpStep(step) ? Options.FollowUpAnswerWindow : Options.QuestionTimeout;

    /// <summary>Repeats where we are, after help, a stale button or an answer we could not read.</summary>
    public ConversationState Reask(Turn turn, ConversationState state) => Router.Reask(turn, state);

    /// <summary>Sends a standard question, with its buttons ticked where a multi-select has them selected.</summary>
    public void SendQuestion(Turn turn, FlowState step)
    {
        var question = Router.QuestionFor(step, turn.Profile);
        if (question is null)
        {
            return;
        }

        turn.Say(question.Key, question.Text, QuestionAnswers.RepliesFor(question, step), question.Kind == QuestionKind.Multi ? Question.MultiSlot : null, question.WordsOnly);
    }

    /// <summary>Takes a typed or pressed answer to a standard question and hands its value to the step's owner.</summary>
    public ConversationState AnswerQuestion(Turn turn, FlowState step, Input input)
    {
        var question = Router.QuestionFor(step, turn.Profile);
        if (question is null)
        {
            return Reask(turn, step);
        }

        if (!input.IsText && !question.Owns(input.ChoiceId!))
        {
            turn.Say("stale", Wording.StaleButton);
            return Reask(turn, step);
        }

        switch (question.Kind)
        {
            case QuestionKind.Pain:
                var pain = input.IsText ? TypedAnswer.Pain(input.Text!) : QuestionAnswers.ParseValue(input.ChoiceId!);
                if (pain is null or < 0 or > 10)
                {
                    turn.Say("reprompt", Wording.DidNotCatchPain);
                    return Reask(turn, step);
                }

                return Router.OnPain(turn, (PainState)step, pain.Value);

            case QuestionKind.FreeText:
                if (!input.IsText || TypedAnswer.MatchOne(input.Text!, question.Choices) is not null)
                {
                    return Router.OnFreeText(turn, step, null);
                }

                var words = input.Text!.Trim();
                if (words.Length == 0)
                {
                    turn.Say("reprompt", Wording.TypeSomeWords);
                    return step;
                }

                return Router.OnFreeText(turn, step, words.Length > 200 ? words[..200] : words);

            case QuestionKind.Multi:
                if (input.IsText)
                {
                    var many = TypedAnswer.MatchMany(input.Text!, question.Choices);
                    if (many is null)
                    {
                        turn.Say("reprompt", Wording.DidNotCatchMulti);
                        return Reask(turn, step);
                    }

                    var values = many.Where(c => !c.Id.EndsWith(":done", StringComparison.Ordinal)).Select(c => QuestionAnswers.ParseValue(c.Id)!.Value).ToList();
                    return values.Count == 0 ? Router.OnMultiDone(turn, step) : Router.OnMultiDone(turn, QuestionAnswers.WithSelection(step, values));
                }

                if (input.ChoiceId!.EndsWith(":done", StringComparison.Ordinal))
                {
                    return Router.OnMultiDone(turn, step);
                }

                var toggled = QuestionAnswers.Toggle(step, QuestionAnswers.ParseValue(input.ChoiceId!));
                if (toggled is null)
                {
                    turn.Say("stale", Wording.StaleButton);
                    return Reask(turn, step);
                }

                var refreshed = Router.QuestionFor(toggled, turn.Profile)!;
                turn.Edit(refreshed.Key, Question.MultiSlot, refreshed.Text, QuestionAnswers.RepliesFor(refreshed, toggled));
                return toggled;

            default:
                var choice = input.IsText ? TypedAnswer.MatchOne(input.Text!, question.Choices, numbers: !question.WordsOnly) : question.FindById(input.ChoiceId!);
                if (choice is null)
                {
                    turn.Say("reprompt", question.Reask ?? Wording.DidNotCatch);
                    return Reask(turn, step);
                }

                return Router.OnChoice(turn, step, choice.Id);
        }
    }

    /// <summary>The main menu: "What would you like to do?" with its buttons.</summary>
    public static void SayMenu(Turn turn) => turn.Say("menu", Wording.WhatNext, MainMenu.Replies);

    public string EmergencyNumbers(Turn turn) => turn.Profile?.EmergencyNumbers ?? Options.EmergencyNumbers;

    public TimeSpan FollowUpDelay(Turn turn) =>
        turn.Profile?.FollowUpDelayMinutes is { } minutes ? TimeSpan.FromMinutes(minutes) : Options.FollowUpDelay;

    public int BreathingMinutes(Turn turn) => turn.Profile?.PreferredMinutes ?? Options.DefaultBreathingMinutes;

    public string WarningSigns(Turn turn) => Wording.WarningSigns(EmergencyNumbers(turn), Options.NonEmergencyLine);

    /// <summary>Within Conversation:MassagePauseAfterEmergency of the last emergency flag.</summary>
    public bool InEmergencyPause(Turn turn) =>
        turn.Profile?.LastEmergencyFlagAt is { } flaggedAt && turn.Now - flaggedAt < Options.MassagePauseAfterEmergency;

    /// <summary>The profile remembers that this person felt dizzy: no breath-holds until they turn them back on.</summary>
    public static void RememberDizzy(Turn turn)
    {
        var profile = turn.Profile ?? new UserProfile { UserKey = turn.PersonKey, FirstSeenAt = turn.Now };
        if (!profile.BreathHoldsOff)
        {
            turn.SetProfile(profile with { BreathHoldsOff = true });
        }
    }
}
