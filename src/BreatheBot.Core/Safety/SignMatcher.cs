namespace BreatheBot.Core.Safety;

/// <summary>A meaning found at tokens [Start, End) of the message.</summary>
internal readonly record struct SignMatch(SignConcept Concept, int Start, int End);

/// <summary>Finds every lexicon phrase in the tokens: one pass, each word looked up once, phrases never cross a break.</summary>
internal static class SignMatcher
{
    public static List<SignMatch> FindPhrases(List<SignToken> tokens)
    {
        var found = new List<SignMatch>();
        for (var i = 0; i < tokens.Count; i++)
        {
            if (tokens[i].IsBreak || !SignLexicon.ByFirstWord.TryGetValue(tokens[i].Word, out var phrases))
            {
                continue;
            }

            foreach (var (concept, slots) in phrases)
            {
                if (Matches(tokens, i, slots))
                {
                    found.Add(new SignMatch(concept, i, i + slots.Length));
                }
            }
        }

        return found;
    }

    private static bool Matches(List<SignToken> tokens, int start, string[][] slots)
    {
        if (start + slots.Length > tokens.Count)
        {
            return false;
        }

        for (var s = 0; s < slots.Length; s++)
        {
            var token = tokens[start + s];
            if (token.IsBreak)
            {
                return false;
            }

            var alternatives = slots[s];
            if (alternatives.Length == 1 && alternatives[0] == "*")
            {
                continue;
            }

            if (Array.IndexOf(alternatives, token.Word) < 0)
            {
                return false;
            }
        }

        return true;
    }
}
