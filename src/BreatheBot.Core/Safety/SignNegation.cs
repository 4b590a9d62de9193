using System.Collections.Frozen;

namespace BreatheBot.Core.Safety;

/// <summary>
/// Whether a found meaning is denied: "no fever or stiff neck", "I haven't fainted", "not my worst one", "rash? no".
/// A denial reaches forward up to seven words within its clause, through "or" and "and" but not into a new clause
/// ("no fever and my neck is stiff": the neck is not denied). "Not sure", "don't know", "no idea" deny nothing.
/// Words that are part of the sign itself ("can't move", "isn't working") are inside the match, so never read as a denial.
/// </summary>
internal static class SignNegation
{
    private const int Reach = 7;

    private static readonly FrozenSet<string> Cues = FrozenSet.ToFrozenSet(
    [
        "no", "not", "never", "without", "dont", "doesnt", "didnt", "havent", "hasnt", "hadnt", "isnt", "arent", "wasnt",
        "werent", "nor", "neither", "none", "nothing", "zero", "denies", "deny", "aint", "nope", "free",
    ], StringComparer.Ordinal);

    /// <summary>After a cue, these make it a doubt or an answer, not a denial: "not sure", "don't know", "no idea", "no, I...".</summary>
    private static readonly FrozenSet<string> Softeners = FrozenSet.ToFrozenSet(
    [
        "sure", "certain", "know", "think", "remember", "recall", "idea", "clue", "doubt", "matter", "way", "i", "im", "wonder",
        "only", "just", "anymore", "better",
    ], StringComparer.Ordinal);

    private static readonly FrozenSet<string> ClauseEnders = FrozenSet.ToFrozenSet(
    [
        "but", "just", "though", "although", "however", "except", "apart", "only", "now", "yet", "still", "which", "because",
        "so", "then", "also", "plus", "until", "since", "after", "before", "while", "when", "if", "cos", "cause", "although",
    ], StringComparer.Ordinal);

    private static readonly FrozenSet<string> Subjects = FrozenSet.ToFrozenSet(
        ["my", "i", "im", "it", "its", "she", "he", "they", "his", "her", "our", "this", "that", "there", "ive", "me"], StringComparer.Ordinal);

    private static readonly FrozenSet<string> Answers = FrozenSet.ToFrozenSet(["no", "nope", "none", "nah", "negative"], StringComparer.Ordinal);

    public static bool IsDenied(List<SignToken> tokens, int start, int end) => DeniedBefore(tokens, start) || DeniedAfter(tokens, end);

    private static bool DeniedBefore(List<SignToken> tokens, int start)
    {
        var words = 0;
        for (var i = start - 1; i >= 0 && words < Reach; i--)
        {
            var token = tokens[i];
            if (token.IsBreak || ClauseEnders.Contains(token.Word))
            {
                return false;
            }

            if (token.Word == "and" && i + 1 < start && Subjects.Contains(tokens[i + 1].Word))
            {
                return false;
            }

            if (Cues.Contains(token.Word))
            {
                var next = i + 1 < tokens.Count ? tokens[i + 1].Word : string.Empty;
                if (!Softeners.Contains(next))
                {
                    return true;
                }
            }

            words++;
        }

        return false;
    }

    /// <summary>"Stiff neck? No." "Fever - none."</summary>
    private static bool DeniedAfter(List<SignToken> tokens, int end)
    {
        var i = end;
        if (i < tokens.Count && tokens[i].IsBreak)
        {
            i++;
        }

        return i < tokens.Count && Answers.Contains(tokens[i].Word) && (i + 1 == tokens.Count || tokens[i + 1].IsBreak);
    }
}
