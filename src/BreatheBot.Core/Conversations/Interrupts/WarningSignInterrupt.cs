using BreatheBot.Core.Content;
using BreatheBot.Core.Episodes;
using BreatheBot.Core.Messaging;
using BreatheBot.Core.Safety;

namespace BreatheBot.Core.Conversations;

/// <summary>
/// Typed at any step (content.md §2): every typed message in a private chat is read by the
/// <see cref="WarningSignDetector"/>. An emergency sign interrupts with the emergency advice; half a sign asks one
/// calm question (Yes → emergency, Not sure → same-day advice, No → back to exactly where the person was).
/// </summary>
internal sealed class WarningSignInterrupt(StepKit kit, RedFlagSteps redFlags, FollowUpFlow followUp)
{
    private readonly StepKit _kit = kit;

    private readonly RedFlagSteps _redFlags = redFlags;

    private readonly FollowUpFlow _followUp = followUp;

    private static readonly QuestionChoice[] SignCheckChoices =
    [
        new("sc:yes", SignCheckWording.Yes, "y", "yeah", "yep", "yes i do", "i do", "yes i have", "i have", "yes there is", "yes it is", "yes it did"),
        new("sc:no", SignCheckWording.No, "n", "nope", "nah", "no i dont", "no i haven t", "no i havent", "none", "neither", "not really", "no none", "no it isn t", "no it didn t"),
        new("sc:unsure", SignCheckWording.NotSure, "unsure", "dont know", "don t know", "i don t know", "i dont know", "maybe", "idk", "dunno", "not certain", "no idea", "possibly"),
    ];

    private static readonly IReadOnlyList<ReplyChoice> SignCheckReplies = Array.AsReadOnly(Array.ConvertAll(SignCheckChoices, c => c.ToReply()));

    /// <summary>Reads a typed message for warning signs; null when it is an everyday message for the current step.</summary>
    public ConversationState? TypedWarningSign(Turn turn, ConversationState state, string typed)
    {
        if (state is RedFlagRecordState { Tier: RedFlagTier.Emergency })
        {
            // The emergency advice is already given; everything typed now repeats it.
            return null;
        }

        var sign = WarningSignDetector.Classify(typed);
        return sign.Outcome switch
        {
            SignOutcome.Emergency => _redFlags.Emergency(turn, state, sign.Codes),
            SignOutcome.Clarify => AskSignCheck(turn, state, sign.Half!.Value),
            _ => null,
        };
    }

    private ConversationState AskSignCheck(Turn turn, ConversationState resume, HalfSign half)
    {
        turn.Say("sign-check.question", HalfSigns.Question(half), SignCheckReplies);
        return new SignCheckState(half, resume, turn.Now) { WakeAt = turn.Now + _kit.Options.QuestionTimeout };
    }

    public ConversationState AnswerSignCheck(Turn turn, SignCheckState check, Input input)
    {
        string? choiceId = input.ChoiceId;
        if (input.IsText)
        {
            var typed = input.Text!;
            if (StopInterrupt.IsStopWord(typed))
            {
                return StopInterrupt.Stop(turn, Resumed(turn, check));
            }

            var sign = WarningSignDetector.Classify(typed, check.Half);
            if (sign.Outcome == SignOutcome.Emergency)
            {
                return _redFlags.Emergency(turn, check.Resume, sign.Codes.Count > 0 ? sign.Codes : [HalfSigns.CodeOf(check.Half)]);
            }

            choiceId = TypedSignCheckAnswer(typed)?.Id;
            if (choiceId is null && sign.Outcome == SignOutcome.Clarify && sign.Half != check.Half)
            {
                // Another half sign instead of an answer: ask about that one.
                return AskSignCheck(turn, check.Resume, sign.Half!.Value);
            }
        }
        else if (choiceId is not null && !choiceId.StartsWith("sc:", StringComparison.Ordinal))
        {
            turn.Say("stale", Wording.StaleButton);
        }

        switch (choiceId)
        {
            case "sc:yes":
                return _redFlags.Emergency(turn, check.Resume, [HalfSigns.CodeOf(check.Half)]);
            case "sc:unsure":
                return SignCheckNotSure(turn, check);
            case "sc:no":
                turn.Say("sign-check.carry-on", SignCheckWording.CarryOn);
                var resumed = Resumed(turn, check);
                return resumed is IdleState ? resumed : _kit.Reask(turn, resumed);
            default:
                turn.Say("sign-check.question", SignCheckWording.PleaseAnswer + "\n\n" + HalfSigns.Question(check.Half), SignCheckReplies);
                return check;
        }
    }

    private static QuestionChoice? TypedSignCheckAnswer(string typed)
    {
        if (TypedAnswer.MatchOne(typed, SignCheckChoices) is { } exact)
        {
            return exact;
        }

        var normalised = TypedAnswer.Normalise(typed);
        if (normalised.StartsWith("not sure", StringComparison.Ordinal) || normalised.StartsWith("i m not sure", StringComparison.Ordinal) || normalised.StartsWith("im not sure", StringComparison.Ordinal))
        {
            return SignCheckChoices[2];
        }

        if (normalised.StartsWith("no ", StringComparison.Ordinal) || normalised.StartsWith("nope ", StringComparison.Ordinal))
        {
            return SignCheckChoices[1];
        }

        return normalised.StartsWith("yes ", StringComparison.Ordinal) || normalised.StartsWith("yeah ", StringComparison.Ordinal) ? SignCheckChoices[0] : null;
    }

    /// <summary>"Not sure" is answered with the same-day advice and the flow goes on as for a same-day flag (content.md §2).</summary>
    private ConversationState SignCheckNotSure(Turn turn, SignCheckState check)
    {
        turn.Say("triage.same-day.advice", Wording.SameDayAdvice(_kit.Options.NonEmergencyLine));
        var resumed = Resumed(turn, check);
        if (resumed is not FlowState flow)
        {
            return resumed;
        }

        if (flow.Episode.RedFlagTier is null)
        {
            flow = flow with { Episode = flow.Episode with { RedFlagTier = RedFlagTier.SameDay } };
        }

        if (flow is ContraindicationState or OfferPointsState or MuscleState)
        {
            // No massage after a same-day flag.
            turn.Say("points.skipped.same-day", Wording.MassageSkippedSameDay);
            return _followUp.WrapUp(turn, flow.Episode);
        }

        return _kit.Reask(turn, flow);
    }

    /// <summary>The question went unanswered: err on the side of care, then put the person back where they were.</summary>
    public ConversationState SignCheckExpired(Turn turn, SignCheckState check)
    {
        turn.Say("triage.same-day.advice", Wording.SameDayAdvice(_kit.Options.NonEmergencyLine));
        return Resumed(turn, check);
    }

    /// <summary>Where the person was, with its timers moved on by the time the question took.</summary>
    public ConversationState Resumed(Turn turn, SignCheckState check)
    {
        var paused = turn.Now - check.AskedAt;
        return check.Resume switch
        {
            BreathingState b => b with { StartedAt = b.StartedAt + paused, WakeAt = b.WakeAt + paused },
            MuscleState { Holding: true } m => m with { HoldEndsAt = m.HoldEndsAt + paused, WakeAt = m.WakeAt + paused },
            FollowUpPendingState f => f.WakeAt < turn.Now ? f with { WakeAt = turn.Now } : f,
            FlowState { WakeAt: not null } f => f with { WakeAt = turn.Now + _kit.ExpiryFor(f) },
            var other => other,
        };
    }
}
