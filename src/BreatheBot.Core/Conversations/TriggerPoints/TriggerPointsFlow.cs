using BreatheBot.Core.Content;
using BreatheBot.Core.Episodes;
using BreatheBot.Core.Messaging;

namespace BreatheBot.Core.Conversations;

/// <summary>
/// Trigger-point self-massage (content.md §5): contraindications first, then muscle by muscle with hold timers. Owns
/// <see cref="OfferPointsState"/>, <see cref="ContraindicationState"/>, <see cref="Over65State"/> and <see cref="MuscleState"/>.
/// </summary>
internal sealed class TriggerPointsFlow(StepKit kit, FollowUpFlow followUp)
{
    private readonly StepKit _kit = kit;

    private readonly FollowUpFlow _followUp = followUp;

    private const string TimerSlot = "timer";

    /// <summary>
    /// Massage is never offered after an emergency flag, with a same-day flag or "Not sure", when contraindicated, without
    /// both screens answered (<see cref="Episode.ScreenAllowsMassage"/>), or within the pause after an emergency flag.
    /// </summary>
    public bool MassageAllowed(Turn turn, Episode episode, out string? reasonKey, out string? reason)
    {
        reasonKey = null;
        reason = null;
        if (episode.RedFlagTier == RedFlagTier.Emergency)
        {
            return false;
        }

        if (episode.RedFlagTier == RedFlagTier.SameDay)
        {
            reasonKey = "points.skipped.same-day";
            reason = Wording.MassageSkippedSameDay;
            return false;
        }

        if (episode.MassageContraindicated)
        {
            return false;
        }

        if (!episode.ScreenAllowsMassage)
        {
            // Never massage for someone who has not answered both warning-sign tiers "None of these".
            return false;
        }

        if (episode.DizzyDuringBreathing || episode.MassageStoppedUnwell)
        {
            reasonKey = "points.skipped.dizzy";
            reason = Wording.MassageSkippedDizzy;
            return false;
        }

        if (turn.Profile?.LastEmergencyFlagAt is { } flaggedAt && turn.Now - flaggedAt < _kit.Options.MassagePauseAfterEmergency)
        {
            reasonKey = "points.skipped.recent-emergency";
            reason = Wording.RecentEmergencyNoMassage;
            return false;
        }

        return true;
    }

    /// <summary>/points after the location question.</summary>
    public ConversationState BeginMassage(Turn turn, Episode episode)
    {
        if (!MassageAllowed(turn, episode, out var reasonKey, out var reason))
        {
            if (reason is not null)
            {
                turn.Say(reasonKey!, reason);
            }

            return _kit.Ask(turn, new BreathingPresetState { Episode = episode });
        }

        // Features like migraine, or /points' features question skipped: gentle pressure, and the steps are optional.
        return episode.MigraineLikeFeatures || episode.FeaturesSkipped
            ? _kit.Ask(turn, new OfferPointsState { Episode = episode })
            : _kit.Ask(turn, new ContraindicationState { Episode = episode });
    }

    /// <summary>Any pre-massage "yes" (or "not sure"): no massage, say why, and offer breathing when it wasn't done.</summary>
    private ConversationState MassageContraindicated(Turn turn, Episode episode)
    {
        turn.Say("points.contraindicated", Wording.MassageSkippedContraindicated);
        return OfferBreathingOrWrapUp(turn, episode);
    }

    /// <summary>/points without massage offers breathing instead; the headache flow has had its breathing question already.</summary>
    private ConversationState OfferBreathingOrWrapUp(Turn turn, Episode episode) =>
        episode.Kind == EpisodeKind.PointsOnly && !episode.StepsDone.Contains(SelfCareStep.Breathing)
            ? _kit.Ask(turn, new BreathingPresetState { Episode = episode })
            : _followUp.WrapUp(turn, episode);

    /// <summary>The sternocleidomastoid is not offered over 65: age is asked only when the routine would include it.</summary>
    private ConversationState AfterContraindications(Turn turn, Episode episode) =>
        episode.Over65 is null && TriggerPoints.ChooseFor(episode.Locations).Contains(Muscle.Sternocleidomastoid)
            ? _kit.Ask(turn, new Over65State { Episode = episode })
            : StartMuscles(turn, episode);

    private ConversationState StartMuscles(Turn turn, Episode episode)
    {
        var muscles = TriggerPoints.ChooseFor(episode.Locations, sternocleidomastoid: episode.Over65 != true);
        var gentle = episode.MigraineLikeFeatures || episode.FeaturesSkipped;
        return _kit.Ask(turn, new MuscleState(muscles, Index: 0, Side: 1, gentle, HoldEndsAt: null) { Episode = episode });
    }

    private static readonly ReplyChoice StopUnwell = new("mu:unwell", Wording.StopUnwellLabel);

    private static readonly IReadOnlyList<ReplyChoice> HoldControls = [new("mu:skip", Wording.Skip), StopUnwell];

    public void PromptMuscle(Turn turn, MuscleState step)
    {
        var controls = new List<ReplyChoice>
        {
            new("mu:hold", Wording.StartHold(_kit.Options.HoldSeconds)),
            new("mu:skip", step.Side == 1 ? Wording.SkipMuscle : Wording.Skip),
            StopUnwell,
        };
        if (step.Side == 2)
        {
            turn.Say("points.other-side", Wording.OtherSide, controls);
            return;
        }

        var guide = TriggerPoints.Guides[step.Muscles[step.Index]];
        turn.Say("points.step", Wording.MuscleStep(step.Index + 1, step.Muscles.Count, guide, step.Gentle, _kit.Options.HoldSeconds), controls);
    }

    public ConversationState AnswerMuscle(Turn turn, MuscleState step, Input input)
    {
        var typed = input.IsText ? TypedAnswer.Normalise(input.Text!) : null;

        // A typed number is the button at that place on screen: the hold timer shows Skip and Stop-unwell only.
        typed = (typed, step.Holding) switch
        {
            ("1", true) => "skip",
            ("2", true) => "dizzy",
            ("1", false) => "start",
            ("2", false) => "skip",
            ("3", false) => "dizzy",
            _ => typed,
        };
        var action = input.ChoiceId ?? typed switch
        {
            "start" or "hold" or "go" or "ok" or "okay" or "ready" => "mu:hold",
            "skip" or "next" => "mu:skip",
            "dizzy" or "i feel dizzy" or "numb" or "i feel numb" or "worse" or "it s worse" or "its worse" or "faint" or "i feel faint"
                or "tingly" or "tingling" or "lightheaded" or "light headed" or "i feel light headed" or "i feel worse" => "mu:unwell",
            { } t when t.StartsWith("start", StringComparison.Ordinal) => "mu:hold",
            { } t when t.StartsWith("skip", StringComparison.Ordinal) => "mu:skip",
            _ => null,
        };

        if (action is not null && !action.StartsWith("mu:", StringComparison.Ordinal))
        {
            turn.Say("stale", Wording.StaleButton);
            return _kit.Reask(turn, step);
        }

        switch (action)
        {
            case "mu:hold" when !step.Holding:
                var endsAt = turn.Now + TimeSpan.FromSeconds(_kit.Options.HoldSeconds);
                turn.Say("points.hold", Wording.Holding(_kit.Options.HoldSeconds), HoldControls, TimerSlot);
                return step with { HoldEndsAt = endsAt, WakeAt = NextHoldTick(turn.Now, endsAt) };

            case "mu:skip":
                if (step.Holding)
                {
                    turn.Edit("points.hold", TimerSlot, Wording.ReleaseSlowly);
                    return NextSide(turn, step with { HoldEndsAt = null }, held: true);
                }

                return NextMuscle(turn, step, held: false);

            case "mu:hold":
                return _kit.Reask(turn, step);

            case "mu:unwell":
                return StopMassageUnwell(turn, step);

            default:
                turn.Say("reprompt", Wording.DidNotCatch);
                return _kit.Reask(turn, step);
        }
    }

    private DateTimeOffset NextHoldTick(DateTimeOffset from, DateTimeOffset endsAt)
    {
        var tick = from + TimeSpan.FromSeconds(_kit.Options.HoldTickSeconds);
        return tick < endsAt ? tick : endsAt;
    }

    public ConversationState OnHoldTimer(Turn turn, MuscleState step, TimerFired timer)
    {
        var endsAt = step.HoldEndsAt!.Value;
        if (timer.DueAt < endsAt && timer.At - timer.DueAt <= _kit.Options.PacerLateTolerance)
        {
            var left = (int)Math.Ceiling((endsAt - timer.DueAt).TotalSeconds);
            turn.Edit("points.hold", TimerSlot, Wording.Holding(left), HoldControls);
            return step with { WakeAt = NextHoldTick(timer.DueAt, endsAt) };
        }

        turn.Edit("points.hold", TimerSlot, Wording.ReleaseSlowly);
        return NextSide(turn, step with { HoldEndsAt = null }, held: true);
    }

    private ConversationState NextSide(Turn turn, MuscleState step, bool held)
    {
        if (step.Side == 1)
        {
            return _kit.Ask(turn, step with { Side = 2, WakeAt = null });
        }

        return NextMuscle(turn, step, held);
    }

    /// <summary>
    /// "Stop: I feel dizzy, numb or worse": the dizziness advice, no further massage steps in this episode, and the
    /// profile remembers the dizziness (no breath-holds until turned back on; content.md §4, §5).
    /// </summary>
    private ConversationState StopMassageUnwell(Turn turn, MuscleState step)
    {
        if (step.Holding)
        {
            turn.Edit("points.hold", TimerSlot, Wording.MassageStopped);
        }

        turn.Say("points.unwell", Wording.DizzyAdvice(_kit.EmergencyNumbers(turn)));
        StepKit.RememberDizzy(turn);
        var episode = step.Holding || step.Side == 2 ? WithMuscleDone(step.Episode, step.Muscles[step.Index]) : step.Episode;
        return _followUp.WrapUp(turn, episode with { MassageStoppedUnwell = true });
    }

    private static Episode WithMuscleDone(Episode episode, Muscle muscle)
    {
        if (!episode.MusclesDone.Contains(muscle))
        {
            episode = episode with { MusclesDone = [.. episode.MusclesDone, muscle] };
        }

        return episode.StepsDone.Contains(SelfCareStep.TriggerPoints)
            ? episode
            : episode with { StepsDone = [.. episode.StepsDone, SelfCareStep.TriggerPoints] };
    }

    private ConversationState NextMuscle(Turn turn, MuscleState step, bool held)
    {
        var episode = step.Episode;
        if (held || step.Side == 2)
        {
            episode = WithMuscleDone(episode, step.Muscles[step.Index]);
        }

        if (step.Index + 1 < step.Muscles.Count)
        {
            return _kit.Ask(turn, step with { Episode = episode, Index = step.Index + 1, Side = 1, HoldEndsAt = null, WakeAt = null });
        }

        turn.Say("points.stretch", Wording.Stretch);
        return _kit.Ask(turn, new PainState(PainMoment.AfterTriggerPoints) { Episode = episode });
    }

    public static Question? QuestionFor(FlowState step) => step switch
    {
        OfferPointsState => TriggerPointsQuestions.OfferPoints,
        ContraindicationState => TriggerPointsQuestions.Contraindications,
        Over65State => TriggerPointsQuestions.Over65,
        _ => null,
    };

    public ConversationState OnChoice(Turn turn, FlowState step, string choiceId)
    {
        var episode = step.Episode;
        switch (step)
        {
            case OfferPointsState:
                return choiceId == "op:yes"
                    ? _kit.Ask(turn, new ContraindicationState { Episode = episode })
                    : OfferBreathingOrWrapUp(turn, episode);

            case ContraindicationState:
                return choiceId == "ci:none"
                    ? AfterContraindications(turn, episode)
                    : MassageContraindicated(turn, episode with { MassageContraindicated = true });

            case Over65State:
                return StartMuscles(turn, episode with { Over65 = choiceId == "ag:yes" });

            default:
                return _kit.Reask(turn, step);
        }
    }

    /// <summary>The pain rating after the steps: the episode is done.</summary>
    public ConversationState OnPainAfter(Turn turn, Episode episode, int pain) =>
        _followUp.WrapUp(turn, episode with { PainAfterTriggerPoints = pain });

    /// <summary>While a hold runs, a question is answered with where we are.</summary>
    public static void RemindHolding(Turn turn) =>
        turn.Say("hold.reminder", "Keep holding gently; I'll tell you when to release. Type skip to move on.");
}
