using System.Globalization;
using System.Text;

namespace BreatheBot.Core.Content;

/// <summary>
/// Emergency-tier wording a person may type at any step (content.md §2, "Typed at any step").
/// This is the one place the phrase list lives; every phrase is tested. We err on the side of interrupting.
/// </summary>
public static class RedFlagPhrases
{
    /// <summary>Phrase → the emergency item it points at. Matched on normalised text (lower case, plain apostrophes, single spaces).</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> All { get; } =
    [
        // E1: thunderclap / worst ever
        new("worst headache", "E1"),
        new("worst pain of my life", "E1"),
        new("worst pain ever", "E1"),
        new("worst of my life", "E1"),
        new("thunderclap", "E1"),
        new("sudden severe", "E1"),
        new("suddenly severe", "E1"),
        new("like being hit", "E1"),
        new("exploded in my head", "E1"),
        // E2: new neurological deficit, confusion
        new("can't move my", "E2"),
        new("cannot move my", "E2"),
        new("cant move my", "E2"),
        new("can't feel my", "E2"),
        new("cannot feel my", "E2"),
        new("cant feel my", "E2"),
        new("numb", "E2"),
        new("numbness", "E2"),
        new("tingling on one side", "E2"),
        new("weakness in my", "E2"),
        new("arm is weak", "E2"),
        new("leg is weak", "E2"),
        new("face drooping", "E2"),
        new("drooping face", "E2"),
        new("face is drooping", "E2"),
        new("slurred speech", "E2"),
        new("slurring", "E2"),
        new("trouble speaking", "E2"),
        new("can't speak", "E2"),
        new("cannot speak", "E2"),
        new("can't talk", "E2"),
        new("confused", "E2"),
        new("confusion", "E2"),
        new("can't think straight", "E2"),
        new("lost my vision", "E2"),
        new("loss of vision", "E2"),
        new("can't see", "E2"),
        new("cannot see", "E2"),
        new("double vision", "E2"),
        new("gone blind", "E2"),
        new("going blind", "E2"),
        new("very drowsy", "E2"),
        new("can't stay awake", "E2"),
        // E3: fever, stiff neck, rash
        new("stiff neck", "E3"),
        new("neck is stiff", "E3"),
        new("fever", "E3"),
        new("feverish", "E3"),
        new("high temperature", "E3"),
        new("rash", "E3"),
        new("rash that doesn't fade", "E3"),
        // E4: head injury
        new("hit my head", "E4"),
        new("banged my head", "E4"),
        new("bumped my head", "E4"),
        new("head injury", "E4"),
        new("hit on the head", "E4"),
        new("knocked out", "E4"),
        new("concussion", "E4"),
        new("car accident", "E4"),
        new("had an accident", "E4"),
        new("fell and hit", "E4"),
        // E5: seizure / fainting
        new("seizure", "E5"),
        new("seizures", "E5"),
        new("had a fit", "E5"),
        new("convulsion", "E5"),
        new("convulsions", "E5"),
        new("fainted", "E5"),
        new("passed out", "E5"),
        new("blacked out", "E5"),
        // E6: acute glaucoma
        new("red eye", "E6"),
        new("halos", "E6"),
        new("halo", "E6"),
        new("blurred vision", "E6"),
        new("blurry vision", "E6"),
        // Plain calls for help
        new("emergency", "E1"),
        new("call an ambulance", "E1"),
        new("dying", "E1"),
    ];

    /// <summary>Returns the emergency item the text points at, or null. Whole-word match on normalised text
    /// ("numb" matches "my arm is numb", not "number").</summary>
    public static string? Match(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var normalised = Normalise(text);
        foreach (var (phrase, code) in All)
        {
            if (ContainsWords(normalised, phrase))
            {
                return code;
            }
        }

        return null;
    }

    internal static string Normalise(string text)
    {
        var builder = new StringBuilder(text.Length + 2);
        builder.Append(' ');
        var lastWasSpace = true;
        foreach (var raw in CompatibilityForm(text))
        {
            var c = raw switch
            {
                '\u2019' or '\u2018' or '\u02BC' or '`' or '\u00B4' => '\'',
                _ => char.ToLower(raw, CultureInfo.InvariantCulture),
            };
            if (char.IsLetterOrDigit(c) || c == '\'')
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

        if (!lastWasSpace)
        {
            builder.Append(' ');
        }

        return builder.ToString();
    }

    /// <summary>
    /// NFKC folds look-alike characters (full-width letters, ligatures). Text that is not valid Unicode (a lone
    /// surrogate, U+FFFE) cannot be normalised: it is matched as typed rather than failing the turn.
    /// </summary>
    private static string CompatibilityForm(string text)
    {
        try
        {
            return text.Normalize(NormalizationForm.FormKC);
        }
        catch (ArgumentException)
        {
            return text;
        }
    }

    private static bool ContainsWords(string normalised, string phrase)
    {
        // The normalised text starts and ends with a space, so " phrase " finds whole words only.
        return normalised.Contains(" " + phrase + " ", StringComparison.Ordinal);
    }
}
