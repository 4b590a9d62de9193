using BreatheBot.Core.Messaging;

namespace BreatheBot.Core.Conversations;

/// <summary>
/// Buttons bound to their question: every turn stamps the buttons it sends with the conversation's
/// <see cref="ConversationState.PromptId"/>, which moves on when a step or an episode begins or ends, or when the step
/// moves on with a new message with buttons. In a private chat a press whose stamp is not the current one changes nothing and gets a
/// notice. Edits in place (the pacer's Stop and I feel dizzy, a multi-select) are re-stamped, so they stay current.
/// Groups are not checked: their buttons (shared sessions, an admin's settings) are used by many people at once.
/// </summary>
internal static class PromptStamps
{
    /// <summary>
    /// A press from an earlier question: one whose stamp differs from the current one. A button without a stamp (sent
    /// before stamps existed) counts as current only while the conversation has not asked anything since (PromptId 0).
    /// History and stats paging are views, not answers: they work whatever is on screen.
    /// </summary>
    internal static bool IsEarlierQuestion(ConversationState state, InboundEvent inbound) =>
        inbound is ChoiceSelected choice
        && !inbound.Key.IsChannel && inbound.Chat == ChatKind.Private
        && !IsViewButton(choice.ChoiceId)
        && (choice.PromptId ?? 0) != state.PromptId;

    /// <summary>"Yes, one or more" on the emergency tier, or "yes" to a typed sign's clarifying question.</summary>
    internal static bool ReportsEmergencySign(string choiceId) => choiceId is "e:yes" or "sc:yes";

    /// <summary>Paging through history or stats: a view that may be pressed at any time, never an answer to a step.</summary>
    internal static bool IsViewButton(string choiceId) =>
        choiceId.StartsWith("hist:", StringComparison.Ordinal) || choiceId.StartsWith("stats:", StringComparison.Ordinal)
        || HistoryEntries.IsHistoryButton(choiceId);

    /// <summary>
    /// The question number after a turn: the next one when a step or an episode began or ended, or when the state moved
    /// on and a new message with buttons was sent (the next muscle, a settings item); the same one when a question is
    /// only repeated (after help or a typo: both copies ask the same) or edited in place (a pacer tick, a multi-select).
    /// </summary>
    internal static int NextPromptId(ConversationState before, ConversationState after, List<Reply> replies)
    {
        var stepChanged = before.GetType() != after.GetType()
            || before.StepName != after.StepName
            || (before is FlowState a && after is FlowState b && a.Episode.Id != b.Episode.Id);
        var asksAnew = !stepChanged && !before.Equals(after)
            && replies.Exists(r => r is TextReply text && text.Choices.Any(c => !IsViewButton(c.Id)));
        return stepChanged || asksAnew ? before.PromptId + 1 : before.PromptId;
    }

    /// <summary>Stamps the buttons of every reply with <paramref name="promptId"/>.</summary>
    internal static void StampChoices(List<Reply> replies, int promptId)
    {
        for (var i = 0; i < replies.Count; i++)
        {
            replies[i] = replies[i] switch
            {
                TextReply { Choices.Count: > 0 } text => text with { Choices = Stamped(text.Choices, promptId) },
                EditReply { Choices.Count: > 0 } edit => edit with { Choices = Stamped(edit.Choices, promptId) },
                var other => other,
            };
        }
    }

    internal static ReplyChoice[] Stamped(IReadOnlyList<ReplyChoice> choices, int promptId)
    {
        var stamped = new ReplyChoice[choices.Count];
        for (var i = 0; i < stamped.Length; i++)
        {
            stamped[i] = choices[i].PromptId == promptId ? choices[i] : choices[i] with { PromptId = promptId };
        }

        return stamped;
    }
}
