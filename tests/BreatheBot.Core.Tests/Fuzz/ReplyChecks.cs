using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using BreatheBot.Core.Conversations;
using BreatheBot.Core.Messaging;

namespace BreatheBot.Core.Tests.Fuzz;

/// <summary>What every reply must satisfy, whatever the input: checks that collect failures instead of throwing.</summary>
internal static partial class ReplyChecks
{
    /// <summary>Reply keys of health questions and health content, never to be shown in a group channel.</summary>
    public static readonly string[] HealthKeyPrefixes = ["triage.", "pain.", "points.", "follow-up.", "episode."];

    public static void Check(ConversationKey key, ChatKind chat, IReadOnlyList<Reply> replies, string context, ConcurrentQueue<string> failures)
    {
        foreach (var reply in replies)
        {
            void Fail(string what) => failures.Enqueue($"{context}: reply '{reply.Key}' to {key} ({chat}): {what}");

            if (string.IsNullOrWhiteSpace(reply.Key))
            {
                Fail("empty reply key");
            }

            if (reply.Key == "error")
            {
                Fail("the service's fallback reply: the engine threw (see the logged TurnFailed exception)");
            }

            if (chat == ChatKind.Group || key.IsChannel)
            {
                foreach (var prefix in HealthKeyPrefixes)
                {
                    if (reply.Key.StartsWith(prefix, StringComparison.Ordinal))
                    {
                        Fail("a health reply in a group channel");
                    }
                }
            }

            switch (reply)
            {
                case TextReply text:
                    CheckText(text.Text, Fail);
                    CheckChoices(text.Choices, Fail);
                    if (text.Slot is { Length: 0 })
                    {
                        Fail("empty slot");
                    }

                    break;
                case EditReply edit:
                    CheckText(edit.Text, Fail);
                    CheckChoices(edit.Choices, Fail);
                    if (string.IsNullOrEmpty(edit.Slot))
                    {
                        Fail("edit without a slot");
                    }

                    break;
                case MoveToPrivateReply move:
                    CheckText(move.Text, Fail);
                    if (string.IsNullOrWhiteSpace(move.ButtonLabel))
                    {
                        Fail("empty button label");
                    }

                    if (!StartPayload().IsMatch(move.StartPayload))
                    {
                        Fail($"start payload '{move.StartPayload}' is not [a-z0-9_-]{{1,32}}");
                    }

                    break;
                case NoticeReply notice:
                    CheckText(notice.Text, Fail);
                    break;
                case FileReply file:
                    if (string.IsNullOrWhiteSpace(file.FileName) || string.IsNullOrWhiteSpace(file.ContentType) || file.Content.IsEmpty)
                    {
                        Fail("incomplete file reply");
                    }

                    break;
                default:
                    Fail($"unknown reply type {reply.GetType().Name}");
                    break;
            }
        }
    }

    private static void CheckText(string? text, Action<string> fail)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            fail("empty text");
        }
    }

    private static void CheckChoices(IReadOnlyList<ReplyChoice>? choices, Action<string> fail)
    {
        if (choices is null)
        {
            fail("null choices");
            return;
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var choice in choices)
        {
            if (string.IsNullOrEmpty(choice.Id) || choice.Id.Length > 32 || !choice.Id.All(char.IsAscii))
            {
                fail($"choice id '{choice.Id}' is not 1-32 ASCII characters");
            }

            if (!ids.Add(choice.Id))
            {
                fail($"duplicate choice id '{choice.Id}'");
            }

            if (string.IsNullOrWhiteSpace(choice.Label))
            {
                fail($"choice '{choice.Id}' has an empty label");
            }
        }
    }

    [GeneratedRegex("^[a-z0-9_-]{1,32}$", RegexOptions.CultureInvariant)]
    private static partial Regex StartPayload();
}
