using BreatheBot.Core.Episodes;

namespace BreatheBot.Core.Conversations;

/// <summary>
/// What a feature asks of the router: the owner of a step asks, re-asks and takes the answers to it. The engine
/// implements it by dispatching on the state's type to the feature that owns the state.
/// </summary>
internal interface IStepRouter
{
    /// <summary>The question a step asks (null for a step that asks no standard question).</summary>
    Question? QuestionFor(FlowState step, UserProfile? profile);

    /// <summary>Sends a step's prompt (its question, or the owning feature's own message).</summary>
    void Prompt(Turn turn, FlowState step);

    /// <summary>Repeats where we are, after help, a stale button or an answer we could not read.</summary>
    ConversationState Reask(Turn turn, ConversationState state);

    /// <summary>A button (or a typed word matching one) chosen on a single-choice question.</summary>
    ConversationState OnChoice(Turn turn, FlowState step, string choiceId);

    /// <summary>A 0–10 pain rating.</summary>
    ConversationState OnPain(Turn turn, PainState step, int pain);

    /// <summary>"Done" on a multi-select question.</summary>
    ConversationState OnMultiDone(Turn turn, FlowState step);

    /// <summary>A free-text answer (null: skipped).</summary>
    ConversationState OnFreeText(Turn turn, FlowState step, string? words);
}
