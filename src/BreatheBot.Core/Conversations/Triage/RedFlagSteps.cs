using BreatheBot.Core.Content;
using BreatheBot.Core.Episodes;
using BreatheBot.Core.Messaging;

using static BreatheBot.Core.Conversations.EpisodeLifecycle;

namespace BreatheBot.Core.Conversations;

/// <summary>
/// After a warning sign (content.md §2): the emergency advice, itemising the flags for the diary
/// (<see cref="RedFlagRecordState"/>), and "Have you got help?" within the pause after an emergency flag
/// (<see cref="EmergencyCheckState"/>).
/// </summary>
internal sealed class RedFlagSteps(StepKit kit)
{
    private readonly StepKit _kit = kit;

    /// <summary>After an emergency flag, a new flow first repeats the advice and asks "Have you got help?".</summary>
    public ConversationState AskGotHelp(Turn turn, EpisodeKind? kind)
    {
        turn.Say("triage.emergency.advice", Wording.EmergencyAdvice(_kit.EmergencyNumbers(turn)));
        var question = TriageQuestions.GotHelp;
        turn.Say(question.Key, question.Text, question.Replies, wordsOnly: true);
        return new EmergencyCheckState(kind);
    }

    public ConversationState AnswerGotHelp(Turn turn, EmergencyCheckState check, Input input)
    {
        var question = TriageQuestions.GotHelp;
        var choice = input.IsText ? TypedAnswer.MatchOne(input.Text!, question.Choices, numbers: false) : question.FindById(input.ChoiceId!);
        switch (choice?.Id)
        {
            case "ec:yes":
                // Breathing goes on, screened as usual; massage stays off for the whole pause (MassageAllowed).
                if (check.Kind is { } kind)
                {
                    return TriageFlow.BeginFlow(_kit, turn, kind);
                }

                StepKit.SayMenu(turn);
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
    public ConversationState Emergency(Turn turn, ConversationState state, IReadOnlyList<string> codes)
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
        PromptRecord(turn, record);
        return record with { WakeAt = turn.Now + _kit.Options.QuestionTimeout };
    }

    public static void PromptRecord(Turn turn, RedFlagRecordState record)
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

    public ConversationState AnswerRecord(Turn turn, RedFlagRecordState record, Input input)
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

            PromptRecord(turn, record);
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
            PromptRecord(turn, record);
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
}
