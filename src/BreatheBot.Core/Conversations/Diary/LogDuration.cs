using BreatheBot.Core.Diary;
using BreatheBot.Core.Messaging;

namespace BreatheBot.Core.Conversations;

/// <summary>
/// /log's "How long did it last?": a typed length ("3h", "90 min", "2 hours 30") or an exact button, stored as the end
/// (start + length). "Not sure / still going" stores no end; a length that would end after now is still going (no end,
/// and the person is told). Never a range's guessed middle.
/// </summary>
internal static class LogDuration
{
    /// <summary>Exact lengths, so what is stored is what the person chose (never a range's guessed middle).</summary>
    public static readonly IReadOnlyList<ReplyChoice> Choices =
    [
        new("lgd:30", "30 min"), new("lgd:60", "1 h"), new("lgd:120", "2 h"), new("lgd:240", "4 h"), new("lgd:480", "8 h"),
        new("lgd:1440", "A day"), new("lgd:skip", DiaryEntryWording.NotSureOrStillGoing),
    ];

    public static ConversationState Answer(IDiaryTurn turn, LogEntryState state, DiaryInput input)
    {
        TimeSpan? lasted;
        if (input.ChoiceId is { } id)
        {
            if (id == "lgd:skip")
            {
                return LogEntryFlow.Ask(turn, state with { Step = LogStep.Pain, Draft = state.Draft with { EndedAt = null } });
            }

            if (Choices.All(c => c.Id != id))
            {
                return LogEntryFlow.Stale(turn, state);
            }

            lasted = TimeSpan.FromMinutes(DiaryEntryChoices.ValueOf(id));
        }
        else if (DiaryEntryChoices.IsNoEnd(input.Text!))
        {
            return LogEntryFlow.Ask(turn, state with { Step = LogStep.Pain, Draft = state.Draft with { EndedAt = null } });
        }
        else
        {
            lasted = DurationText.Parse(input.Text!);
        }

        if (lasted is not { } length)
        {
            turn.Say("log.duration.unreadable", DiaryEntryWording.DurationUnreadable);
            return state;
        }

        var ended = state.Draft.StartedAt + length;
        if (ended > turn.Now)
        {
            // It would end after now: still going, so no end is stored (never a guessed one).
            turn.Say("log.duration.ongoing", DiaryEntryWording.StillGoing);
            return LogEntryFlow.Ask(turn, state with { Step = LogStep.Pain, Draft = state.Draft with { EndedAt = null } });
        }

        return LogEntryFlow.Ask(turn, state with { Step = LogStep.Pain, Draft = state.Draft with { EndedAt = ended } });
    }
}
