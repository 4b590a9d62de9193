using BreatheBot.Core.Content;
using BreatheBot.Core.Episodes;

using static BreatheBot.Core.Conversations.EpisodeLifecycle;

namespace BreatheBot.Core.Conversations;

/// <summary>
/// Onset triage: the red-flag screen (content.md §2), the questions after it (§3) and the child advice (§1). Owns the
/// screening, location, character, features, triggers and medication steps and the first pain rating; the advice after
/// a flag is <see cref="RedFlagSteps"/>.
/// </summary>
internal sealed class TriageFlow(StepKit kit, RedFlagSteps redFlags, BreathingFlow breathing, TriggerPointsFlow triggerPoints)
{
    private readonly StepKit _kit = kit;

    private readonly RedFlagSteps _redFlags = redFlags;

    private readonly BreathingFlow _breathing = breathing;

    private readonly TriggerPointsFlow _triggerPoints = triggerPoints;

    /// <summary>Every personal flow is screened: /headache and /points run both tiers; /breathe asks why first.</summary>
    public static ConversationState BeginFlow(StepKit kit, Turn turn, EpisodeKind kind) =>
        kind == EpisodeKind.BreathingOnly
            ? kit.Ask(turn, new BreathePurposeState { Episode = NewEpisode(turn, kind) })
            : kit.Ask(turn, new ScreeningState(RedFlagTier.Emergency) { Episode = NewEpisode(turn, kind) });

    public static Question? QuestionFor(FlowState step) => step switch
    {
        ScreeningState s => s.Tier == RedFlagTier.Emergency ? TriageQuestions.EmergencyScreen : TriageQuestions.SameDayScreen,
        LocationState => TriageQuestions.Location,
        CharacterState s => s.Episode.Kind == EpisodeKind.PointsOnly ? TriageQuestions.CharacterForPoints : TriageQuestions.Character,
        FeaturesState => TriageQuestions.Features,
        TriggersState => TriageQuestions.Triggers,
        OtherTriggerState => TriageQuestions.OtherTrigger,
        MedicationState => TriageQuestions.Medication,
        MedicationTimingState => TriageQuestions.MedicationTiming,
        _ => null,
    };

    public ConversationState OnChoice(Turn turn, FlowState step, string choiceId)
    {
        var episode = step.Episode;
        var value = QuestionAnswers.ParseValue(choiceId);
        switch (step)
        {
            case ScreeningState { Tier: RedFlagTier.Emergency }:
                return choiceId switch
                {
                    "e:yes" => _redFlags.Emergency(turn, step, []),
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
                DiaryCommands.CheckMedicationOveruse(turn, withMedication);
                return medication == MedicationKind.None
                    ? _breathing.BeginBreathing(turn, withMedication)
                    : _kit.Ask(turn, new MedicationTimingState { Episode = withMedication });

            case MedicationTimingState:
                return _breathing.BeginBreathing(turn, episode with { MedicationTiming = (MedicationTiming)value!.Value });

            default:
                return _kit.Reask(turn, step);
        }
    }

    /// <summary>The pain rating before any self-care.</summary>
    public ConversationState OnPainBefore(Turn turn, Episode episode, int pain)
    {
        var rated = episode with { PainBefore = pain };
        if (rated.Kind == EpisodeKind.BreathingOnly || rated.RedFlagTier == RedFlagTier.SameDay)
        {
            return _breathing.BeginBreathing(turn, rated);
        }

        return _kit.Ask(turn, new LocationState([]) { Episode = rated });
    }

    public ConversationState OnMultiDone(Turn turn, FlowState step)
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

    public ConversationState OnOtherTrigger(Turn turn, OtherTriggerState step, string? words) =>
        _kit.Ask(turn, new MedicationState { Episode = step.Episode with { OtherTrigger = words } });

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
    public ConversationState ForChild(Turn turn, ConversationState state)
    {
        if (state is FlowState running)
        {
            EndEpisode(turn, running.Episode, running.Episode with { Status = OpenOr(running.Episode, EpisodeStatus.Stopped) });
        }

        turn.Say("triage.child", Wording.ChildAdvice(_kit.EmergencyNumbers(turn), _kit.Options.NonEmergencyLine));
        return new IdleState();
    }
}
