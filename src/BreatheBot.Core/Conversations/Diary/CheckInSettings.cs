using System.Globalization;
using BreatheBot.Core.Content;
using BreatheBot.Core.Episodes;
using BreatheBot.Core.Messaging;

namespace BreatheBot.Core.Conversations;

/// <summary>
/// The "Daily check-in" setting: off, or a local time. From the /settings menu (buttons for common times, or a typed
/// "20:30") and as an argument: "/settings checkin 20:30", "/settings checkin off".
/// </summary>
internal static class CheckInSettings
{
    public static readonly IReadOnlyList<TimeOnly> OfferedTimes = [new(9, 0), new(13, 0), new(20, 0), new(21, 0)];

    public const string MenuChoice = "set:checkin";

    /// <summary>Shows the choices and waits for one.</summary>
    public static ConversationState Ask(Turn turn)
    {
        turn.Say("settings.checkin", CheckInWording.Ask(turn.Profile),
            [.. OfferedTimes.Select(t => new ReplyChoice("sci:" + CheckInWording.Time(t), CheckInWording.Time(t))), new("sci:off", CheckInWording.Off)]);
        return new SettingsState(SettingItem.CheckIn);
    }

    /// <summary>A pressed or typed answer while the setting is open.</summary>
    public static ConversationState Answer(Turn turn, SettingsState settings, Input input)
    {
        var typed = input.ChoiceId is { } id && id.StartsWith("sci:", StringComparison.Ordinal) ? id[4..] : input.Text;
        return Apply(turn, typed) ?? Reask(turn, settings);
    }

    /// <summary>True for "/settings checkin …" (also "check-in", "check in").</summary>
    public static bool IsArgument(string? argument) => ArgumentValue(argument) is not null;

    /// <summary>"/settings checkin 20:30" or "/settings checkin off"; without a valid value the choices are shown.</summary>
    public static ConversationState FromArgument(Turn turn, string argument)
    {
        var value = ArgumentValue(argument);
        if (string.IsNullOrWhiteSpace(value))
        {
            return Ask(turn);
        }

        if (Apply(turn, value) is { } saved)
        {
            return saved;
        }

        turn.Say("settings.checkin.bad", CheckInWording.BadTime);
        return Ask(turn);
    }

    private static string? ArgumentValue(string? argument)
    {
        var text = argument?.Trim() ?? string.Empty;
        foreach (var word in (string[])["check-in", "check in", "checkin"])
        {
            if (text.StartsWith(word, StringComparison.OrdinalIgnoreCase) && (text.Length == word.Length || char.IsWhiteSpace(text[word.Length])))
            {
                return text[word.Length..].Trim();
            }
        }

        return null;
    }

    private static ConversationState? Apply(Turn turn, string? typed)
    {
        var text = TypedAnswer.Normalise(typed ?? string.Empty);
        TimeOnly? time;
        if (text is "off" or "no" or "stop" or "none")
        {
            time = null;
        }
        else if (ParseTime(typed) is { } parsed)
        {
            time = parsed;
        }
        else
        {
            return null;
        }

        var profile = turn.Profile ?? new UserProfile { UserKey = turn.PersonKey, FirstSeenAt = turn.Now };
        // A new time may be later today: the day's check-in is still due unless it was already asked.
        var updated = profile with { CheckInTime = time };
        turn.SetProfile(updated);
        turn.Say("settings.checkin.saved", CheckInWording.Saved(updated));
        return new IdleState();
    }

    /// <summary>"20:30", "20.30", "2030", "20", "8:30 pm" → a time of day; null otherwise.</summary>
    internal static TimeOnly? ParseTime(string? typed)
    {
        var text = (typed ?? string.Empty).Trim().ToLowerInvariant().Replace('.', ':');
        string[] formats = ["H:mm", "HH:mm", "HHmm", "%H", "HH", "h:mm tt", "h tt"];
        text = text.Replace("am", " AM", StringComparison.Ordinal).Replace("pm", " PM", StringComparison.Ordinal).Replace("  ", " ", StringComparison.Ordinal).Trim();
        return TimeOnly.TryParseExact(text, formats, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var time) ? time : null;
    }

    private static ConversationState Reask(Turn turn, SettingsState settings)
    {
        turn.Say("settings.checkin.bad", CheckInWording.BadTime);
        return settings;
    }
}
