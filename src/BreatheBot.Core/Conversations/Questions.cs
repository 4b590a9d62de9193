using System.Collections.ObjectModel;
using System.Globalization;
using System.Text;
using BreatheBot.Core.Messaging;

namespace BreatheBot.Core.Conversations;

internal enum QuestionKind
{
    Single = 0,
    Multi = 1,
    Pain = 2,
    FreeText = 3,
}

/// <summary>A button of a question. Aliases are extra words a person may type for it ("no" for "None of these").</summary>
internal sealed record QuestionChoice(string Id, string Label, params string[] Aliases)
{
    public ReplyChoice ToReply(bool selected = false) => new(Id, selected ? Content.Wording.Selected + Label : Label);
}

/// <summary>
/// The question a step is asking: its text, its buttons, and how typed answers are read.
/// Choice ids are "code:value": a button from another question (an older message) is recognised as stale.
/// </summary>
internal sealed record Question(string Code, string Key, string Text, QuestionKind Kind, IReadOnlyList<QuestionChoice> Choices)
{
    public const string MultiSlot = "question";

    /// <summary>
    /// False on a question that lists conditions above Yes/No buttons: a bare number typed there ("1", meaning the first
    /// item applies) must never be read as a button, so it is asked again.
    /// </summary>
    public bool NumbersAreAnswers { get; init; } = true;

    /// <summary>The buttons as replies with nothing ticked, built once with the question (questions are cached and shared).</summary>
    public IReadOnlyList<ReplyChoice> Replies { get; } = ToReplies(Choices);

    public bool Owns(string choiceId) =>
        choiceId.Length > Code.Length && choiceId[Code.Length] == ':' && choiceId.StartsWith(Code, StringComparison.Ordinal);

    private static ReadOnlyCollection<ReplyChoice> ToReplies(IReadOnlyList<QuestionChoice> choices)
    {
        var replies = new ReplyChoice[choices.Count];
        for (var i = 0; i < replies.Length; i++)
        {
            replies[i] = choices[i].ToReply();
        }

        return Array.AsReadOnly(replies);
    }

    public QuestionChoice? FindById(string choiceId)
    {
        foreach (var choice in Choices)
        {
            if (choice.Id == choiceId)
            {
                return choice;
            }
        }

        return null;
    }
}

/// <summary>Reads typed answers: a button's number, its label (or a unique start of it), an alias, or a pain number.</summary>
internal static class TypedAnswer
{
    public static QuestionChoice? MatchOne(string text, IReadOnlyList<QuestionChoice> choices)
    {
        var normalised = Normalise(text);
        if (normalised.Length == 0)
        {
            return null;
        }

        // Exact label or alias first (so "5" on the pain scale is the label "5", not the fifth button).
        foreach (var choice in choices)
        {
            if (Normalise(choice.Label) == normalised || choice.Aliases.Any(a => Normalise(a) == normalised))
            {
                return choice;
            }
        }

        if (int.TryParse(normalised, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= 1 && number <= choices.Count)
        {
            return choices[number - 1];
        }

        if (normalised.Length >= 3)
        {
            QuestionChoice? found = null;
            foreach (var choice in choices)
            {
                if (Normalise(choice.Label).StartsWith(normalised, StringComparison.Ordinal))
                {
                    if (found is not null)
                    {
                        return null;
                    }

                    found = choice;
                }
            }

            return found;
        }

        return null;
    }

    /// <summary>"1, 3", "1 3", "poor sleep and alcohol": every part must match, or nothing does.</summary>
    public static IReadOnlyList<QuestionChoice>? MatchMany(string text, IReadOnlyList<QuestionChoice> choices)
    {
        var single = MatchOne(text, choices);
        if (single is not null)
        {
            return [single];
        }

        var parts = text.Split([',', ';', '+', '&', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .SelectMany(p => p.Split(" and ", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .ToList();
        if (parts.Count == 1)
        {
            // "1 3 5": numbers separated by spaces.
            var numbers = parts[0].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (numbers.Length > 1 && numbers.All(n => n.All(char.IsAsciiDigit)))
            {
                parts = [.. numbers];
            }
        }

        if (parts.Count < 2 || parts.Count > choices.Count)
        {
            return null;
        }

        var matched = new List<QuestionChoice>(parts.Count);
        foreach (var part in parts)
        {
            var choice = MatchOne(part, choices);
            if (choice is null)
            {
                return null;
            }

            if (!matched.Contains(choice))
            {
                matched.Add(choice);
            }
        }

        return matched;
    }

    /// <summary>0–10 from "6", "6/10", "6 out of 10", "pain 6".</summary>
    public static int? Pain(string text)
    {
        if (text.TrimStart().StartsWith('-'))
        {
            return null;
        }

        var normalised = Normalise(text);
        foreach (var prefix in new[] { "pain ", "its ", "it s ", "about ", "maybe ", "around " })
        {
            if (normalised.StartsWith(prefix, StringComparison.Ordinal))
            {
                normalised = normalised[prefix.Length..];
            }
        }

        foreach (var suffix in new[] { " 10", " out of 10", " of 10" })
        {
            if (normalised.EndsWith(suffix, StringComparison.Ordinal) && normalised.Length > suffix.Length)
            {
                normalised = normalised[..^suffix.Length];
                break;
            }
        }

        return int.TryParse(normalised, NumberStyles.None, CultureInfo.InvariantCulture, out var pain) && pain is >= 0 and <= 10 ? pain : null;
    }

    /// <summary>Lower case, letters and digits only, single spaces; a leading check mark is dropped.</summary>
    public static string Normalise(string text)
    {
        var builder = new StringBuilder(text.Length);
        var lastWasSpace = true;
        foreach (var raw in text)
        {
            var c = char.ToLowerInvariant(raw);
            if (char.IsLetterOrDigit(c))
            {
                builder.Append(c);
                lastWasSpace = false;
            }
            else if (!lastWasSpace)
            {
                builder.Append(' ');
                lastWasSpace = true;
            }
        }

        return builder.ToString().TrimEnd();
    }
}
