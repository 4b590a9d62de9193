using System.Text;
using BreatheBot.Core.Conversations;
using BreatheBot.Core.Messaging;
using BreatheBot.DiscordAdapter.Interactions;
using BreatheBot.DiscordAdapter.Model;

namespace BreatheBot.DiscordAdapter;

/// <summary>Renders the core's plain text and choices as Discord content and components.</summary>
internal static class DiscordText
{
    public const int MaxContent = 2000;
    public const int MaxButtons = 25;
    private const int ButtonsPerRow = 5;
    private const int MaxLabel = 80;
    private const string Inline = "\\*_~`|<>[]";

    /// <summary>Neutralises Discord markdown and mention syntax so plain text shows as written.</summary>
    public static string Escape(string text)
    {
        var sb = new StringBuilder(text.Length + 16);
        var lineStart = true;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if ((lineStart && c is '#' or '-' or '+') || (c == '.' && IsListDot(text, i)) || Inline.Contains(c, StringComparison.Ordinal))
            {
                sb.Append('\\');
            }

            if (c == '@' && i + 1 < text.Length && (text[i + 1] is 'e' or 'h'))
            {
                sb.Append(c).Append('\u200B'); // @everyone / @here never render as mentions
                lineStart = false;
                continue;
            }

            sb.Append(c);
            lineStart = c == '\n';
        }

        return sb.ToString();
    }

    /// <summary>Escapes and splits text into messages of at most 2000 characters, at paragraph, line or word breaks.</summary>
    public static IReadOnlyList<string> Chunk(string text, int max = MaxContent)
    {
        var escaped = Escape(text);
        var chunks = new List<string>();
        var rest = escaped.AsSpan();
        while (rest.Length > max)
        {
            var window = rest[..max];
            var cut = window.LastIndexOf("\n\n");
            if (cut < max / 2)
            {
                cut = window.LastIndexOf('\n');
            }

            if (cut < max / 2)
            {
                cut = window.LastIndexOf(' ');
            }

            if (cut < max / 2)
            {
                cut = max;
            }

            while (cut > 1 && rest[cut - 1] == '\\')
            {
                cut--; // never separate an escape from the character it escapes
            }

            chunks.Add(rest[..cut].TrimEnd().ToString());
            rest = rest[cut..].TrimStart();
        }

        if (rest.Length > 0 || chunks.Count == 0)
        {
            chunks.Add(rest.ToString());
        }

        return chunks;
    }

    /// <summary>One message's worth of text: escaped and cut to 2000 characters (edits cannot be split).</summary>
    public static string Single(string text)
    {
        var escaped = Escape(text);
        if (escaped.Length <= MaxContent)
        {
            return escaped;
        }

        var cut = MaxContent - 1;
        while (cut > 1 && escaped[cut - 1] == '\\')
        {
            cut--;
        }

        return escaped[..cut] + "…";
    }

    /// <summary>Choices as rows of at most five buttons (at most 25), each bound to the conversation and owner.</summary>
    public static List<Component> Buttons(IReadOnlyList<ReplyChoice> choices, ConversationKey key, string owner)
    {
        var rows = new List<Component>();
        foreach (var batch in choices.Take(MaxButtons).Chunk(ButtonsPerRow))
        {
            rows.Add(new Component
            {
                Type = 1,
                Components = batch.Select(c => new Component
                {
                    Type = 2,
                    Style = 2,
                    Label = c.Label.Length > MaxLabel ? c.Label[..(MaxLabel - 1)] + "…" : c.Label,
                    CustomId = CustomIds.Encode(key, owner, c),
                }).ToList(),
            });
        }

        return rows;
    }

    public static MessagePayload Payload(string content, List<Component>? components, bool ephemeral = false) => new()
    {
        Content = content,
        Components = components,
        AllowedMentions = new AllowedMentions(),
        Flags = ephemeral ? 64 : null,
    };

    /// <summary>
    /// The payload of a new channel message, deduplicated by Discord when it carries the outbox entry's nonce (chunk 0
    /// uses the id itself, later chunks "id.1", "id.2": at most 16 + 3 characters of Discord's 25).
    /// </summary>
    public static MessagePayload WithNonce(MessagePayload payload, string? nonce, int chunk = 0)
    {
        ArgumentNullException.ThrowIfNull(payload);
        if (nonce is not null)
        {
            payload.Nonce = chunk == 0 ? nonce : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{nonce}.{chunk}");
            payload.EnforceNonce = true;
        }

        return payload;
    }

    /// <summary>The dot of "12. " at the start of a line, which Discord would render as a numbered list.</summary>
    private static bool IsListDot(string text, int i)
    {
        var j = i - 1;
        while (j >= 0 && char.IsAsciiDigit(text[j]))
        {
            j--;
        }

        return j < i - 1 && (j < 0 || text[j] == '\n') && i + 1 < text.Length && text[i + 1] == ' ';
    }
}
