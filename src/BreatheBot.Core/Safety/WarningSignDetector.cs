namespace BreatheBot.Core.Safety;

/// <summary>
/// Reads a typed message for warning signs by meaning (content.md §2, "Typed at any step"): a body part losing
/// strength, feeling or control; speech or understanding trouble; confusion; loss of sight or double vision;
/// sudden, explosive or worst-ever pain; fever with a stiff neck or a rash; a head injury with vomiting,
/// drowsiness or worsening; fainting or fits; a red painful eye or haloes; carbon monoxide; and "stroke", "seizure",
/// "meningitis" as they say. Denials ("no fever or stiff neck") and figures of speech ("dying to sit down",
/// "a rash decision") are not signs; common typos are ("seizur", "stroak", "numbb"). A sign only half there
/// (a stiff neck alone) gets <see cref="SignOutcome.Clarify"/>: when in doubt, ask rather than ignore.
/// Pure and deterministic; linear in the length of the message (no regular expressions).
/// </summary>
public static class WarningSignDetector
{
    /// <summary>Classifies one typed message.</summary>
    /// <param name="text">What the person typed.</param>
    /// <param name="pending">A half sign already asked about: the message may complete it ("and I have a fever").</param>
    public static WarningSignResult Classify(string? text, HalfSign? pending = null)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return WarningSignResult.Everyday;
        }

        var tokens = SignText.Tokenise(text);
        return tokens.Count == 0 ? WarningSignResult.Everyday : SignRules.Decide(tokens, pending);
    }
}
