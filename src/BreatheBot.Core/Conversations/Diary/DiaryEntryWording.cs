using System.Globalization;
using BreatheBot.Core.Episodes;

namespace BreatheBot.Core.Conversations;

/// <summary>What BreatheBot says while logging a past headache (/log) and editing or deleting one entry (/history).</summary>
public static class DiaryEntryWording
{
    public const string TimeExamples = "for example \"yesterday 15:00\", \"this morning\", \"last night\", \"2 hours ago\", \"monday 9am\" or \"3 Dec 14:30\"";

    public const string LogIntro =
        "Let's add a headache you had earlier to your diary. I'll only ask diary questions: no checks or exercises. " +
        "If you have a headache right now, send /headache instead.\n\nWhen did it start? Type it, " + TimeExamples + ".";

    public const string LogDayIntro =
        "Let's add this headache to your diary. I'll only ask diary questions: no checks or exercises. " +
        "If it's bad right now, send /headache instead.";

    public const string ThisMorning = "This morning";

    public const string Yesterday = "Yesterday";

    public const string LastNight = "Last night";

    public const string Unreadable = "Sorry, I couldn't read that as a time. Type when it started, " + TimeExamples + ".";

    public const string InFuture = "That's later than now. When did it start? Type a time in the past, " + TimeExamples + ".";

    public const string TooOld = "I can log headaches from the last 12 months. When did it start?";

    public static string WhatTime(string day) => $"What time on {day}, roughly? For example 15:00, 3pm or \"morning\".";

    public static string ConfirmWhen(string when) => $"{when} — right?";

    public const string Right = "Yes";

    public const string Change = "Change";

    public const string YesOrChange = "Please tap Yes or Change (or type yes or change).";

    public const string HowLong =
        "How long did it last? Type it, for example \"3h\", \"90 min\" or \"2 hours 30\", or tap the nearest. " +
        "If it's still going or you're not sure, tap Not sure: no end is recorded.";

    public const string NotSureOrStillGoing = "Not sure / still going";

    public const string DurationUnreadable =
        "Sorry, I couldn't read that as a length. Type it with a unit, for example \"3h\", \"90 min\" or \"2 hours 30\", or tap Not sure.";

    public const string StillGoing =
        "That would end after now, so it's still going: I've left it without an end. When it's gone, type \"it's gone\" " +
        "or add the end time from /history (Edit).";

    public const string Pain = "How bad was it at its worst, 0–10? (0 none, 10 worst imaginable)";

    public const string PainNumber = "Please send a number from 0 to 10.";

    public const string NotSure = "Not sure";

    public const string Location = "Where did it hurt? Tap all that apply, then Done.";

    public const string Triggers = "Anything that might have set it off? Tap all that apply, then Done.";

    public const string Medication = "Did you take anything for it?";

    public static string Note => string.Create(CultureInfo.InvariantCulture,
        $"Anything else you'd like to note, just for you? Type it (up to {Episode.NoteMaxLength} characters), or tap Skip.");

    public static string NoteTooLong(int length) => string.Create(CultureInfo.InvariantCulture,
        $"That note is {length} characters; the limit is {Episode.NoteMaxLength}. Please shorten it and send it again.");

    public const string Skip = "Skip";

    public const string LogStopped = "Stopped. Nothing was logged.";

    public static string Logged(string line) =>
        $"Logged: {line}\n\nIt's in /history (where you can edit or delete it) and counts in /stats.";

    public static string EditMenu(string line) => $"Editing: {line}\n\nWhat would you like to change?";

    public const string StartItem = "Start time";

    public const string EndItem = "End time";

    public const string PainItem = "Pain scores";

    public const string LocationItem = "Where it hurt";

    public const string TriggersItem = "Triggers";

    public const string MedicationItem = "Medication";

    public const string NoteItem = "Note";

    public const string Done = "Done";

    public const string EditStart = "When did it start? Type it, " + TimeExamples + ".";

    public const string EndExamples = "for example \"today 18:00\", \"2 hours ago\", \"yesterday 21:00\", or how long it lasted: \"3h\", \"90 min\"";

    public static string EditEnd(string started, string? ended) =>
        $"It started {started}" + (ended is null ? " and has no end time." : $" and ended {ended}.") +
        " When did it end? Type it, " + EndExamples + ". Or tap Not sure / still going to leave it without an end.";

    public static string EndBeforeStart(string started) =>
        $"That's not after it started ({started}). When did it end? Type a later time, " + EndExamples + ".";

    public const string EndInFuture = "That's later than now. If it's still going, tap Not sure / still going; otherwise type when it ended, " + EndExamples + ".";

    public const string EndUnreadable = "Sorry, I couldn't read that as a time. Type when it ended, " + EndExamples + ".";

    public static string StartAfterEnd(string ended) =>
        $"That's not before it ended ({ended}). Change the end time first, or type an earlier start, " + TimeExamples + ".";

    public const string PainWhich = "Which pain score?";

    public static string PainValue(PainMoment moment) => $"Pain {MomentName(moment)}, 0–10?";

    public static string MomentName(PainMoment moment) => moment switch
    {
        PainMoment.AfterBreathing => "after breathing",
        PainMoment.AfterTriggerPoints => "after pressure points",
        PainMoment.FollowUp => "at the follow-up",
        _ => "at the start",
    };

    public static string EditNote => string.Create(CultureInfo.InvariantCulture,
        $"Type the note (up to {Episode.NoteMaxLength} characters), or tap Remove note.");

    public const string RemoveNote = "Remove note";

    public const string Saved = "Saved.";

    public const string EditDone = "Done. Your diary is updated.";

    public const string EntryGone = "That entry isn't in your diary any more. Send /history to see your episodes.";

    public static string ConfirmDelete(string line) => $"Delete this entry?\n{line}\n\nIt can't be undone.";

    public const string Delete = "Delete";

    public const string Keep = "Keep";

    public const string DeleteOrKeep = "Please tap Delete or Keep (or type delete or keep).";

    public const string Deleted = "Deleted. It's gone from your diary, /stats and /export.";

    public const string Kept = "Okay, I've kept it.";

    public static string EditButton(int number) => string.Create(CultureInfo.InvariantCulture, $"Edit {number}");

    public static string DeleteButton(int number) => string.Create(CultureInfo.InvariantCulture, $"Delete {number}");
}
