using System.Text;
using System.Text.RegularExpressions;

namespace BreatheBot.Core.Conversations;

/// <summary>
/// Recognises a person saying their headache has gone: "it's gone", "headache gone!", "It's over.", "the pain has
/// passed", "no more headache". The whole message must say it (an optional "yay", "finally", "now" around it is fine),
/// so "it's not gone", "it's almost gone", "it's gone worse", "the pain has gone to my neck", "my vision has gone" or a
/// question ("is it gone?") never end an episode. Case, apostrophes and punctuation do not matter.
/// </summary>
public static partial class HeadacheGone
{
    public static bool Matches(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Length > 80 || text.Contains('?', StringComparison.Ordinal))
        {
            return false;
        }

        return Phrase().IsMatch(Normalise(text));
    }

    /// <summary>Lower case, apostrophes dropped ("it's" → "its"), anything else but letters and digits → one space.</summary>
    internal static string Normalise(string text)
    {
        var builder = new StringBuilder(text.Length);
        var lastWasSpace = true;
        foreach (var raw in text)
        {
            var c = char.ToLowerInvariant(raw);
            if (c is '\'' or '’' or '‘' or '`' or '´')
            {
                continue;
            }

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

    // Before: a few cheerful or hedging words. Then "it", "its", "the headache(s)", "my pain", "migraine"... with an
    // optional "is/has/s (now) (completely)", and "gone (away)", "over", "passed", "stopped", "finished", "disappeared",
    // "went away"; or "no more headache", "headache free", "all gone", a bare "gone". After: "now", "at last", "thanks"...
    [GeneratedRegex("""
        ^(?:(?:yay|yes|yess|great|good|good\snews|finally|phew|ok|okay|oh|update|i\sthink|well|hooray|thankfully|so|and)\s)*
        (?:
            (?:(?:it|its|(?:(?:the|my)\s)?(?:headache|headaches|head\sache|pain|pains|migraine|migraines))
                (?:\s(?:is|has|s|was))?
                (?:\s(?:now|finally|completely|totally|all|fully|just))?
                \s(?:gone(?:\saway)?|over|passed|stopped|finished|disappeared|went\saway|cleared(?:\sup)?)
            )
            |no\smore\s(?:headache|pain|migraine)
            |(?:headache|pain|migraine)\sfree
            |(?:its\s)?all\s(?:gone|over)
            |gone
        )
        (?:\s(?:now|at\slast|finally|completely|totally|thanks|thank\syou|thank\sgod|yay|already|phew|again|for\snow))*$
        """, RegexOptions.CultureInvariant | RegexOptions.IgnorePatternWhitespace)]
    private static partial Regex Phrase();
}
