using BreatheBot.Core.Commands;
using BreatheBot.Core.Content;
using BreatheBot.Core.Episodes;
using BreatheBot.Core.Messaging;

using static BreatheBot.Core.Conversations.EpisodeLifecycle;

namespace BreatheBot.Core.Conversations;

/// <summary>
/// The diary-entry part of the Diary feature: /log a past headache (<see cref="LogEntryFlow"/>), and edit or delete one
/// entry from /history (<see cref="HistoryEntries"/>, <see cref="EditEntryFlow"/>, <see cref="DeleteEntryFlow"/>).
/// The router sends their commands, buttons and steps here; the interrupts (typed warning signs, stop, help) have run
/// first, as for every step. Owns <see cref="LogEntryState"/>, <see cref="EditEntryState"/> and
/// <see cref="ConfirmDeleteEntryState"/>.
/// </summary>
internal static class DiaryEntries
{
    /// <summary>True for a step of a diary-entry flow.</summary>
    public static bool IsStep(ConversationState state) => state is LogEntryState or EditEntryState or ConfirmDeleteEntryState;

    /// <summary>True when the turn needs the person's diary for a diary entry (every step of these flows reads it).</summary>
    public static bool NeedsDiary(ConversationState state, InboundEvent inbound) => inbound switch
    {
        CommandReceived { Name: BotCommands.Log } => true,
        ChoiceSelected { ChoiceId: CheckInFlow.LogDetailsId } => true,
        ChoiceSelected c when HistoryEntries.IsHistoryButton(c.ChoiceId) => true,
        TextReceived t when state is IdleState or FollowUpPendingState && HistoryEntries.MayBeTypedHistoryChoice(t.Text) => true,
        _ => IsStep(state),
    };

    /// <summary>/log (the command, the menu, a private start link): a flow running is closed and kept first.</summary>
    public static ConversationState StartLog(Turn turn, ConversationState state)
    {
        CloseRunning(turn, state);
        return LogEntryFlow.Start(new DiaryTurn(turn));
    }

    /// <summary>The daily check-in's "Log details": /log with the check-in's day filled in.</summary>
    public static ConversationState StartLogOn(Turn turn, DateOnly day) => LogEntryFlow.StartOn(new DiaryTurn(turn), day);

    /// <summary>An Edit or Delete of a history page, pressed or typed: a flow running is closed and kept first.</summary>
    public static ConversationState PressHistoryEntry(Turn turn, ConversationState state, string choiceId)
    {
        CloseRunning(turn, state);
        return HistoryEntries.Press(new DiaryTurn(turn), choiceId);
    }

    public static ConversationState Answer(Turn turn, ConversationState state, Input input)
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

    public static ConversationState Reask(Turn turn, ConversationState state)
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

    /// <summary>"stop" in a diary-entry flow: nothing more changes (what was already saved stays).</summary>
    public static ConversationState Stop(Turn turn, ConversationState state)
    {
        turn.Say("stopped", state is LogEntryState ? DiaryEntryWording.LogStopped : Wording.Stopped);
        return new IdleState();
    }

    private static void CloseRunning(Turn turn, ConversationState state)
    {
        if (state is FlowState running)
        {
            EndEpisode(turn, running.Episode, FollowUpSteps.IsFollowUpStep(running)
                ? running.Episode with { FollowUp = FollowUpStatus.Cancelled }
                : running.Episode with { Status = OpenOr(running.Episode, EpisodeStatus.Stopped) });
        }
    }

    /// <summary>The turn, as the diary-entry flows see it.</summary>
    private sealed class DiaryTurn(Turn turn) : IDiaryTurn
    {
        public DateTimeOffset Now => turn.Now;

        public TimeZoneInfo Zone => turn.Profile?.TimeZone ?? TimeZoneInfo.Utc;

        public IReadOnlyList<Episode> Diary => turn.Diary;

        public Episode NewEpisode() => EpisodeLifecycle.NewEpisode(turn, EpisodeKind.Headache);

        public void Say(string key, string text, IReadOnlyList<ReplyChoice>? choices = null, string? slot = null) => turn.Say(key, text, choices, slot);

        public void Edit(string key, string slot, string text, IReadOnlyList<ReplyChoice> choices) => turn.Edit(key, slot, text, choices);

        public void Save(Episode episode) => turn.Save(episode);

        public void Delete(string episodeId) => turn.Delete(episodeId);
    }
}
