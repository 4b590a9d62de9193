using System.Globalization;
using System.Text;

namespace BreatheBot.Tests.Fuzz;

/// <summary>
/// Seeded hostile and ordinary chat text for the adapter fuzz tests (linked into each adapter's test project): real
/// answers, commands, emoji, control characters, markup, 10,000-character messages, random Unicode and, rarely, lone
/// surrogates and U+FFFE. Deterministic for a given <see cref="Random"/>.
/// </summary>
internal sealed class FuzzText(Random random)
{
    public static readonly string[] Commands =
        ["start", "headache", "breathe", "points", "help", "stop", "history", "stats", "privacy", "settings", "link", "channelstats", "export", "forget", "log"];

    private static readonly string[] Ordinary =
    [
        "no", "yes", "none", "6", "0", "10", "11", "-1", "2", "done", "skip", "stop", "help", "?", "pressing", "throbbing",
        "box", "478", "ok", "better", "worse", "same", "i have a headache", "5/10", "7.5", "１２", "٣", "Ⅻ", "back of the head",
    ];

    private static readonly string[] Emoji = ["😀", "🤕", "💆‍♀️", "👍🏽", "🫁", "❤️", "👨‍👩‍👧‍👦", "🏳️‍🌈", "🇬🇧"];

    private static readonly string[] Odd =
    [
        "", " ", "\t", "\n\n\n", "\0", "\u200B", "\u202E", "\uFEFF", "\r\n", "\u0007", "\u001B[31m", "\uFFFF", "null", "NaN",
        "%s%s%n", "{0}", "<b>bold</b>", "</i>", "<a href=\"x\">", "&amp;", "&", "<", ">", "*x*", "_y_", "`z`", "@everyone", "<@1>",
        "' OR 1=1 --", "{\"$step\":\"idle\"}", "İ", "ß", "ﬁ", "a\u0301", "🤕\u0000🤕", "/", "//", "/ ", "@bot",
    ];

    private static readonly string[] IllFormed = ["\uD800", "\uDC00", "\uFFFE", "ok \uD83E", "\uDD15 worst headache"];

    public Random Random => random;

    public T Pick<T>(IReadOnlyList<T> items) => items[random.Next(items.Count)];

    public bool Chance(int percent) => random.Next(100) < percent;

    /// <summary>Text a person (or an attacker) might send.</summary>
    public string Next() => random.Next(40) switch
    {
        < 14 => Pick(Ordinary),
        < 18 => "/" + Pick(Commands) + (Chance(30) ? " " + Pick(Ordinary) : string.Empty),
        < 21 => Pick(Emoji) + (Chance(50) ? " " + Pick(Ordinary) : string.Empty),
        < 25 => Pick(Odd),
        < 26 => Pick(IllFormed),
        < 28 => Long(random.Next(4) == 0 ? 10_000 : random.Next(1_000, 5_000)),
        < 32 => Mix(),
        _ => Unicode(random.Next(0, 120)),
    };

    /// <summary>Random UTF-16 of about <paramref name="length"/> code units: controls, ASCII, any BMP character, astral pairs.</summary>
    public string Unicode(int length)
    {
        var builder = new StringBuilder(length + 1);
        while (builder.Length < length)
        {
            switch (random.Next(6))
            {
                case 0:
                    builder.Append((char)random.Next(0, 0x20));
                    break;
                case 1:
                    builder.Append((char)random.Next(0x20, 0x7F));
                    break;
                case 2:
                    builder.Append(char.ConvertFromUtf32(random.Next(0x10000, 0x110000)));
                    break;
                case 3:
                    builder.Append((char)random.Next(0x0080, 0x0800));
                    break;
                default:
                    var c = (char)random.Next(0, 0x10000);
                    builder.Append(char.IsSurrogate(c) || c == '\uFFFE' ? '\uFFFD' : c);
                    break;
            }
        }

        return builder.ToString();
    }

    /// <summary>ASCII that is not a number and not a known id: for forged ids and payloads.</summary>
    public string Garbage(int length)
    {
        var builder = new StringBuilder(length);
        for (var i = 0; i < length; i++)
        {
            builder.Append((char)random.Next(0x21, 0x7F));
        }

        return builder.ToString();
    }

    /// <summary>An id-like number: ordinary, zero, negative, or at the edge of 53 and 64 bits.</summary>
    public long HugeId() => random.Next(6) switch
    {
        0 => long.MaxValue,
        1 => long.MinValue + 1,
        2 => (1L << 53) + random.Next(1000),
        3 => 0,
        4 => -random.Next(1, 1_000_000),
        _ => random.NextInt64(1, long.MaxValue),
    };

    private string Long(int length)
    {
        var builder = new StringBuilder(length + 20);
        while (builder.Length < length)
        {
            builder.Append(random.Next(3) switch
            {
                0 => Pick(Ordinary),
                1 => Pick(Emoji),
                _ => Unicode(20),
            }).Append(' ');
        }

        builder.Length = length;
        if (char.IsHighSurrogate(builder[^1]))
        {
            builder[^1] = '.';
        }

        return builder.ToString();
    }

    private string Mix()
    {
        var builder = new StringBuilder();
        var parts = random.Next(1, 6);
        for (var i = 0; i < parts; i++)
        {
            builder.Append(random.Next(3) switch
            {
                0 => Pick(Ordinary),
                1 => Pick(Emoji),
                _ => Pick(Odd),
            });
        }

        return builder.ToString();
    }

    public static int FromEnvironment(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : fallback;
}
