using System.Text;

namespace BreatheBot.TelegramAdapter;

/// <summary>Turns the core's plain text into Telegram HTML: everything escaped, split to fit the 4096-character limit.</summary>
internal static class TelegramText
{
    /// <summary>Telegram's limit for a message's text after entity parsing.</summary>
    public const int MaxMessageLength = 4096;

    /// <summary>Telegram's limit for a photo or document caption.</summary>
    public const int MaxCaptionLength = 1024;

    /// <summary>Escapes the characters HTML parse mode reserves (&amp;, &lt;, &gt;, and &quot; for attributes).</summary>
    public static string EscapeHtml(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.AsSpan().IndexOfAny("&<>\"") < 0)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            builder.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                _ => null,
            } ?? c.ToString());
        }

        return builder.ToString();
    }

    /// <summary>
    /// Splits plain text into pieces of at most <paramref name="limit"/> UTF-16 units (stricter than Telegram's count),
    /// preferring paragraph breaks, then line breaks, then spaces; never inside a surrogate pair. Order is kept.
    /// </summary>
    public static IReadOnlyList<string> Split(string text, int limit = MaxMessageLength)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 2);
        if (text.Length <= limit)
        {
            return [text];
        }

        var parts = new List<string>();
        var rest = text.AsSpan();
        while (rest.Length > limit)
        {
            var window = rest[..limit];
            var cut = window.LastIndexOf("\n\n");
            if (cut < limit / 2)
            {
                cut = window.LastIndexOf('\n');
            }

            if (cut < limit / 2)
            {
                cut = window.LastIndexOf(' ');
            }

            if (cut < limit / 2)
            {
                cut = char.IsHighSurrogate(rest[limit - 1]) ? limit - 1 : limit;
            }

            var piece = rest[..cut].TrimEnd();
            if (piece.Length > 0)
            {
                parts.Add(piece.ToString());
            }

            rest = rest[cut..].TrimStart();
        }

        if (rest.Length > 0)
        {
            parts.Add(rest.ToString());
        }

        return parts;
    }

    /// <summary>Shortens plain text to <paramref name="limit"/> units with an ellipsis (for edits and captions, which cannot be split).</summary>
    public static string Truncate(string text, int limit)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length <= limit)
        {
            return text;
        }

        var cut = limit - 1;
        if (char.IsHighSurrogate(text[cut - 1]))
        {
            cut--;
        }

        return string.Concat(text.AsSpan(0, cut), "…");
    }
}
