using BreatheBot.Core.Content;
using BreatheBot.Core.Diary;
using BreatheBot.Core.Episodes;
using BreatheBot.Core.Messaging;

namespace BreatheBot.Core.Conversations;

/// <summary>
/// The end time of one diary entry, from /history's Edit: typed like the start ("today 18:00", "2 hours ago"), or as a
/// length from the start ("3h", "90 min"); it must be after the start and not in the future. "Still going" / "Not sure"
/// clears it (no end, never a guessed one).
/// </summary>
internal static class EditEndTime
{
    public const string ClearId = "ede:none";

    public static void Prompt(IDiaryTurn turn, EditEntryState state, Episode episode)
    {
        var text = state.Day is { } day
            ? DiaryEntryWording.WhatTime(PastTime.Describe(day, turn.Now, turn.Zone))
            : DiaryEntryWording.EditEnd(PastTime.Describe(episode.StartedAt, turn.Now, turn.Zone),
                episode.EndedAt is { } ended ? PastTime.Describe(ended, turn.Now, turn.Zone) : null);
        turn.Say("entry.edit.end", text, [new(ClearId, DiaryEntryWording.NotSureOrStillGoing)]);
    }

    /// <summary>An answer to "When did it end?": saved and back to the menu, asked again, or the time on a named day asked.</summary>
    public static ConversationState Answer(IDiaryTurn turn, EditEntryState state, Episode episode, DiaryInput input)
    {
        if (input.ChoiceId is { } id && id != ClearId)
        {
            return EditEntryFlow.Stale(turn, state);
        }

        var (updated, day) = Read(turn, state, episode, input);
        if (updated is not null)
        {
            return EditEntryFlow.SaveAndMenu(turn, state, updated);
        }

        if (day is null)
        {
            return state;
        }

        var next = state with { Day = day };
        Prompt(turn, next, episode);
        return next;
    }

    /// <summary>The entry with its new end, or null when the answer was not taken (the reply is already said).</summary>
    private static (Episode? Updated, DateOnly? Day) Read(IDiaryTurn turn, EditEntryState state, Episode episode, DiaryInput input)
    {
        if (input.ChoiceId == ClearId || (input.ChoiceId is null && DiaryEntryChoices.IsNoEnd(input.Text!)))
        {
            return (episode with { EndedAt = null }, null);
        }

        var parsed = PastTimeParser.Parse(input.Text!, turn.Now, turn.Zone, state.Day);
        if (parsed.Outcome == PastTimeOutcome.Unparseable && state.Day is null && DurationText.Parse(input.Text!) is { } length)
        {
            // A length: from the start.
            var at = episode.StartedAt + length;
            parsed = at > turn.Now ? new(PastTimeOutcome.InFuture, at, null) : new(PastTimeOutcome.Understood, at, null);
        }

        switch (parsed.Outcome)
        {
            case PastTimeOutcome.Understood when parsed.At <= episode.StartedAt:
                turn.Say("entry.edit.end.before-start", DiaryEntryWording.EndBeforeStart(PastTime.Describe(episode.StartedAt, turn.Now, turn.Zone)));
                return (null, null);
            case PastTimeOutcome.Understood:
                return (episode with { EndedAt = parsed.At }, null);
            case PastTimeOutcome.NeedsTime:
                return (null, parsed.Date);
            case PastTimeOutcome.InFuture:
                turn.Say("entry.edit.end.future", DiaryEntryWording.EndInFuture);
                return (null, null);
            case PastTimeOutcome.TooOld:
                turn.Say("entry.edit.end.before-start", DiaryEntryWording.EndBeforeStart(PastTime.Describe(episode.StartedAt, turn.Now, turn.Zone)));
                return (null, null);
            default:
                turn.Say("entry.edit.end.unreadable", DiaryEntryWording.EndUnreadable);
                return (null, null);
        }
    }
}
