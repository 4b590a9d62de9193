using BreatheBot.Core.Safety;

namespace BreatheBot.Core.Tests.Safety;

/// <summary>One labelled message of WarningSignCorpus.tsv.</summary>
internal sealed record CorpusMessage(SignOutcome Label, IReadOnlyList<string> Codes, string Text, string Part, int Line)
{
    public bool HeldOut => Part != "tuning";
}

/// <summary>Reads the labelled corpus (label, codes, text; "# part: held-out" starts the part written after the rules froze).</summary>
internal static class WarningSignCorpus
{
    public static IReadOnlyList<CorpusMessage> All { get; } = Load();

    private static List<CorpusMessage> Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Safety", "WarningSignCorpus.tsv");
        var messages = new List<CorpusMessage>();
        var part = "tuning";
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (line.StartsWith("# part:", StringComparison.Ordinal))
            {
                part = line["# part:".Length..].Trim().Split(' ')[0];
                continue;
            }

            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var parts = line.Split('\t');
            if (parts.Length != 3)
            {
                throw new InvalidDataException($"WarningSignCorpus.tsv line {lineNumber}: expected 3 tab-separated columns.");
            }

            var label = parts[0] switch
            {
                "emergency" => SignOutcome.Emergency,
                "clarify" => SignOutcome.Clarify,
                "everyday" => SignOutcome.Everyday,
                _ => throw new InvalidDataException($"WarningSignCorpus.tsv line {lineNumber}: unknown label '{parts[0]}'."),
            };
            var codes = parts[1] == "-" ? [] : parts[1].Split(',');
            messages.Add(new CorpusMessage(label, codes, parts[2], part, lineNumber));
        }

        return messages;
    }
}
