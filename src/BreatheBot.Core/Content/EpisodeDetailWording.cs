using System.Globalization;
using BreatheBot.Core.Episodes;

namespace BreatheBot.Core.Content;

/// <summary>
/// The words for an episode's end ("it's gone"), its medicine's name, dose and whether it helped, and "what helped"
/// with several answers (issue 14, items 3-5). Descriptive, short, never advice about a medicine (content.md §7, §8).
/// </summary>
public static class EpisodeDetailWording
{
    public const string ItsGone = "It's gone";

    public const string AskMedicineName = "Which medicine was it? Tap one, or type its name. (Only for your diary.)";

    public const string AskMedicineNameOther = "Which medicine was it? Type its name, or tap Skip. (Only for your diary.)";

    public const string AskDose = "And the dose, if you'd like to note it (for example \"400 mg\" or \"2 tablets\")? Type it, or tap Skip.";

    public const string AskMedicationHelped = "Did the medicine help?";

    public static string AskNamedMedicationHelped(string name) => $"Did the medicine you took ({name}) help?";

    public const string HelpedYes = "Yes";

    public const string HelpedALittle = "A little";

    public const string HelpedNo = "No";

    public const string AskWhatHelped = "What helped? Tap all that apply, then Done (or type them, like \"breathing, rest\").";

    public const string GoneNoted = "Glad it's gone. I've noted the time in your diary.";

    public const string GoneNothingOpen = "Glad you're feeling okay! There's no headache open in your diary right now, so there's nothing to close. Send /headache if one starts.";

    public static string GoneWithDuration(TimeSpan lasted) =>
        $"Glad it's gone. I've noted it in your diary: it lasted {Duration(lasted)}.";

    public const string AskStillThere = "Checking in again: has the headache gone?";

    public const string StillThere = "Still there";

    public const string StillThereNoted = "Okay, noted. When it goes, you can tell me any time: just type \"it's gone\".";

    /// <summary>"25 min", "2 h 40 min", "3 h", "1 day 4 h"; "under a minute" below one.</summary>
    public static string Duration(TimeSpan value)
    {
        var minutes = (long)Math.Round(value.TotalMinutes, MidpointRounding.AwayFromZero);
        if (minutes < 1)
        {
            return "under a minute";
        }

        if (minutes < 60)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{minutes} min");
        }

        var days = minutes / (24 * 60);
        var hours = minutes / 60 % 24;
        var rest = minutes % 60;
        if (days > 0)
        {
            var dayText = string.Create(CultureInfo.InvariantCulture, $"{days} day{(days == 1 ? string.Empty : "s")}");
            return hours == 0 ? dayText : string.Create(CultureInfo.InvariantCulture, $"{dayText} {hours} h");
        }

        return rest == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{hours} h")
            : string.Create(CultureInfo.InvariantCulture, $"{hours} h {rest} min");
    }

    /// <summary>/stats: the median duration with n, or "too few" under 3 (content.md §8).</summary>
    public static string DurationLine(Insights.DurationSummary durations) =>
        durations.Enough && durations.Median is { } median
            ? string.Create(CultureInfo.InvariantCulture, $"How long a headache lasted: {Duration(median)} (median of {durations.Episodes} episodes with an end time).")
            : string.Create(CultureInfo.InvariantCulture, $"How long a headache lasted: too few episodes with an end time to tell ({durations.Episodes} so far).");

    /// <summary>History: "Ibuprofen 400 mg, helped a little".</summary>
    public static string? MedicineDetail(Episode e)
    {
        var parts = new List<string>();
        var named = string.Join(' ', new[] { e.MedicationName, e.MedicationDose }.Where(p => p is not null));
        if (named.Length > 0)
        {
            parts.Add(named);
        }

        if (e.MedicationHelped is { } helped)
        {
            parts.Add(helped switch
            {
                MedicationHelped.Yes => "helped",
                MedicationHelped.ALittle => "helped a little",
                _ => "didn't help",
            });
        }

        return parts.Count == 0 ? null : string.Join(", ", parts);
    }

    /// <summary>History: "helped: breathing, rest"; null when nothing was recorded.</summary>
    public static string? HelpedDetail(Episode e)
    {
        var helped = e.Helped.Where(h => h != HelpedMost.NotSure).Select(h => Wording.Label(h).ToLowerInvariant()).ToList();
        return helped.Count == 0 ? null : "helped: " + string.Join(", ", helped);
    }
}
