using BreatheBot.Core.Content;
using BreatheBot.Core.Messaging;

namespace BreatheBot.Core.Conversations;

/// <summary>
/// Deleting one diary entry: Delete / Keep first; then the entry is deleted in the turn's commit as thoroughly as
/// /forget deletes a person (<see cref="Storage.TurnCommit.DeleteEpisodes"/>).
/// </summary>
internal static class DeleteEntryFlow
{
    public static void Prompt(IDiaryTurn turn, ConfirmDeleteEntryState state)
    {
        if (EditEntryFlow.Find(turn, state.EpisodeId) is { } doomed)
        {
            turn.Say("entry.delete.confirm", DiaryEntryWording.ConfirmDelete(EditEntryFlow.Line(turn, doomed)),
                [new("del:yes", DiaryEntryWording.Delete), new("del:no", DiaryEntryWording.Keep)]);
        }
    }

    public static ConversationState Answer(IDiaryTurn turn, ConfirmDeleteEntryState state, DiaryInput input)
    {
        if (EditEntryFlow.Find(turn, state.EpisodeId) is null)
        {
            turn.Say("entry.gone", DiaryEntryWording.EntryGone);
            return new IdleState();
        }

        var answer = input.ChoiceId ?? TypedAnswer.Normalise(input.Text!) switch
        {
            "delete" or "yes" or "yes delete" or "delete it" or "1" => "del:yes",
            "keep" or "no" or "keep it" or "no keep it" or "2" => "del:no",
            _ => null,
        };
        switch (answer)
        {
            case "del:yes":
                turn.Delete(state.EpisodeId);
                turn.Say("entry.deleted", DiaryEntryWording.Deleted);
                return new IdleState();
            case "del:no":
                turn.Say("entry.kept", DiaryEntryWording.Kept);
                return new IdleState();
            default:
                turn.Say(answer is null && input.ChoiceId is null ? "entry.delete.reask" : "stale", answer is null && input.ChoiceId is null ? DiaryEntryWording.DeleteOrKeep : Wording.StaleButton);
                Prompt(turn, state);
                return state;
        }
    }
}
