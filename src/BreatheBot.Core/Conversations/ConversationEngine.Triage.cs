using BreatheBot.Core.Content;
using BreatheBot.Core.Episodes;
using BreatheBot.Core.Messaging;

using static BreatheBot.Core.Conversations.EpisodeLifecycle;
using static BreatheBot.Core.Conversations.PromptStamps;

namespace BreatheBot.Core.Conversations;

/// <summary>Onset triage: the red-flag screen (content.md §2) and the questions after it (§3).</summary>
public sealed partial class ConversationEngine
{
    private ConversationState OnChoice(Turn turn, FlowState step, string choiceId)
    {
        var episode = step.Episode;
        var value = QuestionAnswers.ParseValue(choiceId);
        switch (step)
        {
            case ScreeningState { Tier: RedFlagTier.Emergency }:
                return choiceId switch
                {
                    "e:yes" => Emergency(turn, step, []),
                    "e:unsure" => SameDayFlag(turn, episode with { EmergencyScreenNotSure = true }),
                    "e:child" => ForChild(turn, step),
                    _ => _kit.Ask(turn, new ScreeningState(RedFlagTier.SameDay) { Episode = episode with { EmergencyScreenClear = true, UpdatedAt = turn.Now } }),
                };

            case ScreeningState { Tier: RedFlagTier.SameDay }:
                return choiceId switch
                {
                    "s:yes" => SameDayFlag(turn, episode),
                    "s:unsure" => SameDayFlag(turn, episode with { SameDayScreenNotSure = true }),
                    _ => _kit.Ask(turn, new PainState(PainMoment.Before) { Episode = episode with { SameDayScreenClear = true, UpdatedAt = turn.Now } }),
                };

            case CharacterState:
                return choiceId == "ch:skip"
                    ? _triggerPoints.BeginMassage(turn, episode with { FeaturesSkipped = true })
                    : _kit.Ask(turn, new FeaturesState([]) { Episode = episode with { Character = (HeadacheCharacter)value!.Value } });

            case MedicationState:
                var medication = (MedicationKind)value!.Value;
                var withMedication = episode with { Medication = medication };
                CheckMedicationOveruse(turn, withMedication);
                return medication == MedicationKind.None
                    ? _breathing.BeginBreathing(turn, withMedication)
                    : _kit.Ask(turn, new MedicationTimingState { Episode = withMedication });

            case MedicationTimingState:
                return _breathing.BeginBreathing(turn, episode with { MedicationTiming = (MedicationTiming)value!.Value });

            case BreathePurposeState or HoldsCautionState or BreathingPresetState or BreathingLengthState or PacerStalledState:
                return _breathing.OnChoice(turn, step, choiceId);

            case OfferPointsState or ContraindicationState or Over65State:
                return _triggerPoints.OnChoice(turn, step, choiceId);

            case DoctorCheckState or WhatHelpedState:
                return _followUp.OnChoice(turn, step, choiceId);

            default:
                return _kit.Reask(turn, step);
        }
    }

    /// <summary>
    /// A same-day "yes", or "Not sure" on either tier: see a doctor today, with the pregnancy advice alongside (S2 needs
    /// its own, more urgent advice). Breathing may go on, resonance only; no massage (content.md §2).
    /// </summary>
    private ConversationState SameDayFlag(Turn turn, Episode episode)
    {
        var flagged = episode with { RedFlagTier = RedFlagTier.SameDay };
        turn.Say("triage.same-day.advice", Wording.SameDayAdvice(_kit.Options.NonEmergencyLine));
        turn.Say("triage.pregnancy.advice", Wording.PregnancyAdvice(_kit.EmergencyNumbers(turn)));
        return _kit.Ask(turn, new RedFlagRecordState(RedFlagTier.SameDay) { Episode = flagged });
    }

    /// <summary>The headache is a child's: the child advice, and no exercises follow (content.md §1).</summary>
    private ConversationState ForChild(Turn turn, ConversationState state)
    {
        if (state is FlowState running)
        {
            EndEpisode(turn, running.Episode, running.Episode with { Status = OpenOr(running.Episode, EpisodeStatus.Stopped) });
        }

        turn.Say("triage.child", Wording.ChildAdvice(_kit.EmergencyNumbers(turn), _kit.Options.NonEmergencyLine));
        return new IdleState();
    }

    /// <summary>After an emergency flag, a new flow first repeats the advice and asks "Have you got help?".</summary>
    private ConversationState AskGotHelp(Turn turn, EpisodeKind? kind)
    {
        turn.Say("triage.emergency.advice", Wording.EmergencyAdvice(_kit.EmergencyNumbers(turn)));
        var question = StaticQuestions.GotHelp;
        turn.Say(question.Key, question.Text, question.Replies, wordsOnly: true);
        return new EmergencyCheckState(kind);
    }

    private ConversationState AnswerGotHelp(Turn turn, EmergencyCheckState check, Input input)
    {
        var question = StaticQuestions.GotHelp;
        var choice = input.IsText ? TypedAnswer.MatchOne(input.Text!, question.Choices, numbers: false) : question.FindById(input.ChoiceId!);
        switch (choice?.Id)
        {
            case "ec:yes":
                // Breathing goes on, screened as usual; massage stays off for the whole pause (MassageAllowed).
                if (check.Kind is { } kind)
                {
                    return BeginFlow(turn, kind);
                }

                turn.Say("menu", Wording.WhatNext, MainMenu.Replies);
                return new IdleState();

            case "ec:no":
                // The advice again, and nothing else.
                turn.Say("triage.emergency.advice", Wording.EmergencyAdvice(_kit.EmergencyNumbers(turn)));
                return new IdleState();

            default:
                turn.Say(input.IsText ? "reprompt" : "stale", input.IsText ? question.Reask! : Wording.StaleButton);
                return AskGotHelp(turn, check.Kind);
        }
    }

    /// <summary>
    /// Any emergency-tier "yes", tapped or typed: stop self-care, say plainly what to do now, log it,
    /// and offer nothing but "I'm getting help" (content.md §2).
    /// </summary>
    private ConversationState Emergency(Turn turn, ConversationState state, IReadOnlyList<string> codes)
    {
        var episode = state is FlowState flow
            ? flow.Episode
            : NewEpisode(turn, EpisodeKind.Headache);
        var flagged = episode with
        {
            RedFlagTier = RedFlagTier.Emergency,
            RedFlags = [.. episode.RedFlags.Union(codes)],
            Status = EpisodeStatus.EmergencyAdvice,
            FollowUp = episode.FollowUp == FollowUpStatus.Scheduled ? FollowUpStatus.Cancelled : episode.FollowUp,
        };
        turn.RecordEmergency();
        if (codes.Contains(RedFlags.CarbonMonoxide))
        {
            turn.Say("triage.carbon-monoxide.advice", Wording.CarbonMonoxideAdvice(_kit.EmergencyNumbers(turn)));
        }

        turn.Say("triage.emergency.advice", Wording.EmergencyAdvice(_kit.EmergencyNumbers(turn)));
        var record = new RedFlagRecordState(RedFlagTier.Emergency) { Episode = flagged };
        turn.Save(flagged);
        PromptRedFlagRecord(turn, record);
        return record with { WakeAt = turn.Now + _kit.Options.QuestionTimeout };
    }

    private static void PromptRedFlagRecord(Turn turn, RedFlagRecordState record)
    {
        var selected = record.Episode.RedFlags.ToHashSet();
        var items = RedFlags.Tier(record.Tier)
            .Select(item => new ReplyChoice("rf:" + item.Code, (selected.Contains(item.Code) ? Wording.Selected : string.Empty) + item.ShortLabel))
            .ToList();
        if (record.Tier == RedFlagTier.Emergency)
        {
            items.Add(new ReplyChoice("rf:help", Wording.GettingHelp));
            turn.Say("triage.emergency.record", Wording.EmergencyRecordPrompt, items, Question.MultiSlot);
        }
        else
        {
            items.Add(new ReplyChoice("rf:go", Wording.Continue));
            turn.Say("triage.same-day.record", Wording.SameDayRecordPrompt, items, Question.MultiSlot);
        }
    }

    private ConversationState AnswerRedFlagRecord(Turn turn, RedFlagRecordState record, Input input)
    {
        var finishId = record.Tier == RedFlagTier.Emergency ? "rf:help" : "rf:go";
        string? choiceId = input.ChoiceId;
        if (input.IsText)
        {
            var normalised = TypedAnswer.Normalise(input.Text!);
            var tier = RedFlags.Tier(record.Tier);
            if (normalised is "continue" or "ok" or "okay" or "done" or "next" || TypedAnswer.Normalise(Wording.GettingHelp).StartsWith(normalised, StringComparison.Ordinal) && normalised.Length >= 4)
            {
                choiceId = finishId;
            }
            else if (int.TryParse(normalised, out var number) && number >= 1 && number <= tier.Count)
            {
                choiceId = "rf:" + tier[number - 1].Code;
            }
        }

        if (choiceId is null || !choiceId.StartsWith("rf:", StringComparison.Ordinal))
        {
            if (!input.IsText)
            {
                turn.Say("stale", Wording.StaleButton);
            }

            if (record.Tier == RedFlagTier.Emergency)
            {
                turn.Say("triage.emergency.advice", Wording.EmergencyAdvice(_kit.EmergencyNumbers(turn)));
            }
            else if (input.IsText)
            {
                turn.Say("reprompt", Wording.DidNotCatch);
            }

            PromptRedFlagRecord(turn, record);
            return record;
        }

        if (choiceId == finishId)
        {
            if (record.Tier == RedFlagTier.Emergency)
            {
                turn.Say("triage.emergency.thanks", Wording.GettingHelpThanks);
                EndEpisode(turn, record.Episode, record.Episode with { Status = EpisodeStatus.EmergencyAdvice });
                return new IdleState();
            }

            return _kit.Ask(turn, new PainState(PainMoment.Before) { Episode = record.Episode });
        }

        var code = choiceId["rf:".Length..];
        var item = RedFlags.Find(code);
        if (item is null || item.Tier != record.Tier)
        {
            turn.Say("stale", Wording.StaleButton);
            PromptRedFlagRecord(turn, record);
            return record;
        }

        var adding = !record.Episode.RedFlags.Contains(code);
        var flags = adding
            ? [.. record.Episode.RedFlags, code]
            : record.Episode.RedFlags.Where(c => c != code).ToList();
        if (adding && code == RedFlags.CarbonMonoxide)
        {
            turn.Say("triage.carbon-monoxide.advice", Wording.CarbonMonoxideAdvice(_kit.EmergencyNumbers(turn)));
        }
        else if (adding && code == RedFlags.Pregnancy)
        {
            turn.Say("triage.pregnancy.advice", Wording.PregnancyAdvice(_kit.EmergencyNumbers(turn)));
        }

        var updated = record with { Episode = record.Episode with { RedFlags = flags } };
        var chosen = flags.ToHashSet();
        var choices = RedFlags.Tier(record.Tier)
            .Select(i => new ReplyChoice("rf:" + i.Code, (chosen.Contains(i.Code) ? Wording.Selected : string.Empty) + i.ShortLabel))
            .Append(new ReplyChoice(finishId, record.Tier == RedFlagTier.Emergency ? Wording.GettingHelp : Wording.Continue))
            .ToList();
        turn.Edit(record.Tier == RedFlagTier.Emergency ? "triage.emergency.record" : "triage.same-day.record", Question.MultiSlot,
            record.Tier == RedFlagTier.Emergency ? Wording.EmergencyRecordPrompt : Wording.SameDayRecordPrompt, choices);
        return updated;
    }

    private ConversationState OnPain(Turn turn, PainState step, int pain)
    {
        var episode = step.Episode;
        switch (step.Moment)
        {
            case PainMoment.Before:
                var rated = episode with { PainBefore = pain };
                if (rated.Kind == EpisodeKind.BreathingOnly || rated.RedFlagTier == RedFlagTier.SameDay)
                {
                    return _breathing.BeginBreathing(turn, rated);
                }

                return _kit.Ask(turn, new LocationState([]) { Episode = rated });

            case PainMoment.AfterBreathing:
                return _breathing.OnPainAfter(turn, episode, pain);

            case PainMoment.AfterTriggerPoints:
                return _triggerPoints.OnPainAfter(turn, episode, pain);

            default:
                return _followUp.OnPain(turn, episode, pain);
        }
    }

    private ConversationState OnMultiDone(Turn turn, FlowState step)
    {
        switch (step)
        {
            case LocationState location:
                if (location.Selected.Count == 0)
                {
                    turn.Say("reprompt", Wording.PickAtLeastOne);
                    return _kit.Reask(turn, step);
                }

                var located = step.Episode with { Locations = [.. location.Selected.Order()] };
                return located.Kind == EpisodeKind.PointsOnly && !_triggerPoints.MassageAllowed(turn, located, out _, out _)
                    ? _triggerPoints.BeginMassage(turn, located)
                    : _kit.Ask(turn, new CharacterState { Episode = located });

            case FeaturesState features:
                var featured = step.Episode with { Features = [.. features.Selected.Order()] };
                return featured.Kind == EpisodeKind.PointsOnly
                    ? _triggerPoints.BeginMassage(turn, featured)
                    : _kit.Ask(turn, new TriggersState([]) { Episode = featured });

            case TriggersState triggers:
                var withTriggers = step.Episode with { Triggers = [.. triggers.Selected.Order()] };
                return triggers.Selected.Contains(HeadacheTrigger.Other)
                    ? _kit.Ask(turn, new OtherTriggerState { Episode = withTriggers })
                    : _kit.Ask(turn, new MedicationState { Episode = withTriggers });

            default:
                return _kit.Reask(turn, step);
        }
    }

    private ConversationState OnOtherTrigger(Turn turn, OtherTriggerState step, string? words) =>
        _kit.Ask(turn, new MedicationState { Episode = step.Episode with { OtherTrigger = words } });
}
