using System.Globalization;

namespace BreatheBot.Core.Conversations;

/// <summary>The chat platforms BreatheBot speaks on.</summary>
public enum Platform
{
    Terminal = 0,
    Telegram = 1,
    Discord = 2,
}

/// <summary>Whether a chat is one person with the bot, or a shared channel where health questions are never asked.</summary>
public enum ChatKind
{
    Private = 0,
    Group = 1,
}

/// <summary>
/// Identifies one conversation: a person in their private chat with the bot, or a whole group channel
/// (a group channel is one shared conversation, <see cref="UserId"/> is empty).
/// Ids are kept as strings: Telegram's are 64-bit integers, Discord's are snowflakes.
/// </summary>
public readonly record struct ConversationKey(Platform Platform, string ChatId, string UserId)
{
    /// <summary>The key of a person's private conversation.</summary>
    public static ConversationKey Private(Platform platform, string chatId, string userId) => new(platform, chatId, userId);

    /// <summary>The key of a group channel's shared conversation.</summary>
    public static ConversationKey Channel(Platform platform, string chatId) => new(platform, chatId, string.Empty);

    public bool IsChannel => UserId.Length == 0;

    /// <summary>The person behind a private conversation, as "platform:user".</summary>
    public string UserKey => string.Create(CultureInfo.InvariantCulture, $"{PlatformName(Platform)}:{UserId}");

    /// <summary>A stable text form, "platform:chat:user", used as a storage key and in logs (no health data).</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{PlatformName(Platform)}:{ChatId}:{UserId}");

    public static ConversationKey Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var parts = value.Split(':');
        if (parts.Length != 3 || !TryParsePlatform(parts[0], out var platform))
        {
            throw new FormatException($"'{value}' is not a conversation key of the form platform:chat:user.");
        }

        return new ConversationKey(platform, parts[1], parts[2]);
    }

    public static string PlatformName(Platform platform) => platform switch
    {
        Platform.Terminal => "terminal",
        Platform.Telegram => "telegram",
        Platform.Discord => "discord",
        _ => throw new ArgumentOutOfRangeException(nameof(platform), platform, "Unknown platform."),
    };

    public static bool TryParsePlatform(string name, out Platform platform)
    {
        switch (name)
        {
            case "terminal": platform = Platform.Terminal; return true;
            case "telegram": platform = Platform.Telegram; return true;
            case "discord": platform = Platform.Discord; return true;
            default: platform = default; return false;
        }
    }
}
