using System.Globalization;
using BreatheBot.Core.Channels;
using BreatheBot.Core.Episodes;

namespace BreatheBot.Core.Content;

/// <summary>What BreatheBot says in a group channel. Never anything about a member's health (content.md §8).</summary>
public static class ChannelWording
{
    public const string JoinLabel = "Join";

    public const string AlreadyJoined = "You've already joined. Just follow the pacer.";

    public const string Joined = "You're in. Follow the pacer.";

    public const string AdminsOnly = "Only the channel's admins can do that.";

    /// <summary>Desk-break prompts (content.md §3 triggers: posture and screen time, water, stress, tense shoulders).</summary>
    public static readonly IReadOnlyList<string> Reminders =
    [
        "Desk break: stand up, roll your shoulders back five times, and look at something far away for 20 seconds.",
        "Time for a glass of water.",
        "Posture check: feet flat, shoulders down, screen at eye level.",
        "Unclench your jaw and drop your shoulders. Three slow breaths: in through the nose, slowly out through the mouth.",
        "Give your eyes a rest: look away from the screen for 20 seconds.",
        "Gently tilt your ear towards your shoulder and hold for 20 seconds on each side.",
    ];

    public static string Pacer(string phaseText, int joined) =>
        joined switch
        {
            0 => $"{phaseText}\nTap Join to breathe along.",
            1 => $"{phaseText}\n1 person breathing along",
            _ => string.Create(CultureInfo.InvariantCulture, $"{phaseText}\n{joined} people breathing along"),
        };

    public static string SessionDone(int joined) =>
        joined switch
        {
            0 => Wording.SharedBreathingDone,
            1 => "1 person took a breathing break. Thanks for taking a moment.",
            _ => string.Create(CultureInfo.InvariantCulture, $"{joined} people took a breathing break. Thanks for taking a moment."),
        };

    /// <summary>The scheduled break's opening; <paramref name="length"/> is the session's real length (content.md §4).</summary>
    public static string ScheduledSessionStart(TimeSpan length) =>
        $"Time for the shared breathing break: {Wording.Length(length)} of slow breathing. Tap Join and follow the pacer. If you feel dizzy, stop and breathe normally.";

    /// <summary>The channel's exercise as "resonance breathing, 2 min 56 s": the name and the real length.</summary>
    public static string SessionExercise(BreathingPreset preset, int minutes)
    {
        var pattern = BreathingPresets.For(preset);
        return pattern.Name.ToLowerInvariant() + ", " + Wording.Length(pattern.Duration(pattern.CyclesFor(minutes)));
    }

    public static string Stats(ChannelCounters counters) =>
        string.Create(CultureInfo.InvariantCulture,
            $"In this channel so far: {counters.SessionsHeld} breathing session{(counters.SessionsHeld == 1 ? string.Empty : "s")} held, {counters.TotalJoins} join{(counters.TotalJoins == 1 ? string.Empty : "s")} in all, {counters.RemindersSent} reminder{(counters.RemindersSent == 1 ? string.Empty : "s")} sent.")
        + " (Only counts: nothing about who took part, and nothing from anyone's diary.)";

    public const string StopRefused =
        "Only the person who started this breathing break, or a channel admin, can stop it. You can simply stop following along.";

    /// <summary>A typed /settings change that could not be read; <paramref name="typed"/> writes "/settings …" the platform's way.</summary>
    public static string SettingUnreadable(Func<string, string> typed) =>
        "I couldn't read that setting. Try " + typed("time 09:45") + " or " + typed("timezone Europe/Paris") + ".";

    /// <summary>The channel's settings, with typed changes in the "/settings time 09:45" form.</summary>
    public static string Summary(ChannelSettings s) => Summary(s, argument => "/settings " + argument);

    /// <summary>The channel's settings; <paramref name="typed"/> writes "/settings …" with a typed change the platform's way.</summary>
    public static string Summary(ChannelSettings s, Func<string, string> typed)
    {
        ArgumentNullException.ThrowIfNull(typed);
        static string Clock(TimeOnly time) => time.ToString("HH:mm", CultureInfo.InvariantCulture);
        var session = s.SessionAt is { } at
            ? (s.SessionDays == SessionDays.Weekdays ? "weekdays" : "every day") + " at " + Clock(at) + ", " +
              SessionExercise(s.SessionPreset, s.SessionMinutes)
            : "off";
        var reminders = s.ReminderEveryHours is { } hours
            ? (hours == 1 ? "every hour" : "every " + hours.ToString(CultureInfo.InvariantCulture) + " hours") + ", " + Clock(s.WorkStart) + "–" + Clock(s.WorkEnd) + " on weekdays"
            : "off";
        var quiet = s.QuietFrom is { } from && s.QuietTo is { } to ? Clock(from) + "–" + Clock(to) : "none";
        return "BreatheBot settings for this channel:\n" +
            $"• Shared breathing break: {session}\n" +
            $"• Desk-break reminders: {reminders}\n" +
            $"• Quiet hours: {quiet}\n" +
            $"• Time zone: {s.TimeZoneId}\n\n" +
            "Tap an item to change it. Other times: " + typed("time 09:45") + ", " + typed("timezone Area/City") + ".";
    }

    public static string Ask(ChannelSettingItem item) => item switch
    {
        ChannelSettingItem.SessionTime => "When should the shared breathing break run?",
        ChannelSettingItem.SessionDays => "On which days?",
        ChannelSettingItem.TimeZone => "Which time zone is this channel in?",
        ChannelSettingItem.Reminders => "How often should I post a desk-break reminder during working hours?",
        ChannelSettingItem.WorkingHours => "What are this channel's working hours?",
        ChannelSettingItem.QuietHours => "Quiet hours (no reminders or sessions):",
        _ => "Which breathing exercise, and how long?",
    };
}
