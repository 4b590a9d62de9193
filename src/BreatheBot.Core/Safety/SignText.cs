using System.Globalization;
using System.Text;

namespace BreatheBot.Core.Safety;

/// <summary>One word of a typed message (lower case, apostrophes dropped, typos mapped to the lexicon's word), or a break.</summary>
internal readonly record struct SignToken(string Word, TokenBreak Break)
{
    public bool IsBreak => Break != TokenBreak.None;
}

internal enum TokenBreak
{
    None = 0,

    /// <summary>A comma, colon, bracket or dash: ends a negation's reach, not a sentence.</summary>
    Clause = 1,

    /// <summary>A full stop, question or exclamation mark, semicolon or new line.</summary>
    Sentence = 2,
}

/// <summary>
/// Turns a message into tokens in one linear pass: compatibility-folded (full-width letters, ligatures), lower case,
/// "can't" → "cant", "I'm" → "im", punctuation kept as breaks. No regular expressions, so no backtracking.
/// </summary>
internal static class SignText
{
    public static List<SignToken> Tokenise(string text)
    {
        var folded = CompatibilityForm(text);
        var tokens = new List<SignToken>(Math.Min(folded.Length / 4 + 4, 4096));
        var word = new StringBuilder(24);
        for (var i = 0; i < folded.Length; i++)
        {
            var c = char.ToLower(folded[i], CultureInfo.InvariantCulture);
            if (char.IsLetterOrDigit(c))
            {
                word.Append(c);
                continue;
            }

            if (c is '\'' or '\u2019' or '\u2018' or '\u02BC' or '`' or '\u00B4')
            {
                // "vision's", "it's": the word without its 's. Other apostrophes join: "can't" is one word, "cant".
                if (word.Length > 0 && i + 1 < folded.Length && char.ToLowerInvariant(folded[i + 1]) == 's'
                    && (i + 2 == folded.Length || !char.IsLetterOrDigit(folded[i + 2])))
                {
                    i++;
                }

                continue;
            }

            Flush(tokens, word);
            var kind = c switch
            {
                '.' or '!' or '?' or ';' or '\n' or '\r' => TokenBreak.Sentence,
                ',' or ':' or '(' or ')' or '\u2013' or '\u2014' or '"' or '\u201C' or '\u201D' => TokenBreak.Clause,
                _ => TokenBreak.None,
            };
            if (kind != TokenBreak.None && (tokens.Count == 0 || tokens[^1].Break < kind))
            {
                if (tokens.Count > 0 && tokens[^1].IsBreak)
                {
                    tokens[^1] = new SignToken(string.Empty, kind);
                }
                else
                {
                    tokens.Add(new SignToken(string.Empty, kind));
                }
            }
        }

        Flush(tokens, word);
        return tokens;
    }

    private static void Flush(List<SignToken> tokens, StringBuilder word)
    {
        if (word.Length == 0)
        {
            return;
        }

        tokens.Add(new SignToken(SignWords.Canonical(word.ToString()), TokenBreak.None));
        word.Clear();
    }

    /// <summary>
    /// NFKC folds look-alike characters. Text that is not valid Unicode (a lone surrogate, U+FFFE) cannot be
    /// normalised: it is read as typed rather than failing the turn.
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
}
