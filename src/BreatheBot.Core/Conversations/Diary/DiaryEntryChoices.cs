using System.Globalization;
using BreatheBot.Core.Content;
using BreatheBot.Core.Episodes;
using BreatheBot.Core.Messaging;

namespace BreatheBot.Core.Conversations;

/// <summary>The buttons the diary-entry flows share, and how typed answers to them are read.</summary>
internal static class DiaryEntryChoices
{
    public static IReadOnlyList<ReplyChoice> Pain(string code, bool notSure) =>
        [.. Enumerable.Range(0, 11).Select(n => new ReplyChoice(code + ":" + n.ToString(CultureInfo.InvariantCulture), n.ToString(CultureInfo.InvariantCulture))),
         .. notSure ? [new ReplyChoice(code + ":skip", DiaryEntryWording.NotSure)] : Array.Empty<ReplyChoice>()];

    /// <summary>A pain answer: a button, or a typed 0–10; -1 for "not sure"; null when unreadable.</summary>
    public static int? ReadPain(string code, DiaryInput input)
    {
        if (input.ChoiceId is { } id)
        {
            return id == code + ":skip" ? -1
                : id.StartsWith(code + ":", StringComparison.Ordinal) && int.TryParse(id.AsSpan(code.Length + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var pressed) && pressed is >= 0 and <= 10 ? pressed
                : null;
        }

        var text = input.Text ?? string.Empty;
        return TypedAnswer.Normalise(text) is "not sure" or "skip" or "dont know" or "don t know" ? -1 : TypedAnswer.Pain(text);
    }

    public static QuestionChoice[] Locations(string code) =>
        [.. Enum.GetValues<PainLocation>().Select(v => new QuestionChoice(code + ":" + (int)v, Wording.Label(v)))];

    public static QuestionChoice[] Triggers(string code) =>
        [.. Enum.GetValues<HeadacheTrigger>().Where(t => t != HeadacheTrigger.Other).Select(v => new QuestionChoice(code + ":" + (int)v, Wording.Label(v)))];

    public static QuestionChoice[] Medications(string code) =>
        [.. Wording.MedicationChoices.Select(v => new QuestionChoice(code + ":" + (int)v, Wording.Label(v), v == MedicationKind.None ? ["none", "no", "nothing"] : []))];

    /// <summary>A multi-select's buttons with the ticks shown, then Done.</summary>
    public static IReadOnlyList<ReplyChoice> Multi(string code, IReadOnlyList<QuestionChoice> choices, IReadOnlyList<int> selected) =>
        [.. choices.Select(c => c.ToReply(selected.Contains(ValueOf(c.Id)))), new ReplyChoice(code + ":done", DiaryEntryWording.Done)];

    /// <summary>What a multi-select answer does: toggle one value, set several (typed), or finish.</summary>
    public readonly record struct MultiAnswer(bool Done, int? Toggle, IReadOnlyList<int>? Set);

    public static MultiAnswer? ReadMulti(string code, IReadOnlyList<QuestionChoice> choices, DiaryInput input)
    {
        if (input.ChoiceId is { } id)
        {
            if (id == code + ":done")
            {
                return new MultiAnswer(true, null, null);
            }

            return choices.Any(c => c.Id == id) ? new MultiAnswer(false, ValueOf(id), null) : null;
        }

        var text = input.Text ?? string.Empty;
        if (TypedAnswer.Normalise(text) is "done" or "skip" or "none" or "no" or "nothing" or "not sure" or "next" or "ok")
        {
            return new MultiAnswer(true, null, null);
        }

        // Typed choices set the answer and finish it ("1, 3", "poor sleep and alcohol").
        return TypedAnswer.MatchMany(text, choices) is { } many ? new MultiAnswer(true, null, [.. many.Select(c => ValueOf(c.Id))]) : null;
    }

    public static int ValueOf(string choiceId) =>
        int.Parse(choiceId.AsSpan(choiceId.IndexOf(':', StringComparison.Ordinal) + 1), NumberStyles.None, CultureInfo.InvariantCulture);

    public static IReadOnlyList<int> Toggled(IReadOnlyList<int> selected, int value) =>
        selected.Contains(value) ? [.. selected.Where(v => v != value)] : [.. selected, value];

    /// <summary>A typed "no end": still going, not sure, don't know.</summary>
    public static bool IsNoEnd(string text) => TypedAnswer.Normalise(text) is "not sure" or "still going" or "still there" or "ongoing"
        or "dont know" or "don t know" or "no idea" or "skip" or "none" or "no end" or "unsure" or "not sure still going";

    /// <summary>A typed note: trimmed; null when empty.</summary>
    public static string? Note(string text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
