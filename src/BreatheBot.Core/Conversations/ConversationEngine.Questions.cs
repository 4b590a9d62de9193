using System.Globalization;
using BreatheBot.Core.Content;
using BreatheBot.Core.Episodes;
using BreatheBot.Core.Messaging;

namespace BreatheBot.Core.Conversations;

public sealed partial class ConversationEngine
{
    /// <summary>Enters a question step: sends its prompt and arms its expiry.</summary>
    private ConversationState Ask(Turn turn, FlowState step)
    {
        Prompt(turn, step);
        return step.WakeAt is null && step is not BreathingState and not MuscleState { Holding: true } and not FollowUpPendingState
            ? step with { WakeAt = turn.Now + ExpiryFor(step) }
            : step;
    }

    private TimeSpan ExpiryFor(FlowState step) =>
        IsFollowUpStep(step) ? _options.FollowUpAnswerWindow : _options.QuestionTimeout;

    /// <summary>Repeats where we are, after help, a stale button or an answer we could not read.</summary>
    private ConversationState Reask(Turn turn, ConversationState state)
    {
        switch (state)
        {
            case BreathingState:
                turn.Say("breathing.reminder", "I'm pacing your breathing in the message above. Type skip to end the exercise early.");
                return state;
            case MuscleState { Holding: true }:
                turn.Say("hold.reminder", "Keep holding gently; I'll tell you when to release. Type skip to move on.");
                return state;
            case FollowUpPendingState:
                turn.Say("menu", Wording.WhatNext, MenuReplies);
                return state;
            case ConfirmForgetState:
                turn.Say("forget.confirm", Content.InsightsWording.ForgetConfirm, [new("fg:yes", Content.InsightsWording.ForgetYes), new("fg:no", Content.InsightsWording.ForgetNo)]);
                return state;
            case SettingsState:
                return ShowSettings(turn);
            case EmergencyCheckState check:
                return AskGotHelp(turn, check.Kind);
            case var _ when IsDiaryEntryStep(state):
                return ReaskDiaryEntry(turn, state);
            case FlowState flow:
                Prompt(turn, flow);
                return state;
            default:
                turn.Say("menu", Wording.WhatNext, MenuReplies);
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
                PromptMuscle(turn, muscle);
                return;
            case RedFlagRecordState record:
                PromptRedFlagRecord(turn, record);
                return;
        }

        var question = QuestionFor(step, turn.Profile);
        if (question is null)
        {
            return;
        }

        turn.Say(question.Key, question.Text, RepliesFor(question, step), question.Kind == QuestionKind.Multi ? Question.MultiSlot : null, question.WordsOnly);
    }

    /// <summary>
    /// The question's buttons as replies, ticked where the step has them selected. With nothing selected (every
    /// question but a multi-select in progress) this is the question's own list, built once.
    /// </summary>
    private static IReadOnlyList<ReplyChoice> RepliesFor(Question question, FlowState step)
    {
        if (SelectedCount(step) == 0)
        {
            return question.Replies;
        }

        var replies = new ReplyChoice[question.Choices.Count];
        for (var i = 0; i < replies.Length; i++)
        {
            var choice = question.Choices[i];
            replies[i] = IsSelected(step, choice.Id) ? choice.ToReply(selected: true) : question.Replies[i];
        }

        return replies;
    }

    private static int SelectedCount(FlowState step) => step switch
    {
        LocationState s => s.Selected.Count,
        FeaturesState s => s.Selected.Count,
        TriggersState s => s.Selected.Count,
        _ => 0,
    };

    /// <summary>Whether a multi-select step has the button "code:value" ticked.</summary>
    private static bool IsSelected(FlowState step, string choiceId)
    {
        if (ParseValue(choiceId) is not { } value)
        {
            return false;
        }

        return step switch
        {
            LocationState s => Contains(s.Selected, (PainLocation)value),
            FeaturesState s => Contains(s.Selected, (HeadacheFeature)value),
            TriggersState s => Contains(s.Selected, (HeadacheTrigger)value),
            _ => false,
        };
    }

    private static bool Contains<T>(IReadOnlyList<T> list, T value) where T : struct, Enum
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (EqualityComparer<T>.Default.Equals(list[i], value))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The question a step asks. Every question is built once (static, or per engine for the one that depends on the
    /// options) and never changed afterwards, so one engine serves all conversations from any thread.
    /// </summary>
    private Question? QuestionFor(FlowState step, UserProfile? profile) => step switch
    {
        ScreeningState s => s.Tier == RedFlagTier.Emergency ? StaticQuestions.EmergencyScreen : StaticQuestions.SameDayScreen,
        BreathePurposeState => StaticQuestions.BreathePurpose,
        HoldsCautionState => StaticQuestions.HoldsCaution,
        PainState s => StaticQuestions.Pain[(int)s.Moment],
        LocationState => StaticQuestions.Location,
        CharacterState s => s.Episode.Kind == EpisodeKind.PointsOnly ? StaticQuestions.CharacterForPoints : StaticQuestions.Character,
        FeaturesState => StaticQuestions.Features,
        TriggersState => StaticQuestions.Triggers,
        OtherTriggerState => StaticQuestions.OtherTrigger,
        MedicationState => StaticQuestions.Medication,
        MedicationTimingState => StaticQuestions.MedicationTiming,
        BreathingPresetState s => !HoldsAllowed(s.Episode, profile) ? StaticQuestions.PresetHoldsSkipped
            : profile?.HoldsCautionSeen == true ? StaticQuestions.PresetWithHolds : StaticQuestions.PresetWithHoldsCaution,
        BreathingLengthState s => s.Preset == BreathingPreset.Box ? _boxLengthQuestion : _resonanceLengthQuestion,
        PacerStalledState => StaticQuestions.PacerStalled,
        OfferPointsState => StaticQuestions.OfferPoints,
        ContraindicationState => StaticQuestions.Contraindications,
        Over65State => StaticQuestions.Over65,
        WhatHelpedState => StaticQuestions.WhatHelped,
        DoctorCheckState => StaticQuestions.DoctorCheck,
        _ => null,
    };

    /// <summary>1–5 minutes of a preset; each button states the real length of the rounds that fit (content.md §4).</summary>
    private static Question BreathingLengthQuestion(BreathingPattern pattern, int defaultMinutes) =>
        new("bl", "breathing.length", Wording.BreathingLength, QuestionKind.Single,
            [.. Enumerable.Range(1, 5).Select(m => new QuestionChoice("bl:" + m.ToString(CultureInfo.InvariantCulture),
                Wording.LengthLabel(pattern, m, m == defaultMinutes), m.ToString(CultureInfo.InvariantCulture)))]);

    /// <summary>The questions that depend on nothing but the wording: built once per process, read-only afterwards.</summary>
    private static class StaticQuestions
    {
        public static readonly Question EmergencyScreen = ScreeningQuestion(RedFlagTier.Emergency);
        public static readonly Question SameDayScreen = ScreeningQuestion(RedFlagTier.SameDay);

        public static readonly Question BreathePurpose = new("bpu", "breathe.purpose", Wording.BreathePurpose, QuestionKind.Single,
            [new("bpu:headache", Wording.ForAHeadache, "headache", "a headache", "for a headache", "headache now", "now", "i have a headache"),
             new("bpu:practice", Wording.ToPractise, "practise", "practice", "to practice", "practising", "practicing", "just practising", "just practicing")])
        { WordsOnly = true, Reask = Wording.PurposeReask };

        public static readonly Question HoldsCaution = new("hc", "breathing.holds-caution", Wording.PracticeHoldsQuestion, QuestionKind.Single,
            [new("hc:yes", Wording.Yes, [.. YesWords, .. NotSureWords]), new("hc:no", Wording.No, [.. NoWords])])
        { WordsOnly = true, Reask = Wording.YesNoReask };

        public static readonly Question GotHelp = new("ec", "triage.emergency.got-help", Wording.GotHelpQuestion, QuestionKind.Single,
            [new("ec:yes", Wording.HelpOnItsWay, [.. YesWords, "i ve been seen", "ive been seen", "been seen", "seen", "help is on its way", "on its way"]),
             new("ec:no", Wording.NotYet, [.. NoWords, "not yet", "no not yet"])])
        { WordsOnly = true, Reask = Wording.YesNoReask };

        /// <summary>Indexed by <see cref="PainMoment"/>.</summary>
        public static readonly Question[] Pain =
            [PainQuestion(PainMoment.Before), PainQuestion(PainMoment.AfterBreathing), PainQuestion(PainMoment.AfterTriggerPoints), PainQuestion(PainMoment.FollowUp)];

        public static readonly Question Location = new("loc", "triage.location", Wording.Location, QuestionKind.Multi,
            [.. Enum.GetValues<PainLocation>().Select(v => Option("loc", (int)v, Wording.Label(v))), DoneChoice("loc")]);

        public static readonly Question Character = new("ch", "triage.character", Wording.Character, QuestionKind.Single,
            [.. Enum.GetValues<HeadacheCharacter>().Select(v => Option("ch", (int)v, Wording.Label(v)))]);

        public static readonly Question Features = new("ft", "triage.features", Wording.Features, QuestionKind.Multi,
            [.. Enum.GetValues<HeadacheFeature>().Select(v => Option("ft", (int)v, Wording.Label(v))), DoneChoice("ft", "none", "no", "none of these")]);

        public static readonly Question Triggers = new("tr", "triage.triggers", Wording.Triggers, QuestionKind.Multi,
            [.. Enum.GetValues<HeadacheTrigger>().Select(v => Option("tr", (int)v, Wording.Label(v))), DoneChoice("tr")]);

        public static readonly Question OtherTrigger = new("ot", "triage.other-trigger", Wording.OtherTrigger, QuestionKind.FreeText,
            [new("ot:skip", Wording.Skip, "skip", "no", "not sure")]);

        public static readonly Question Medication = new("med", "triage.medication", Wording.Medication, QuestionKind.Single,
            [.. Wording.MedicationChoices.Select(v => Option("med", (int)v, Wording.Label(v), v == MedicationKind.None ? ["none", "no", "nothing yet"] : []))]);

        public static readonly Question MedicationTiming = new("mt", "triage.medication-timing", Wording.MedicationWhen, QuestionKind.Single,
            [.. Enum.GetValues<MedicationTiming>().Select(v => Option("mt", (int)v, Wording.Label(v)))]);

        public static readonly Question PresetWithHolds = PresetQuestion(Wording.BreathingChoose);

        /// <summary>Until the person has once chosen breath-holds, the question carries the holds caution (content.md §4).</summary>
        public static readonly Question PresetWithHoldsCaution = PresetQuestion(Wording.BreathingChooseWithCaution);

        private static Question PresetQuestion(string text) => new("bp", "breathing.preset", text, QuestionKind.Single,
        [
            new("bp:" + (int)BreathingPreset.Resonance, Wording.PresetLabel(BreathingPresets.Resonance, recommended: true), "resonance", "start", "yes", "ok"),
            new("bp:" + (int)BreathingPreset.Box, Wording.PresetLabel(BreathingPresets.Box, recommended: false), "box"),
            new("bp:" + (int)BreathingPreset.FourSevenEight, Wording.PresetLabel(BreathingPresets.FourSevenEight, recommended: false), "478", "4 7 8"),
            new("bp:skip", Wording.SkipBreathing, "skip", "no"),
        ]);

        public static readonly Question PresetHoldsSkipped = new("bp", "breathing.preset", Wording.BreathingChooseHoldsSkipped, QuestionKind.Single,
            [new("bp:" + (int)BreathingPreset.Resonance, Wording.PresetLabel(BreathingPresets.Resonance, recommended: true), "resonance", "start", "yes", "ok"),
             new("bp:skip", Wording.SkipBreathing, "skip", "no")]);

        public static readonly Question PacerStalled = new("ps", "breathing.stalled", Wording.PacerStalled, QuestionKind.Single,
            [new("ps:restart", Wording.StartAgain, "yes", "restart", "again"), new("ps:skip", Wording.Skip, "no", "skip")]);

        public static readonly Question OfferPoints = new("op", "points.offer", Wording.OfferGentlePoints, QuestionKind.Single,
            [new("op:yes", Wording.YesGently, "yes", "ok", "sure"), new("op:no", Wording.NoThanks, "no", "skip")]);

        public static readonly Question Contraindications = new("ci", "points.contraindications", Wording.Contraindications, QuestionKind.Single,
            [new("ci:none", Wording.NoneApply, "no", "none", "nope", "none of these", "none of them"), new("ci:yes", Wording.OneApplies, "yes", "yes one", "yep"),
             new("ci:unsure", Wording.NotSure, "not sure", "unsure", "dont know", "don t know", "maybe")])
        {
            WordsOnly = true,
            Reask = Wording.YesOrNo,
        };

        public static readonly Question Over65 = new("ag", "points.over-65", Wording.Over65Question, QuestionKind.Single,
            [new("ag:yes", Wording.Yes, "yes", "yep", "over 65"), new("ag:no", Wording.No, "no", "nope", "under 65")]);

        /// <summary>/points asks the features too (content.md §5); it may be skipped, and then pressure is gentle and optional.</summary>
        public static readonly Question CharacterForPoints = new("ch", "triage.character", Wording.Character, QuestionKind.Single,
            [.. Enum.GetValues<HeadacheCharacter>().Select(v => Option("ch", (int)v, Wording.Label(v))), new("ch:skip", Wording.PointsSkipQuestions, "skip")]);

        public static readonly Question DoctorCheck = new("dr", "follow-up.doctor", Wording.DoctorCheck, QuestionKind.Single,
            [.. Enum.GetValues<DoctorContact>().Select(v => Option("dr", (int)v, Wording.Label(v), v switch
            {
                DoctorContact.Yes => ["yes", "yep", "i did"],
                DoctorContact.NotYet => ["no", "not yet", "nope"],
                _ => ["not needed", "no need"],
            }))]);

        public static readonly Question WhatHelped = new("wh", "follow-up.what-helped", Wording.WhatHelped, QuestionKind.Single,
            [.. Enum.GetValues<HelpedMost>().Select(v => Option("wh", (int)v, Wording.Label(v)))]);
    }

    private static readonly string[] YesWords = ["yes", "y", "yeah", "yep", "yup", "yes please", "i am", "i do"];

    private static readonly string[] NoWords = ["no", "n", "nope", "nah", "none", "no i m not", "i m not", "i don t"];

    private static readonly string[] NotSureWords = ["not sure", "unsure", "i m not sure", "im not sure", "don t know", "dont know", "i don t know", "idk", "maybe", "not certain"];

    /// <summary>
    /// A warning-sign tier: the signs as bullets, answered "None of these" / "Yes, one or more" / "Not sure" (and, on
    /// the first screen, "It's for my child"). Words only: a bare number never answers it.
    /// </summary>
    private static Question ScreeningQuestion(RedFlagTier tier)
    {
        var items = RedFlags.Tier(tier);
        var intro = tier == RedFlagTier.Emergency ? Wording.EmergencyScreenIntro : Wording.SameDayScreenIntro;
        var code = tier == RedFlagTier.Emergency ? "e" : "s";
        List<QuestionChoice> choices =
        [
            new(code + ":none", Wording.NoneOfThese, [.. NoWords, "none of them", "no none", "none of these apply"]),
            new(code + ":yes", Wording.YesOneOrMore, [.. YesWords, "yes one", "one or more"]),
            new(code + ":unsure", Wording.NotSure, NotSureWords),
        ];
        if (tier == RedFlagTier.Emergency)
        {
            choices.Add(new(code + ":child", Wording.ForMyChild, "for my child", "my child", "its for my child", "it s for my child", "child", "for my kid"));
        }

        var text = $"{intro}\n\n{Wording.Bullets(items.Select(item => item.Question))}\n\n{Wording.ScreenAnswerHint}";
        return new Question(code, tier == RedFlagTier.Emergency ? "triage.emergency" : "triage.same-day", text, QuestionKind.Single, choices)
        {
            WordsOnly = true,
            Reask = Wording.ScreenReask,
        };
    }

    private static Question PainQuestion(PainMoment moment)
    {
        var (code, key, text) = moment switch
        {
            PainMoment.Before => ("pb", "pain.before", Wording.PainNow),
            PainMoment.AfterBreathing => ("pr", "pain.after-breathing", Wording.PainAfterBreathing),
            PainMoment.AfterTriggerPoints => ("pm", "pain.after-points", Wording.PainAfterMassage),
            _ => ("pf", "pain.follow-up", Wording.PainFollowUp),
        };
        return new Question(code, key, text, QuestionKind.Pain,
            [.. Enumerable.Range(0, 11).Select(p => new QuestionChoice(code + ":" + p.ToString(CultureInfo.InvariantCulture), p.ToString(CultureInfo.InvariantCulture)))]);
    }

    private static QuestionChoice Option(string code, int value, string label, params string[] aliases) =>
        new(code + ":" + value.ToString(CultureInfo.InvariantCulture), label, aliases);

    private static QuestionChoice DoneChoice(string code, params string[] aliases) => new(code + ":done", Wording.Done, ["done", "that s all", "thats all", "finished", .. aliases]);

    /// <summary>Routes an answer to the current step, after checking it belongs to the current question.</summary>
    private ConversationState Answer(Turn turn, ConversationState state, Input input)
    {
        if (input.ChoiceId is { } pressed && (pressed.StartsWith("hist:", StringComparison.Ordinal) || pressed.StartsWith("stats:", StringComparison.Ordinal)))
        {
            return AnswerDataButton(turn, state, pressed);
        }

        if (input.ChoiceId is { } entry && Diary.HistoryEntries.IsHistoryButton(entry))
        {
            return PressHistoryEntry(turn, state, entry);
        }

        if (IsDiaryEntryStep(state))
        {
            return AnswerDiaryEntry(turn, state, input);
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
                return AnswerPacer(turn, breathing, input);
            case MuscleState muscle:
                return AnswerMuscle(turn, muscle, input);
            case RedFlagRecordState record:
                return AnswerRedFlagRecord(turn, record, input);
            case FlowState flow:
                return AnswerQuestion(turn, flow, input);
            default:
                // A group-only state reached from a private event cannot happen; be safe and show the menu.
                return AnswerMenu(turn, new IdleState(), input);
        }
    }

    private ConversationState AnswerMenu(Turn turn, ConversationState state, Input input)
    {
        if (input.IsText && Diary.HistoryEntries.TypedHistoryChoice(input.Text!, turn.Diary) is { } entry)
        {
            // "edit 3" / "delete 3": the history buttons, typed.
            return PressHistoryEntry(turn, state, entry);
        }

        var choice = input.IsText ? TypedAnswer.MatchOne(input.Text!, MenuChoices) : MenuChoices.FirstOrDefault(c => c.Id == input.ChoiceId);
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
                return StartLog(turn, state);
        }

        if (!input.IsText)
        {
            // A button from a finished conversation.
            turn.Say("stale", "That conversation has finished. " + Wording.WhatNext, MenuReplies);
            return state;
        }

        turn.Say("menu", Wording.WhatNext, MenuReplies);
        return state;
    }

    private ConversationState AnswerQuestion(Turn turn, FlowState step, Input input)
    {
        var question = QuestionFor(step, turn.Profile);
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
                var pain = input.IsText ? TypedAnswer.Pain(input.Text!) : ParseValue(input.ChoiceId!);
                if (pain is null or < 0 or > 10)
                {
                    turn.Say("reprompt", Wording.DidNotCatchPain);
                    return Reask(turn, step);
                }

                return OnPain(turn, (PainState)step, pain.Value);

            case QuestionKind.FreeText:
                if (!input.IsText || TypedAnswer.MatchOne(input.Text!, question.Choices) is not null)
                {
                    return OnOtherTrigger(turn, (OtherTriggerState)step, null);
                }

                var words = input.Text!.Trim();
                if (words.Length == 0)
                {
                    turn.Say("reprompt", Wording.TypeSomeWords);
                    return step;
                }

                return OnOtherTrigger(turn, (OtherTriggerState)step, words.Length > 200 ? words[..200] : words);

            case QuestionKind.Multi:
                if (input.IsText)
                {
                    var many = TypedAnswer.MatchMany(input.Text!, question.Choices);
                    if (many is null)
                    {
                        turn.Say("reprompt", Wording.DidNotCatchMulti);
                        return Reask(turn, step);
                    }

                    var values = many.Where(c => !c.Id.EndsWith(":done", StringComparison.Ordinal)).Select(c => ParseValue(c.Id)!.Value).ToList();
                    return values.Count == 0 ? OnMultiDone(turn, step) : OnMultiDone(turn, WithSelection(step, values));
                }

                if (input.ChoiceId!.EndsWith(":done", StringComparison.Ordinal))
                {
                    return OnMultiDone(turn, step);
                }

                var toggled = Toggle(step, ParseValue(input.ChoiceId!));
                if (toggled is null)
                {
                    turn.Say("stale", Wording.StaleButton);
                    return Reask(turn, step);
                }

                var refreshed = QuestionFor(toggled, turn.Profile)!;
                turn.Edit(refreshed.Key, Question.MultiSlot, refreshed.Text, RepliesFor(refreshed, toggled));
                return toggled;

            default:
                var choice = input.IsText ? TypedAnswer.MatchOne(input.Text!, question.Choices, numbers: !question.WordsOnly) : question.FindById(input.ChoiceId!);
                if (choice is null)
                {
                    turn.Say("reprompt", question.Reask ?? Wording.DidNotCatch);
                    return Reask(turn, step);
                }

                return OnChoice(turn, step, choice.Id);
        }
    }

    private static int? ParseValue(string choiceId)
    {
        var colon = choiceId.IndexOf(':', StringComparison.Ordinal);
        return colon >= 0 && int.TryParse(choiceId.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;
    }

    private static FlowState? Toggle(FlowState step, int? value)
    {
        if (value is null)
        {
            return null;
        }

        return step switch
        {
            LocationState s when Enum.IsDefined((PainLocation)value.Value) => s with { Selected = ToggleIn(s.Selected, (PainLocation)value.Value) },
            FeaturesState s when Enum.IsDefined((HeadacheFeature)value.Value) => s with { Selected = ToggleIn(s.Selected, (HeadacheFeature)value.Value) },
            TriggersState s when Enum.IsDefined((HeadacheTrigger)value.Value) => s with { Selected = ToggleIn(s.Selected, (HeadacheTrigger)value.Value) },
            _ => null,
        };
    }

    private static FlowState WithSelection(FlowState step, IReadOnlyList<int> values) => step switch
    {
        LocationState s => s with { Selected = [.. values.Select(v => (PainLocation)v)] },
        FeaturesState s => s with { Selected = [.. values.Select(v => (HeadacheFeature)v)] },
        TriggersState s => s with { Selected = [.. values.Select(v => (HeadacheTrigger)v)] },
        _ => step,
    };

    private static IReadOnlyList<T> ToggleIn<T>(IReadOnlyList<T> list, T value) where T : struct, Enum =>
        list.Contains(value) ? [.. list.Where(v => !EqualityComparer<T>.Default.Equals(v, value))] : [.. list, value];
}
