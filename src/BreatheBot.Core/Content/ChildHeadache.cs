using System.Text.RegularExpressions;

namespace BreatheBot.Core.Content;

/// <summary>
/// "my son has a headache", "it's for my daughter": the headache is a child's (content.md §1, adults only). Simple on
/// purpose: a child word after "my"/"our" together with a headache word or "it's for".
/// </summary>
public static partial class ChildHeadache
{
    public static bool Matches(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!ChildPhrase().IsMatch(text))
        {
            return false;
        }

        return HeadacheWord().IsMatch(text) || ForPhrase().IsMatch(text);
    }

    [GeneratedRegex(@"\b(my|our)\s+(\w+\s+)?(son|daughter|child|kid|boy|girl|baby|toddler|teen|teenager)s?\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ChildPhrase();

    [GeneratedRegex(@"head|migraine", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HeadacheWord();

    [GeneratedRegex(@"^\s*(it['’]?s\s+|it\s+is\s+|this\s+is\s+)?for\s+(my|our)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ForPhrase();
}
