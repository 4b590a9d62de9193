using System.Security.Cryptography;
using System.Text;
using BreatheBot.Core.Conversations;

namespace BreatheBot.DiscordAdapter.Interactions;

/// <summary>A decoded button custom id.</summary>
internal readonly record struct CustomId(string ConversationTag, string Owner, string ChoiceId)
{
    public bool IsForAnyone => Owner == CustomIds.AnyOwner;
}

/// <summary>
/// Button custom ids: <c>bb1:{conversation tag}:{owner user id or *}:{choice id}</c> (at most 66 chars; Discord allows 100).
/// The version prefix lets a later format coexist with buttons already posted; the tag and owner bind a button to its
/// conversation and person so one user cannot press another's buttons.
/// </summary>
internal static class CustomIds
{
    public const string Version = "bb1";
    public const string AnyOwner = "*";

    public static string Encode(ConversationKey key, string owner, string choiceId) =>
        $"{Version}:{Tag(key)}:{owner}:{choiceId}";

    public static bool TryDecode(string? value, out CustomId id)
    {
        id = default;
        if (string.IsNullOrEmpty(value))
        {
            return false;
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
