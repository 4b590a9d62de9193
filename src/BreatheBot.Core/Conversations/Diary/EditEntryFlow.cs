using System.Globalization;
using BreatheBot.Core.Content;
using BreatheBot.Core.Diary;
using BreatheBot.Core.Episodes;
using BreatheBot.Core.Messaging;

namespace BreatheBot.Core.Conversations;

/// <summary>
/// Edit one entry of the person's diary, reached from /history (<see cref="HistoryEntries"/>). Each change is validated
/// and saved at once; the entry is read from the person's own diary every turn.
/// </summary>
internal static class EditEntryFlow
{
    private static readonly QuestionChoice[] Locations = DiaryEntryChoices.Locations("edl");
    private static readonly QuestionChoice[] Triggers = DiaryEntryChoices.Triggers("edt");
    private static readonly QuestionChoice[] Medications = DiaryEntryChoices.Medications("edx");

    public static void Prompt(IDiaryTurn turn, ConversationState state)
    {
        if (state is ConfirmDeleteEntryState delete)
        {
            DeleteEntryFlow.Prompt(turn, delete);
            return;
        }

        if (state is not EditEntryState edit || Find(turn, edit.EpisodeId) is not { } episode)
        {
            return;
        }

        switch (edit.Item)
        {
            case EditItem.Start:
                turn.Say("entry.edit.start", edit.Day is { } day ? DiaryEntryWording.WhatTime(PastTime.Describe(day, turn.Now, turn.Zone)) : DiaryEntryWording.EditStart);
                break;
            case EditItem.End:
                EditEndTime.Prompt(turn, edit, episode);
                break;
            case EditItem.PainWhich:
                turn.Say("entry.edit.pain-which", DiaryEntryWording.PainWhich, [.. PainMoments(episode).Select(m =>
                    new ReplyChoice("edw:" + (int)m, Capitalised(DiaryEntryWording.MomentName(m)) + ": " + (PainOf(episode, m)?.ToString(CultureInfo.InvariantCulture) ?? "–")))]);
                break;
            case EditItem.PainValue:
                turn.Say("entry.edit.pain", DiaryEntryWording.PainValue(edit.Moment ?? PainMoment.Before), DiaryEntryChoices.Pain("edv", notSure: false));
                break;
            case EditItem.Location:
                turn.Say("entry.edit.location", DiaryEntryWording.Location, DiaryEntryChoices.Multi("edl", Locations, edit.Selected), Question.MultiSlot);
                break;
            case EditItem.Triggers:
                turn.Say("entry.edit.triggers", DiaryEntryWording.Triggers, DiaryEntryChoices.Multi("edt", Triggers, edit.Selected), Question.MultiSlot);
                break;
            case EditItem.Medication:
                turn.Say("entry.edit.medication", DiaryEntryWording.Medication, [.. Medications.Select(c => c.ToReply())]);
                break;
            case EditItem.Note:
                turn.Say("entry.edit.note", DiaryEntryWording.EditNote, [new("edn:remove", DiaryEntryWording.RemoveNote)]);
                break;
            default:
                turn.Say("entry.edit.menu", DiaryEntryWording.EditMenu(Line(turn, episode)), MenuChoices);
                break;
        }
    }

    public static ConversationState Answer(IDiaryTurn turn, EditEntryState state, DiaryInput input)
    {
        if (Find(turn, state.EpisodeId) is not { } episode)
        {
            turn.Say("entry.gone", DiaryEntryWording.EntryGone);
            return new IdleState();
        }

        return state.Item switch
        {
            EditItem.Menu => AnswerMenu(turn, state, episode, input),
            EditItem.Start => AnswerStart(turn, state, episode, input),
            EditItem.End => EditEndTime.Answer(turn, state, episode, input),
            EditItem.PainWhich => AnswerPainWhich(turn, state, episode, input),
            EditItem.PainValue => AnswerPainValue(turn, state, episode, input),
            EditItem.Location => AnswerMulti(turn, state, episode, input, "edl", Locations,
                (e, values) => e with { Locations = [.. values.Select(v => (PainLocation)v)] }),
            EditItem.Triggers => AnswerMulti(turn, state, episode, input, "edt", Triggers,
                (e, values) => e with { Triggers = [.. values.Select(v => (HeadacheTrigger)v), .. e.Triggers.Where(t => t == HeadacheTrigger.Other)] }),
            EditItem.Medication => AnswerMedication(turn, state, episode, input),
            _ => AnswerNote(turn, state, episode, input),
        };
    }

    private static ConversationState AnswerMenu(IDiaryTurn turn, EditEntryState state, Episode episode, DiaryInput input)
    {
        var pick = input.ChoiceId ?? TypedAnswer.Normalise(input.Text!) switch
        {
            "1" or "start" or "start time" or "time" or "when" => "edm:start",
            "2" or "end time" or "ended" or "when it ended" or "duration" or "how long" => "edm:end",
            "3" or "pain" or "pain scores" or "pain score" => "edm:pain",
            "4" or "where" or "where it hurt" or "location" => "edm:loc",
            "5" or "triggers" or "trigger" => "edm:trg",
            "6" or "medication" or "medicine" => "edm:med",
            "7" or "note" or "notes" => "edm:note",
            "8" or "done" or "finished" or "that s all" or "nothing" => "edm:done",
            _ => null,
        };
        EditEntryState? next = pick switch
        {
            "edm:start" => state with { Item = EditItem.Start, Day = null },
            "edm:end" => state with { Item = EditItem.End, Day = null },
            "edm:pain" => state with { Item = EditItem.PainWhich },
            "edm:loc" => state with { Item = EditItem.Location, Selected = [.. episode.Locations.Select(l => (int)l)] },
            "edm:trg" => state with { Item = EditItem.Triggers, Selected = [.. episode.Triggers.Where(t => t != HeadacheTrigger.Other).Select(t => (int)t)] },
            "edm:med" => state with { Item = EditItem.Medication },
            "edm:note" => state with { Item = EditItem.Note },
            _ => null,
        };
        if (pick == "edm:done")
        {
            turn.Say("entry.edit.done", DiaryEntryWording.EditDone);
            return new IdleState();
        }

        if (next is null)
        {
            turn.Say(input.ChoiceId is null ? "reprompt" : "stale", input.ChoiceId is null ? Wording.DidNotCatch : Wording.StaleButton);
            Prompt(turn, state);
            return state;
        }

        Prompt(turn, next);
        return next;
    }

    private static ConversationState AnswerStart(IDiaryTurn turn, EditEntryState state, Episode episode, DiaryInput input)
    {
        if (input.ChoiceId is not null)
        {
            return Stale(turn, state);
        }

        var parsed = PastTimeParser.Parse(input.Text!, turn.Now, turn.Zone, state.Day);
        switch (parsed.Outcome)
        {
            case PastTimeOutcome.Understood when episode.EndedAt is { } ended && parsed.At >= ended:
                turn.Say("entry.edit.start.after-end", DiaryEntryWording.StartAfterEnd(PastTime.Describe(ended, turn.Now, turn.Zone)));
                return state;
            case PastTimeOutcome.Understood:
                return SaveAndMenu(turn, state, episode with { StartedAt = parsed.At });
            case PastTimeOutcome.NeedsTime:
                var next = state with { Day = parsed.Date };
                Prompt(turn, next);
                return next;
            case PastTimeOutcome.InFuture:
                turn.Say("entry.edit.start.future", DiaryEntryWording.InFuture);
                return state;
            case PastTimeOutcome.TooOld:
                turn.Say("entry.edit.start.too-old", DiaryEntryWording.TooOld);
                return state;
            default:
                turn.Say("entry.edit.start.unreadable", DiaryEntryWording.Unreadable);
                return state;
        }
    }

    private static ConversationState AnswerPainWhich(IDiaryTurn turn, EditEntryState state, Episode episode, DiaryInput input)
    {
        var moments = PainMoments(episode);
        PainMoment? moment = input.ChoiceId is { } id
            ? id.StartsWith("edw:", StringComparison.Ordinal) && moments.Contains((PainMoment)DiaryEntryChoices.ValueOf(id)) ? (PainMoment)DiaryEntryChoices.ValueOf(id) : null
            : int.TryParse(TypedAnswer.Normalise(input.Text!), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1 && n <= moments.Count ? moments[n - 1] : null;
        if (moment is null)
        {
            return input.ChoiceId is null ? Reask(turn, state) : Stale(turn, state);
        }

        var next = state with { Item = EditItem.PainValue, Moment = moment };
        Prompt(turn, next);
        return next;
    }

    private static ConversationState AnswerPainValue(IDiaryTurn turn, EditEntryState state, Episode episode, DiaryInput input)
    {
        var pain = DiaryEntryChoices.ReadPain("edv", input);
        if (pain is null or -1)
        {
            if (input.ChoiceId is not null)
            {
                return Stale(turn, state);
            }

            turn.Say("entry.edit.pain.reask", DiaryEntryWording.PainNumber);
            return state;
        }

        var updated = state.Moment switch
        {
            PainMoment.AfterBreathing => episode with { PainAfterBreathing = pain },
            PainMoment.AfterTriggerPoints => episode with { PainAfterTriggerPoints = pain },
            PainMoment.FollowUp => episode with { PainAtFollowUp = pain },
            _ => episode with { PainBefore = pain },
        };
        return SaveAndMenu(turn, state, updated);
    }

    private static ConversationState AnswerMulti(IDiaryTurn turn, EditEntryState state, Episode episode, DiaryInput input, string code,
        IReadOnlyList<QuestionChoice> choices, Func<Episode, IReadOnlyList<int>, Episode> apply)
    {
        switch (DiaryEntryChoices.ReadMulti(code, choices, input))
        {
            case null when input.ChoiceId is not null:
                return Stale(turn, state);
            case null:
                return Reask(turn, state);
            case { Toggle: { } value }:
                var toggled = state with { Selected = DiaryEntryChoices.Toggled(state.Selected, value) };
                turn.Edit("entry.edit." + state.Item.ToString().ToLowerInvariant(), Question.MultiSlot,
                    state.Item == EditItem.Location ? DiaryEntryWording.Location : DiaryEntryWording.Triggers, DiaryEntryChoices.Multi(code, choices, toggled.Selected));
                return toggled;
            case { Set: { } set }:
                return SaveAndMenu(turn, state, apply(episode, set));
            default:
                return SaveAndMenu(turn, state, apply(episode, state.Selected));
        }
    }

    private static ConversationState AnswerMedication(IDiaryTurn turn, EditEntryState state, Episode episode, DiaryInput input)
    {
        var choice = input.ChoiceId is { } id ? Medications.FirstOrDefault(c => c.Id == id) : TypedAnswer.MatchOne(input.Text!, Medications);
        if (choice is null)
        {
            return input.ChoiceId is null ? Reask(turn, state) : Stale(turn, state);
        }

        return SaveAndMenu(turn, state, episode with { Medication = (MedicationKind)DiaryEntryChoices.ValueOf(choice.Id) });
    }

    private static ConversationState AnswerNote(IDiaryTurn turn, EditEntryState state, Episode episode, DiaryInput input)
    {
        if (input.ChoiceId is { } id)
        {
            return id == "edn:remove" ? SaveAndMenu(turn, state, episode with { Note = null }) : Stale(turn, state);
        }

        var note = DiaryEntryChoices.Note(input.Text!);
        if (note is { Length: > Episode.NoteMaxLength })
        {
            turn.Say("entry.edit.note.too-long", DiaryEntryWording.NoteTooLong(note.Length));
            return state;
        }

        return SaveAndMenu(turn, state, episode with { Note = note });
    }

    internal static EditEntryState SaveAndMenu(IDiaryTurn turn, EditEntryState state, Episode updated)
    {
        turn.Save(updated);
        turn.Say("entry.edit.saved", DiaryEntryWording.Saved);
        var menu = new EditEntryState(state.EpisodeId, EditItem.Menu);
        turn.Say("entry.edit.menu", DiaryEntryWording.EditMenu(Line(turn, updated)), MenuChoices);
        return menu;
    }

    private static readonly ReplyChoice[] MenuChoices =
    [
        new("edm:start", DiaryEntryWording.StartItem),
        new("edm:end", DiaryEntryWording.EndItem),
        new("edm:pain", DiaryEntryWording.PainItem),
        new("edm:loc", DiaryEntryWording.LocationItem),
        new("edm:trg", DiaryEntryWording.TriggersItem),
        new("edm:med", DiaryEntryWording.MedicationItem),
        new("edm:note", DiaryEntryWording.NoteItem),
        new("edm:done", DiaryEntryWording.Done),
    ];

    private static EditEntryState Reask(IDiaryTurn turn, EditEntryState state)
    {
        turn.Say("reprompt", Wording.DidNotCatch);
        Prompt(turn, state);
        return state;
    }

    internal static EditEntryState Stale(IDiaryTurn turn, EditEntryState state)
    {
        turn.Say("stale", Wording.StaleButton);
        Prompt(turn, state);
        return state;
    }

    /// <summary>The pain scores an entry has, or may have: the start always, the others when recorded.</summary>
    private static List<PainMoment> PainMoments(Episode e) =>
        [.. Enum.GetValues<PainMoment>().Where(m => m == PainMoment.Before || PainOf(e, m) is not null)];

    private static int? PainOf(Episode e, PainMoment moment) => moment switch
    {
        PainMoment.AfterBreathing => e.PainAfterBreathing,
        PainMoment.AfterTriggerPoints => e.PainAfterTriggerPoints,
        PainMoment.FollowUp => e.PainAtFollowUp,
        _ => e.PainBefore,
    };

    private static string Capitalised(string text) => char.ToUpperInvariant(text[0]) + text[1..];

    internal static Episode? Find(IDiaryTurn turn, string episodeId) => turn.Diary.FirstOrDefault(e => e.Id == episodeId);

    internal static string Line(IDiaryTurn turn, Episode e) => InsightsWording.HistoryLine(e, turn.Zone);
}
