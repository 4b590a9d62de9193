namespace BreatheBot.Core.Messaging;

/// <summary>
/// What the core wants said. Adapters render replies in their platform's terms and never decide content.
/// <see cref="Key"/> names the reply for tests and metrics (e.g. "triage.emergency"); it is never shown.
/// </summary>
public abstract record Reply(string Key);

/// <summary>A button the person can press. <see cref="Id"/> is short ASCII (at most 32 chars) and comes back in <see cref="ChoiceSelected"/>.</summary>
public sealed record ReplyChoice(string Id, string Label)
{
    /// <summary>
    /// The question the button belongs to (the conversation's <c>PromptId</c> when it was sent), stamped by the core.
    /// Adapters encode it into the button and pass it back as <see cref="ChoiceSelected.PromptId"/>; a press whose
    /// stamp is not the current one is answered "that button belongs to an earlier question" and changes nothing.
    /// </summary>
    public int? PromptId { get; init; }
}

/// <summary>
/// A new message. Plain text (adapters escape it for their markup); paragraphs separated by blank lines.
/// When <paramref name="Slot"/> is set, later <see cref="EditReply"/>s with that slot update this message in place.
/// </summary>
public sealed record TextReply(string Key, string Text, IReadOnlyList<ReplyChoice> Choices, string? Slot = null) : Reply(Key)
{
    /// <summary>
    /// The choices are answered by their words only, never by a number (the warning-sign screens). Adapters that list
    /// choices as text (the terminal) must not number them.
    /// </summary>
    public bool WordsOnly { get; init; }

    public TextReply(string key, string text)
        : this(key, text, [], null)
    {
    }
}

/// <summary>
/// Update the message last sent with <paramref name="Slot"/> in place (the breathing pacer, a hold timer, a multi-select
/// question). If the adapter has no such message (e.g. after a restart), it sends a new one and remembers it for the slot.
/// </summary>
public sealed record EditReply(string Key, string Slot, string Text, IReadOnlyList<ReplyChoice> Choices) : Reply(Key);

/// <summary>
/// Personal flows never run in a group: this asks the adapter to move the person to a private chat.
/// Telegram renders a button with a deep link (t.me/bot?start=<paramref name="StartPayload"/>); Discord opens a DM and
/// starts the flow there by sending <c>/start StartPayload</c> into the DM conversation.
/// <paramref name="StartPayload"/> matches [a-z0-9_-]{1,32}.
/// </summary>
public sealed record MoveToPrivateReply(string Key, string Text, string ButtonLabel, string StartPayload) : Reply(Key);

/// <summary>A file for the person (a chart PNG, an export). Images are sent as photos where the platform has them.</summary>
public sealed record FileReply(string Key, string FileName, string ContentType, ReadOnlyMemory<byte> Content, string? Caption) : Reply(Key);

/// <summary>
/// A short note only the person who pressed a button sees (Telegram: the answer to the callback query; Discord: an
/// ephemeral message). Used in channels, e.g. "You've already joined". The terminal prints it.
/// </summary>
public sealed record NoticeReply(string Key, string Text) : Reply(Key);

/// <summary>
/// Everything stored about the person in this conversation was just deleted (/forget). An adapter that keeps anything
/// of theirs outside the diary (the terminal's saved charts and exports, message ids) deletes it too. Nothing is shown.
/// </summary>
public sealed record DataErasedReply(string Key) : Reply(Key);
