using System.Collections.Frozen;

namespace BreatheBot.Core.Safety;

/// <summary>
/// Typo tolerance: a word not in the lexicon is mapped to the lexicon word it is a slip of — one edit (a wrong,
/// missing, extra or swapped letter) for words of 5-7 letters, two for 8 or more, the first letter right — or a
/// doubled letter undone ("numbb"). Real words that are one slip from a sign word ("worse", "strike") never are.
/// </summary>
internal static class SignWords
{
    /// <summary>The words typos are corrected towards: the distinctive words of the signs.</summary>
    private static readonly string[] Fuzzy =
    [
        "stroke", "seizure", "seizures", "meningitis", "numbness", "weakness", "slurred", "slurring", "slurry",
        "confused", "confusion", "paralysed", "paralyzed", "fever", "feverish", "drooping", "droopy", "unconscious",
        "fainted", "fainting", "thunderclap", "concussion", "vomiting", "vomited", "worst", "vision", "blurry", "blurred",
        "temperature", "headache", "stiff", "aneurysm", "haemorrhage", "hemorrhage", "convulsions", "convulsing",
        "disoriented", "disorientated", "epilepsy", "epileptic", "tingling", "consciousness", "excruciating",
        "unbearable", "explosive", "exploded", "haloes", "double", "monoxide", "ambulance", "lopsided", "jumbled",
        "garbled", "drowsy", "collapsed", "blacked", "passed", "speech", "speaking", "weakened", "swallow",
    ];

    /// <summary>Real words one slip away from a sign word: read as themselves.</summary>
    private static readonly FrozenSet<string> NeverCorrected = FrozenSet.ToFrozenSet(
    [
        "worse", "wurst", "fewer", "fiver", "never", "lever", "stuff", "staff", "sniff", "skiff", "strike", "strobe",
        "stoke", "strode", "strokes", "dropping", "dripping", "halls", "hallo", "concession", "slurped", "blink",
        "seize", "seized", "doable", "trouble", "visions", "version", "pissed", "passes", "paused", "posted", "passer",
        "spaced", "special", "species", "speedy", "spending", "breaking", "blacken", "blanked", "blocked", "backed",
        "clapped", "fainter", "painted", "tainted", "swallows", "shallow", "hollow", "weakens", "weakest", "worsen",
        "worth", "first", "burst", "wrist", "doubts", "doubled", "doublet", "drowse", "tingle", "tinkling",
        "jumbles", "jumble", "jungle", "streak", "stark", "confusing", "confuse", "confuses", "confusingly", "streaks", "strict", "stoked", "headaches", "feverishly", "stiffly", "stiffer", "lopside", "slurp",
    ], StringComparer.Ordinal);

    private static readonly FrozenSet<string> FuzzySet = FrozenSet.ToFrozenSet(Fuzzy, StringComparer.Ordinal);

    public static string Canonical(string word)
    {
        var known = SignLexicon.Known;
        if (word.Length < 4 || word.Length > 40 || known.Contains(word) || NeverCorrected.Contains(word))
        {
            return word;
        }

        var collapsed = CollapseDoubles(word);
        if (collapsed.Length >= 4 && !ReferenceEquals(collapsed, word) && known.Contains(collapsed))
        {
            return collapsed;
        }

        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in Fuzzy)
        {
            var allowed = candidate.Length >= 8 ? 2 : candidate.Length >= 5 ? 1 : 0;
            if (allowed == 0 || candidate[0] != word[0] || Math.Abs(candidate.Length - word.Length) > allowed)
            {
                continue;
            }

            var distance = Distance(word, candidate, allowed);
            if (distance <= allowed && distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        return best ?? SameSkeleton(word) ?? word;
    }

    /// <summary>Sound-alike slips with the vowels wrong ("stroak" for "stroke"): same consonants, in order, at least four.</summary>
    private static string? SameSkeleton(string word)
    {
        var skeleton = Skeleton(word);
        if (skeleton.Length < 4)
        {
            return null;
        }

        foreach (var candidate in Fuzzy)
        {
            if (candidate[0] == word[0] && candidate.Length >= 5 && Skeleton(candidate) == skeleton)
            {
                return candidate;
            }
        }

        return null;
    }

    private static string Skeleton(string word)
    {
        Span<char> buffer = stackalloc char[word.Length];
        var n = 0;
        foreach (var c in word)
        {
            if (c is not ('a' or 'e' or 'i' or 'o' or 'u') && (n == 0 || buffer[n - 1] != c))
            {
                buffer[n++] = c;
            }
        }

        return new string(buffer[..n]);
    }

    internal static bool IsFuzzyTarget(string word) => FuzzySet.Contains(word);

    private static string CollapseDoubles(string word)
    {
        var hasDouble = false;
        for (var i = 1; i < word.Length && !hasDouble; i++)
        {
            hasDouble = word[i] == word[i - 1];
        }

        if (!hasDouble)
        {
            return word;
        }

        var chars = new char[word.Length];
        var n = 0;
        foreach (var c in word)
        {
            if (n == 0 || chars[n - 1] != c)
            {
                chars[n++] = c;
            }
        }

        return new string(chars, 0, n);
    }

    /// <summary>Optimal string alignment distance (Damerau: a swapped pair costs one), giving up past <paramref name="limit"/>.</summary>
    internal static int Distance(string a, string b, int limit)
    {
        var rows = a.Length + 1;
        var cols = b.Length + 1;
        Span<int> previous2 = stackalloc int[cols];
        Span<int> previous = stackalloc int[cols];
        Span<int> current = stackalloc int[cols];
        for (var j = 0; j < cols; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i < rows; i++)
        {
            current[0] = i;
            var rowMin = current[0];
            for (var j = 1; j < cols; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var value = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    value = Math.Min(value, previous2[j - 2] + 1);
                }

                current[j] = value;
                rowMin = Math.Min(rowMin, value);
            }

            if (rowMin > limit)
            {
                return limit + 1;
            }

            var spare = previous2;
            previous2 = previous;
            previous = current;
            current = spare;
        }

        return previous[cols - 1];
    }
}
