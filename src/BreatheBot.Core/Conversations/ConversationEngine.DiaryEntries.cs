using BreatheBot.Core.Commands;
using BreatheBot.Core.Content;
using BreatheBot.Core.Diary;
using BreatheBot.Core.Episodes;
using BreatheBot.Core.Messaging;

namespace BreatheBot.Core.Conversations;

/// <summary>
/// The diary-entry flows (Core/Diary): /log a past headache, and edit or delete one entry from /history. The engine
/// only routes to them; the interrupts (typed warning signs, stop, help) run first as for every step.
/// </summary>
public sealed partial class ConversationEngine
{
    /// <summary>True for a step of a diary-entry flow (they read the person's diary every turn).</summary>
    private static bool IsDiaryEntryStep(ConversationState state) => state is LogEntryState or EditEntryState or ConfirmDeleteEntryState;

    /// <summary>/log: any flow running is closed and kept first (as a new flow does).</summary>
    private static ConversationState StartLog(Turn turn, ConversationState state)
    {
        if (state is FlowState running)
        {
            EndEpisode(turn, running.Episode, IsFollowUpStep(running)
                ? running.Episode with { FollowUp = FollowUpStatus.Cancelled }
                : running.Episode with { Status = OpenOr(running.Episode, EpisodeStatus.Stopped) });
        }

        return LogEntryFlow.Start(new DiaryTurn(turn));
    }

    /// <summary>An Edit or Delete button on a history page: a running flow is closed and kept first.</summary>
    private static ConversationState PressHistoryEntry(Turn turn, ConversationState state, string choiceId)
    {
        if (state is FlowState running)
        {
            EndEpisode(turn, running.Episode, IsFollowUpStep(running)
                ? running.Episode with { FollowUp = FollowUpStatus.Cancelled }
                : running.Episode with { Status = OpenOr(running.Episode, EpisodeStatus.Stopped) });
        }

        return HistoryEntries.Press(new DiaryTurn(turn), choiceId);
    }

    private static ConversationState AnswerDiaryEntry(Turn turn, ConversationState state, Input input)
    {
        var diaryTurn = new DiaryTurn(turn);
        var answer = new DiaryInput(input.Text, input.ChoiceId);
        return state switch
        {
            LogEntryState log => LogEntryFlow.Answer(diaryTurn, log, answer),
            EditEntryState edit => EditEntryFlow.Answer(diaryTurn, edit, answer),
            ConfirmDeleteEntryState delete => DeleteEntryFlow.Answer(diaryTurn, delete, answer),
            _ => state,
        };
    }

    private static ConversationState ReaskDiaryEntry(Turn turn, ConversationState state)
    {
        if (state is LogEntryState log)
        {
            LogEntryFlow.Prompt(new DiaryTurn(turn), log);
        }
        else
        {
            EditEntryFlow.Prompt(new DiaryTurn(turn), state);
        }

        return state;
    }

    /// <summary>"stop" in a diary-entry flow: nothing more is changed (what was already saved stays).</summary>
    private static ConversationState StopDiaryEntry(Turn turn, ConversationState state)
    {
        turn.Say("stopped", state is LogEntryState ? DiaryEntryWording.LogStopped : Wording.Stopped);
        return new IdleState();
    }

    /// <summary>The engine's turn, as the diary-entry flows see it.</summary>
    private sealed class DiaryTurn(Turn turn) : IDiaryTurn
    {
        public DateTimeOffset Now => turn.Now;

        public TimeZoneInfo Zone => ZoneOf(turn);

        public IReadOnlyList<Episode> Diary => turn.Diary;

        public Episode NewEpisode() => ConversationEngine.NewEpisode(turn, EpisodeKind.Headache);

        public void Say(string key, string text, IReadOnlyList<ReplyChoice>? choices = null, string? slot = null) => turn.Say(key, text, choices, slot);

        public void Edit(string key, string slot, string text, IReadOnlyList<ReplyChoice> choices) => turn.Edit(key, slot, text, choices);

        public void Save(Episode episode) => turn.Save(episode);

        public void Delete(string episodeId) => turn.Delete(episodeId);
    }
}
