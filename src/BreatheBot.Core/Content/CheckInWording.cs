using System.Globalization;
using System.Text;
using BreatheBot.Core.Episodes;
using BreatheBot.Core.Insights;

namespace BreatheBot.Core.Content;

/// <summary>What the daily check-in says: the question, its answers, its setting and its /stats baseline.</summary>
public static class CheckInWording
{
    public const string Question = "Any headache today?";

    public const string None = "None";

    public const string Mild = "Mild";

    public const string Moderate = "Moderate";

    public const string Severe = "Severe";

    public const string ThanksFree = "Thanks, noted: a headache-free day. That gives your diary a baseline. (Tap another answer to change it.)";

    public static string ThanksHeadache(DayHeadache headache) =>
        $"Thanks, noted: a {Label(headache).ToLowerInvariant()} headache today. Tap Log details to add when it started, how long " +
        "it lasted, triggers and medication. If it's still there, /headache guides you through it. Take care. " +
        "(Tap another answer to change it.)";

    public const string LogDetails = "Log details";

    public const string SettingItem = "Daily check-in";

    public const string Off = "Off";

    public static string Ask(UserProfile? profile) =>
        "Once a day, at a time you choose, I can ask \"Any headache today?\" with one-tap answers (none, mild, moderate, severe). " +
        "Headache-free days give /stats a baseline. I stay quiet on days you've already logged a headache.\n\n" +
        $"It's {Describe(profile)} now. Tap a time, type one like 20:30, or tap Off.";

    public const string BadTime = "Please type a time like 20:30 (24-hour clock), or tap Off.";

    public static string Saved(UserProfile profile) =>
        profile.CheckInTime is { } time
            ? $"Saved. I'll ask \"Any headache today?\" each day at {Time(time)} ({profile.TimeZoneId ?? "UTC"} time)." +
              (profile.TimeZoneId is null ? " To use your own time zone, set it in /settings." : string.Empty)
            : "Saved. The daily check-in is off.";

    /// <summary>The line in the /settings summary.</summary>
    public static string SummaryLine(UserProfile? profile) => $"• Daily check-in: {Describe(profile)}";

    private static string Describe(UserProfile? profile) => profile?.CheckInTime is { } time ? "on at " + Time(time) : "off";

    public static string Time(TimeOnly time) => time.ToString("HH:mm", CultureInfo.InvariantCulture);

    public static string Label(DayHeadache headache) => headache switch
    {
        DayHeadache.None => None,
        DayHeadache.Mild => Mild,
        DayHeadache.Moderate => Moderate,
        DayHeadache.Severe => Severe,
        _ => throw new ArgumentOutOfRangeException(nameof(headache)),
    };

    /// <summary>
    /// The /stats baseline: headache days among the days the person told us about (per month), then how often each trigger
    /// was logged on headache days, with its n. Triggers are not recorded on headache-free days, and this says so rather
    /// than comparing with numbers that do not exist. Empty when there is nothing from the check-in yet.
    /// </summary>
    public static string Baseline(CheckInBaseline b)
    {
        ArgumentNullException.ThrowIfNull(b);
        if (b.HeadacheFreeDays == 0 && b.KnownDays == 0)
        {
            return string.Empty;
        }

        var text = new StringBuilder("Daily check-in baseline:\n");
        if (!b.EnoughDays)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"Too few days so far to compare: you've told me about {b.KnownDays} days in this period ({b.HeadacheDays} with a headache). " +
                $"I'll compare once there are at least {CheckInBaseline.MinimumKnownDays}.");
            return text.ToString();
        }

        foreach (var month in b.Months)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"• {new DateOnly(month.Year, month.Month, 1).ToString("MMMM yyyy", CultureInfo.InvariantCulture)}: headache on {month.HeadacheDays} of the {month.KnownDays} days you told me about\n");
        }

        if (!b.EnoughForTriggers)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"Triggers: too few headache days with triggers recorded to say anything ({b.HeadacheDaysWithTriggers}; at least {CheckInBaseline.MinimumHeadacheDaysForTriggers} needed).");
            return text.ToString();
        }

        foreach (var share in b.Triggers.Take(3))
        {
            text.Append(CultureInfo.InvariantCulture,
                $"• {Wording.Label(share.Trigger)} was logged on {share.Days} of {share.OutOf} headache days with triggers recorded\n");
        }

        text.Append(CultureInfo.InvariantCulture,
            $"On the {b.HeadacheFreeDays} headache-free days you told me about, triggers aren't recorded (the check-in only asks about headaches), ");
        text.Append("so this can't show whether a trigger comes more often before a headache, or that it causes one. It's a picture of your headache days, nothing more.");
        return text.ToString();
    }
}
