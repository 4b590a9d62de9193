using BreatheBot.Core.Messaging;

namespace BreatheBot.Core.Conversations;

/// <summary>The main menu of a private chat.</summary>
internal static class MainMenu
{
    public static readonly QuestionChoice[] Choices =
    [
        new("m:headache", "A headache is starting", "headache", "i have a headache", "headache help"),
        new("m:breathe", "Breathing exercise", "breathe", "breathing"),
        new("m:points", "Pressure-point steps", "points", "massage", "pressure points"),
        new("m:log", "Log a past headache", "log", "log a headache"),
        new("m:help", "Help"),
    ];

    /// <summary>The menu's buttons as replies, built once.</summary>
    public static readonly IReadOnlyList<ReplyChoice> Replies = Array.AsReadOnly(Array.ConvertAll(Choices, c => c.ToReply()));
}
