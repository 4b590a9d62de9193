using BreatheBot.Core.Content;
using BreatheBot.Core.Episodes;
using BreatheBot.Core.Messaging;

namespace BreatheBot.Core.Conversations;

/// <summary>
/// The paced breathing exercise (content.md §4): one message updated once per phase, driven by wake-ups. Owns /breathe's
/// purpose question, the holds caution, the preset and length questions, the pacer and a stalled pacer.
/// </summary>
internal sealed class BreathingFlow
{
    private readonly StepKit _kit;

    private readonly TriggerPointsFlow _triggerPoints;

    private readonly FollowUpFlow _followUp;

    /// <summary>The length questions depend on the options; built here, read-only afterwards.</summary>
    private readonly Question _resonanceLengthQuestion;
    private readonly Question _boxLengthQuestion;

    public BreathingFlow(StepKit kit, TriggerPointsFlow triggerPoints, FollowUpFlow followUp)
    {
        _kit = kit;
        _triggerPoints = triggerPoints;
        _followUp = followUp;
        _resonanceLengthQuestion = BreathingQuestions.Length(BreathingPresets.Resonance, kit.Options.DefaultBreathingMinutes);
        _boxLengthQuestion = BreathingQuestions.Length(BreathingPresets.Box, kit.Options.DefaultBreathingMinutes);
    }

    internal const string PacerSlot = "pacer";

    public ConversationState BeginBreathing(Turn turn, Episode episode)
    {
        if (episode.Practice && episode.HoldsCaution is null)
        {
            // Practice skips the screens, so the one question that rules out breath-holds comes first (content.md §2).
            return _kit.Ask(turn, new HoldsCautionState { Episode = episode });
        }

        if (episode.Kind == EpisodeKind.Headache && episode.MigraineLikeFeatures && episode.RedFlagTier is null)
        {
            turn.Say("triage.migraine-like", Wording.MigraineLikeNote);
        }

        return _kit.Ask(turn, new BreathingPresetState { Episode = episode });
    }

    private ConversationState StartBreathing(Turn turn, Episode episode, BreathingPreset preset, int totalCycles)
    {
        var pattern = BreathingPresets.For(preset);
        turn.Say("breathing.cue", Wording.BreathingCue);
        var state = new BreathingState(preset, totalCycles, Cycle: 1, Phase: 0, StartedAt: turn.Now)
        {
            Episode = episode with { BreathingPreset = preset },
        };
        var first = pattern.Phases[0];
        turn.Say("breathing.pacer", Wording.Pacer(first, 1, totalCycles, Remaining(pattern, totalCycles, 1, 0)), PacerControls, PacerSlot);
        return state with { WakeAt = turn.Now + TimeSpan.FromSeconds(first.Seconds) };
    }

    /// <summary>
    /// Breath-holds (box, 4-7-8) only for someone whose screen ruled them out (<see cref="Episode.ScreenAllowsHolds"/>:
    /// both tiers clear, or in practice "no" to the pregnancy / heart / lung / panic question), so never after any
    /// same-day sign (pregnancy among them); never to someone who felt dizzy before (their profile remembers it until they
    /// turn holds back on in /settings), nor after dizziness in this episode (content.md §4).
    /// </summary>
    internal static bool HoldsAllowed(Episode episode, UserProfile? profile) =>
        episode.ScreenAllowsHolds && !episode.DizzyDuringBreathing && !episode.MassageStoppedUnwell && profile?.BreathHoldsOff != true;

    /// <summary>Choosing a preset with holds from the question that carried the caution: the caution is not repeated.</summary>
    private static void NoteHoldsChosen(Turn turn, BreathingPreset preset)
    {
        if (BreathingPresets.For(preset).HasHolds && turn.Profile is { HoldsCautionSeen: false } profile)
        {
            turn.SetProfile(profile with { HoldsCautionSeen = true });
        }
    }

    private static readonly IReadOnlyList<ReplyChoice> PacerControls =
    [
        new("pc:stop", "Stop breathing"),
        new("pc:dizzy", Wording.DizzyLabel),
    ];

    /// <summary>The phase after (<paramref name="cycle"/>, <paramref name="phase"/>); the cycle is past the last when the exercise is over.</summary>
    internal static (int Cycle, int Phase) NextPhase(BreathingPattern pattern, int cycle, int phase) =>
        phase + 1 < pattern.Phases.Count ? (cycle, phase + 1) : (cycle + 1, 0);

    /// <summary>Time left from the start of the given phase to the end of the exercise.</summary>
    internal static TimeSpan Remaining(BreathingPattern pattern, int totalCycles, int cycle, int phase)
    {
        var left = (totalCycles - cycle) * pattern.CycleSeconds;
        for (var i = phase; i < pattern.Phases.Count; i++)
        {
            left += pattern.Phases[i].Seconds;
        }

        return TimeSpan.FromSeconds(left);
    }

    public ConversationState AnswerPacer(Turn turn, BreathingState breathing, Input input)
    {
        var action = input.ChoiceId ?? TypedAnswer.Normalise(input.Text!) switch
        {
            "skip" or "stop breathing" or "done" or "enough" or "finish" => "pc:stop",
            "dizzy" or "i feel dizzy" or "faint" or "i feel faint" or "tingly" or "tingling" or "lightheaded" or "light headed" => "pc:dizzy",
            _ => null,
        };

        switch (action)
        {
            case "pc:stop":
                turn.Edit("breathing.pacer", PacerSlot, Wording.BreathingStopped);
                return AfterBreathing(turn, Breathed(breathing, turn.Now), askPain: true);
            case "pc:dizzy":
                turn.Edit("breathing.pacer", PacerSlot, Wording.BreathingStopped);
                turn.Say("breathing.dizzy", Wording.DizzyAdvice(_kit.EmergencyNumbers(turn)));
                StepKit.RememberDizzy(turn);
                return AfterBreathing(turn, Breathed(breathing, turn.Now) with { DizzyDuringBreathing = true }, askPain: true);
            case not null:
                turn.Say("stale", Wording.StaleButton);
                return _kit.Reask(turn, breathing);
            default:
                return _kit.Reask(turn, breathing);
        }
    }

    private static Episode Breathed(BreathingState breathing, DateTimeOffset now)
    {
        var seconds = (int)Math.Max(0, (now - breathing.StartedAt).TotalSeconds);
        var steps = breathing.Episode.StepsDone.Contains(SelfCareStep.Breathing)
            ? breathing.Episode.StepsDone
            : [.. breathing.Episode.StepsDone, SelfCareStep.Breathing];
        return breathing.Episode with { StepsDone = steps, BreathingSeconds = (breathing.Episode.BreathingSeconds ?? 0) + seconds };
    }

    public ConversationState OnTimer(Turn turn, BreathingState breathing, TimerFired timer)
    {
        if (timer.At - timer.DueAt > _kit.Options.PacerLateTolerance)
        {
            // We were away (a restart): don't replay every missed phase, offer to start again.
            var stalled = new PacerStalledState(breathing.Preset, breathing.TotalCycles) { Episode = Breathed(breathing, timer.DueAt) };
            turn.Edit("breathing.pacer", PacerSlot, Wording.BreathingStopped);
            return _kit.Ask(turn, stalled);
        }

        var pattern = BreathingPresets.For(breathing.Preset);
        var (cycle, phase) = NextPhase(pattern, breathing.Cycle, breathing.Phase);
        if (cycle > breathing.TotalCycles)
        {
            turn.Edit("breathing.pacer", PacerSlot, Wording.BreathingDone);
            return AfterBreathing(turn, Breathed(breathing, timer.DueAt), askPain: true);
        }

        var current = pattern.Phases[phase];
        turn.Edit("breathing.pacer", PacerSlot, Wording.Pacer(current, cycle, breathing.TotalCycles, Remaining(pattern, breathing.TotalCycles, cycle, phase)), PacerControls);

        // Schedule from the due time, not from now, so the pacer does not drift.
        return breathing with { Cycle = cycle, Phase = phase, WakeAt = timer.DueAt + TimeSpan.FromSeconds(current.Seconds) };
    }

    private ConversationState AfterBreathing(Turn turn, Episode episode, bool askPain)
    {
        if (episode.Practice)
        {
            // No headache, so no pain question, no diary entry and no follow-up.
            turn.Say("breathing.practice-done", Wording.PracticeDone);
            return new IdleState();
        }

        return askPain
            ? _kit.Ask(turn, new PainState(PainMoment.AfterBreathing) { Episode = episode })
            : AfterPain(turn, episode);
    }

    private ConversationState AfterPain(Turn turn, Episode episode)
    {
        switch (episode.Kind)
        {
            case EpisodeKind.Headache:
                if (!_triggerPoints.MassageAllowed(turn, episode, out var reasonKey, out var reason))
                {
                    if (reason is not null)
                    {
                        turn.Say(reasonKey!, reason);
                    }

                    return _followUp.WrapUp(turn, episode);
                }

                return episode.MigraineLikeFeatures
                    ? _kit.Ask(turn, new OfferPointsState { Episode = episode })
                    : _kit.Ask(turn, new ContraindicationState { Episode = episode });

            default:
                return _followUp.WrapUp(turn, episode);
        }
    }

    public Question? QuestionFor(FlowState step, UserProfile? profile) => step switch
    {
        BreathePurposeState => BreathingQuestions.BreathePurpose,
        HoldsCautionState => BreathingQuestions.HoldsCaution,
        BreathingPresetState s => !HoldsAllowed(s.Episode, profile) ? BreathingQuestions.PresetHoldsSkipped
            : profile?.HoldsCautionSeen == true ? BreathingQuestions.PresetWithHolds : BreathingQuestions.PresetWithHoldsCaution,
        BreathingLengthState s => s.Preset == BreathingPreset.Box ? _boxLengthQuestion : _resonanceLengthQuestion,
        PacerStalledState => BreathingQuestions.PacerStalled,
        _ => null,
    };

    public ConversationState OnChoice(Turn turn, FlowState step, string choiceId)
    {
        var episode = step.Episode;
        var value = QuestionAnswers.ParseValue(choiceId);
        switch (step)
        {
            case BreathePurposeState:
                return choiceId == "bpu:practice"
                    ? BeginBreathing(turn, episode with { Practice = true })
                    : _kit.Ask(turn, new ScreeningState(RedFlagTier.Emergency) { Episode = episode });

            case HoldsCautionState:
                return _kit.Ask(turn, new BreathingPresetState { Episode = episode with { HoldsCaution = choiceId == "hc:yes" } });

            case BreathingPresetState:
                if (choiceId == "bp:skip")
                {
                    return AfterBreathing(turn, episode, askPain: false);
                }

                var preset = (BreathingPreset)value!.Value;
                NoteHoldsChosen(turn, preset);
                return preset == BreathingPreset.FourSevenEight
                    ? StartBreathing(turn, episode, preset, BreathingPresets.FourSevenEight.CyclesFor(_kit.BreathingMinutes(turn)))
                    : _kit.Ask(turn, new BreathingLengthState(preset) { Episode = episode });

            case BreathingLengthState length:
                var minutes = Math.Clamp(value ?? _kit.BreathingMinutes(turn), 1, 5);
                return StartBreathing(turn, episode, length.Preset, BreathingPresets.For(length.Preset).CyclesFor(minutes));

            case PacerStalledState stalled:
                return choiceId == "ps:restart"
                    ? StartBreathing(turn, episode, stalled.Preset, stalled.TotalCycles)
                    : AfterBreathing(turn, episode, askPain: true);

            default:
                return _kit.Reask(turn, step);
        }
    }

    /// <summary>The pain rating after breathing.</summary>
    public ConversationState OnPainAfter(Turn turn, Episode episode, int pain) => AfterPain(turn, episode with { PainAfterBreathing = pain });

    /// <summary>While the pacer runs, a question is answered with where we are.</summary>
    public static void RemindPacing(Turn turn) =>
        turn.Say("breathing.reminder", "I'm pacing your breathing in the message above. Type skip to end the exercise early.");
}
