using BreatheBot.Core.Content;
using BreatheBot.Core.Diary;
using BreatheBot.Core.Episodes;
using BreatheBot.Core.Insights;
using BreatheBot.Core.Messaging;

namespace BreatheBot.Core.Conversations;

/// <summary>
/// /log: a headache that already happened, added to the diary — when it started (typed in the person's own words,
/// read in their time zone and confirmed), how long it lasted (a length typed or tapped, stored exactly as given), how bad it was, where, triggers, medication and a note. No warning-sign
/// screens and no exercises; the engine's interrupts still run first on every message, so a typed warning sign gets
/// the advice (content.md §2). The entry is saved once, at the end, marked as logged afterwards.
/// </summary>
internal static class LogEntryFlow
{
    private static readonly QuestionChoice[] Locations = DiaryEntryChoices.Locations("lgl");
    private static readonly QuestionChoice[] Triggers = DiaryEntryChoices.Triggers("lgt");
    private static readonly QuestionChoice[] Medications = DiaryEntryChoices.Medications("lgm");

    public static ConversationState Start(IDiaryTurn turn)
    {
        var draft = turn.NewEpisode() with { Kind = EpisodeKind.Headache, Status = EpisodeStatus.Completed, LoggedAfterwards = true };
        var state = new LogEntryState(LogStep.When, draft);
        Prompt(turn, state);
        return state;
    }

    /// <summary>
    /// /log for a day already named (the daily check-in's "Log details"): the day is filled in, the person types the time.
    /// </summary>
    public static ConversationState StartOn(IDiaryTurn turn, DateOnly day)
    {
        var draft = turn.NewEpisode() with { Kind = EpisodeKind.Headache, Status = EpisodeStatus.Completed, LoggedAfterwards = true };
        turn.Say("log.intro", DiaryEntryWording.LogDayIntro);
        return Ask(turn, new LogEntryState(LogStep.WhatTime, draft) { Day = day });
    }

    /// <summary>Asks the step's question (again).</summary>
    public static void Prompt(IDiaryTurn turn, LogEntryState state)
    {
        switch (state.Step)
        {
            case LogStep.When:
                turn.Say("log.when", DiaryEntryWording.LogIntro,
                    [new("lgw:morning", DiaryEntryWording.ThisMorning), new("lgw:yesterday", DiaryEntryWording.Yesterday), new("lgw:night", DiaryEntryWording.LastNight)]);
                break;
            case LogStep.WhatTime:
                turn.Say("log.what-time", DiaryEntryWording.WhatTime(PastTime.Describe(state.Day!.Value, turn.Now, turn.Zone)));
                break;
            case LogStep.ConfirmWhen:
                turn.Say("log.confirm", DiaryEntryWording.ConfirmWhen(PastTime.Describe(state.Draft.StartedAt, turn.Now, turn.Zone)),
                    [new("lgc:yes", DiaryEntryWording.Right), new("lgc:change", DiaryEntryWording.Change)]);
                break;
            case LogStep.Duration:
                turn.Say("log.duration", DiaryEntryWording.HowLong, LogDuration.Choices);
                break;
            case LogStep.Pain:
                turn.Say("log.pain", DiaryEntryWording.Pain, DiaryEntryChoices.Pain("lgp", notSure: true));
                break;
            case LogStep.Location:
                turn.Say("log.location", DiaryEntryWording.Location, DiaryEntryChoices.Multi("lgl", Locations, state.Selected), Question.MultiSlot);
                break;
            case LogStep.Triggers:
                turn.Say("log.triggers", DiaryEntryWording.Triggers, DiaryEntryChoices.Multi("lgt", Triggers, state.Selected), Question.MultiSlot);
                break;
            case LogStep.Medication:
                turn.Say("log.medication", DiaryEntryWording.Medication, [.. Medications.Select(c => c.ToReply())]);
                break;
            default:
                turn.Say("log.note", DiaryEntryWording.Note, [new("lgn:skip", DiaryEntryWording.Skip)]);
                break;
        }
    }

    public static ConversationState Answer(IDiaryTurn turn, LogEntryState state, DiaryInput input) => state.Step switch
    {
        LogStep.When or LogStep.WhatTime => AnswerWhen(turn, state, input),
        LogStep.ConfirmWhen => AnswerConfirm(turn, state, input),
        LogStep.Duration => LogDuration.Answer(turn, state, input),
        LogStep.Pain => AnswerPain(turn, state, input),
        LogStep.Location => AnswerMulti(turn, state, input, "lgl", Locations, LogStep.Triggers,
            (e, values) => e with { Locations = [.. values.Select(v => (PainLocation)v)] }),
        LogStep.Triggers => AnswerMulti(turn, state, input, "lgt", Triggers, LogStep.Medication,
            (e, values) => e with { Triggers = [.. values.Select(v => (HeadacheTrigger)v)] }),
        LogStep.Medication => AnswerMedication(turn, state, input),
        _ => AnswerNote(turn, state, input),
    };

    private static ConversationState AnswerWhen(IDiaryTurn turn, LogEntryState state, DiaryInput input)
    {
        var text = input.ChoiceId switch
        {
            "lgw:morning" => "this morning",
            "lgw:yesterday" => "yesterday",
            "lgw:night" => "last night",
            null => input.Text!,
            _ => null,
        };
        if (text is null)
        {
            return Stale(turn, state);
        }

        var day = state.Step == LogStep.WhatTime ? state.Day : null;
        var parsed = PastTimeParser.Parse(text, turn.Now, turn.Zone, day);
        switch (parsed.Outcome)
        {
            case PastTimeOutcome.Understood:
                return Ask(turn, new LogEntryState(LogStep.ConfirmWhen, state.Draft with { StartedAt = parsed.At }));
            case PastTimeOutcome.NeedsTime:
                return Ask(turn, state with { Step = LogStep.WhatTime, Day = parsed.Date });
            case PastTimeOutcome.InFuture:
                turn.Say("log.when.future", DiaryEntryWording.InFuture);
                return state;
            case PastTimeOutcome.TooOld:
                turn.Say("log.when.too-old", DiaryEntryWording.TooOld);
                return state;
            default:
                turn.Say("log.when.unreadable", DiaryEntryWording.Unreadable);
                return state;
        }
    }

    private static ConversationState AnswerConfirm(IDiaryTurn turn, LogEntryState state, DiaryInput input)
    {
        var answer = input.ChoiceId ?? TypedAnswer.Normalise(input.Text!) switch
        {
            "yes" or "y" or "yep" or "yeah" or "right" or "correct" or "ok" or "1" => "lgc:yes",
            "change" or "no" or "n" or "nope" or "wrong" or "2" => "lgc:change",
            _ => null,
        };
        switch (answer)
        {
            case "lgc:yes":
                return Ask(turn, state with { Step = LogStep.Duration });
            case "lgc:change":
                return Ask(turn, state with { Step = LogStep.When, Day = null });
            case null when input.Text is { } typed && PastTimeParser.Parse(typed, turn.Now, turn.Zone).Outcome != PastTimeOutcome.Unparseable:
                // Another time typed instead of yes/no: read it as the new answer.
                return AnswerWhen(turn, state with { Step = LogStep.When }, input);
            case null when input.ChoiceId is null:
                turn.Say("log.confirm.reask", DiaryEntryWording.YesOrChange);
                Prompt(turn, state);
                return state;
            default:
                return Stale(turn, state);
        }
    }

    private static ConversationState AnswerPain(IDiaryTurn turn, LogEntryState state, DiaryInput input)
    {
        switch (DiaryEntryChoices.ReadPain("lgp", input))
        {
            case null when input.ChoiceId is not null:
                return Stale(turn, state);
            case null:
                turn.Say("log.pain.reask", DiaryEntryWording.PainNumber);
                return state;
            case -1:
                return Ask(turn, state with { Step = LogStep.Location });
            case var pain:
                return Ask(turn, state with { Step = LogStep.Location, Draft = state.Draft with { PainBefore = pain } });
        }
    }

    private static ConversationState AnswerMulti(IDiaryTurn turn, LogEntryState state, DiaryInput input, string code,
        IReadOnlyList<QuestionChoice> choices, LogStep next, Func<Episode, IReadOnlyList<int>, Episode> apply)
    {
        switch (DiaryEntryChoices.ReadMulti(code, choices, input))
        {
            case null when input.ChoiceId is not null:
                return Stale(turn, state);
            case null:
                turn.Say("reprompt", Wording.DidNotCatch);
                Prompt(turn, state);
                return state;
            case { Toggle: { } value }:
                var toggled = state with { Selected = DiaryEntryChoices.Toggled(state.Selected, value) };
                turn.Edit("log." + state.Step.ToString().ToLowerInvariant(), Question.MultiSlot,
                    state.Step == LogStep.Location ? DiaryEntryWording.Location : DiaryEntryWording.Triggers,
                    DiaryEntryChoices.Multi(code, choices, toggled.Selected));
                return toggled;
            case { Set: { } set }:
                return Ask(turn, state with { Step = next, Selected = [], Draft = apply(state.Draft, set) });
            default:
                return Ask(turn, state with { Step = next, Selected = [], Draft = apply(state.Draft, state.Selected) });
        }
    }

    private static ConversationState AnswerMedication(IDiaryTurn turn, LogEntryState state, DiaryInput input)
    {
        var choice = input.ChoiceId is { } id ? Medications.FirstOrDefault(c => c.Id == id) : TypedAnswer.MatchOne(input.Text!, Medications);
        if (choice is null)
        {
            if (input.ChoiceId is not null)
            {
                return Stale(turn, state);
            }

            turn.Say("reprompt", Wording.DidNotCatch);
            Prompt(turn, state);
            return state;
        }

        return Ask(turn, state with { Step = LogStep.Note, Draft = state.Draft with { Medication = (MedicationKind)DiaryEntryChoices.ValueOf(choice.Id) } });
    }

    private static ConversationState AnswerNote(IDiaryTurn turn, LogEntryState state, DiaryInput input)
    {
        string? note = null;
        if (input.ChoiceId is { } id)
        {
            if (id != "lgn:skip")
            {
                return Stale(turn, state);
            }
        }
        else if (TypedAnswer.Normalise(input.Text!) is not ("skip" or "no" or "none" or "nothing" or "no thanks"))
        {
            note = DiaryEntryChoices.Note(input.Text!);
            if (note is { Length: > Episode.NoteMaxLength })
            {
                turn.Say("log.note.too-long", DiaryEntryWording.NoteTooLong(note.Length));
                return state;
            }
        }

        var episode = state.Draft with { Note = note, UpdatedAt = turn.Now };
        turn.Save(episode);
        turn.Say("log.saved", DiaryEntryWording.Logged(InsightsWording.HistoryLine(episode, turn.Zone)));
        CheckMedicationOveruse(turn, episode);
        return new IdleState();
    }

    /// <summary>A logged painkiller counts towards the overuse note like a live one (content.md §7).</summary>
    private static void CheckMedicationOveruse(IDiaryTurn turn, Episode episode)
    {
        if (MedicationDays.ClassOf(episode.Medication) is null)
        {
            return;
        }

        var days = MedicationDays.Count(turn.Diary.Where(e => e.Id != episode.Id).Append(episode), turn.Now, turn.Zone);
        if (days.WorthTalkingToADoctor)
        {
            turn.Say("medication.overuse", InsightsWording.MedicationOveruse(days.AnyDays));
        }
    }

    internal static LogEntryState Ask(IDiaryTurn turn, LogEntryState next)
    {
        Prompt(turn, next);
        return next;
    }

    internal static LogEntryState Stale(IDiaryTurn turn, LogEntryState state)
    {
        turn.Say("stale", Wording.StaleButton);
        Prompt(turn, state);
        return state;
    }
}
