using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using BreatheBot.Core.Conversations;
using BreatheBot.Core.Messaging;

namespace BreatheBot.DiscordAdapter.Interactions;

/// <summary>A decoded button custom id; <see cref="PromptId"/> is the question it belongs to (null for a bb1 button).</summary>
internal readonly record struct CustomId(string ConversationTag, string Owner, string ChoiceId, int? PromptId = null)
{
    public bool IsForAnyone => Owner == CustomIds.AnyOwner;
}

/// <summary>
/// Button custom ids: <c>bb2:{conversation tag}:{owner user id or *}:{prompt id}:{choice id}</c> (at most 78 chars;
/// Discord allows 100), or <c>bb1:…</c> without the prompt id for a choice the core did not stamp. The version prefix lets
/// a later format coexist with buttons already posted (bb1 buttons are still read); the tag and owner bind a button to
/// its conversation and person so one user cannot press another's buttons; the prompt id binds it to its question.
/// </summary>
internal static class CustomIds
{
    public const string Version = "bb1";
    public const string StampedVersion = "bb2";
    public const string AnyOwner = "*";

    public static string Encode(ConversationKey key, string owner, string choiceId) =>
        $"{Version}:{Tag(key)}:{owner}:{choiceId}";

    public static string Encode(ConversationKey key, string owner, ReplyChoice choice)
    {
        ArgumentNullException.ThrowIfNull(choice);
        return choice.PromptId is { } stamp
            ? string.Create(CultureInfo.InvariantCulture, $"{StampedVersion}:{Tag(key)}:{owner}:{stamp}:{choice.Id}")
            : Encode(key, owner, choice.Id);
    }

    public static bool TryDecode(string? value, out CustomId id)
    {
        id = default;
        if (string.IsNullOrEmpty(value))
        {
            return false;
        }

        if (value.StartsWith(StampedVersion + ":", StringComparison.Ordinal))
        {
            var stamped = value.Split(':', 5);
            if (stamped.Length != 5 || stamped[1].Length != 8 || stamped[2].Length == 0 || stamped[4].Length == 0
                || !int.TryParse(stamped[3], NumberStyles.None, CultureInfo.InvariantCulture, out var promptId))
            {
                return false;
            }

            id = new CustomId(stamped[1], stamped[2], stamped[4], promptId);
            return true;
        }

        var parts = value.Split(':', 4);
        if (parts.Length != 4 || parts[0] != Version || parts[1].Length != 8 || parts[2].Length == 0 || parts[3].Length == 0)
        {
            return false;
        }

        id = new CustomId(parts[1], parts[2], parts[3]);
        return true;
    }

    public static string Tag(ConversationKey key) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key.ToString())), 0, 4);
}
