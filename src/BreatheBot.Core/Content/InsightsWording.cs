using System.Globalization;
using System.Text;
using BreatheBot.Core.Episodes;
using BreatheBot.Core.Insights;

namespace BreatheBot.Core.Content;

/// <summary>What BreatheBot says about a person's own diary: descriptive, never diagnostic (content.md §8).</summary>
public static class InsightsWording
{
    public const int HistoryPageSize = 5;

    public const string EmptyDiary = "Your diary is empty so far. Send /headache when a headache starts, and it will fill up.";

    public const string Older = "◀ Older";

    public const string Newer = "Newer ▶";

    public const string NotADiagnosis = "These figures describe your own diary; they are not a diagnosis.";

    public const string ChartCaption =
        "Per episode: pain at the start, and the lowest pain after breathing or pressure points (a follow-up rating counts " +
        "only when no medication was taken, so a painkiller's effect is never shown as self-care). Below: headache days per month.";

    public const string ExportCaptionCsv = "Your diary as a spreadsheet (one row per episode).";

    public const string ExportCaptionJson = "Everything I store about you, as JSON.";

    public const string ExportEmpty = "There's nothing in your diary to export yet.";

    public const string ForgetConfirm =
        "This deletes everything I store about you: every episode in your diary, your settings and where our chat stands. " +
        "It can't be undone. You can /export your diary first. Delete everything?";

    public const string ForgetYes = "Yes, delete everything";

    public const string ForgetNo = "No, keep it";

    public const string Forgotten = "Done. Everything I stored about you is deleted. If you message me again, I'll start fresh.";

    public const string ForgetCancelled = "Okay, nothing was deleted.";

    public static string MedicationOveruse(int days) =>
        string.Create(CultureInfo.InvariantCulture,
            $"You've logged painkillers on {days} days in the last 30. Using them this often can itself make headaches more frequent. It's worth talking to your doctor about this.");

    public static string HistoryHeader(int page, int pages, int total) =>
        string.Create(CultureInfo.InvariantCulture, $"Your episodes ({total} in all), page {page + 1} of {pages}:");

    /// <summary>
    /// "Tue 10 Mar 2026 09:00 · pain 6 → 4 after breathing → 3 after pressure points, later 2 · breathing, pressure points ·
    /// simple painkiller · stress or desk work": every rating recorded, each named by what it came after.
    /// </summary>
    public static string HistoryLine(Episode e, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(e.StartedAt, zone);
        var parts = new List<string> { local.ToString("ddd d MMM yyyy HH:mm", CultureInfo.InvariantCulture) };
        if (e.RedFlagTier == RedFlagTier.Emergency)
        {
            parts.Add("warning sign: urgent help advised");
        }
        else if (e.RedFlagTier == RedFlagTier.SameDay)
        {
            parts.Add("warning sign: doctor today advised");
        }

        if (e.PainBefore is { } before)
        {
            var pain = string.Create(CultureInfo.InvariantCulture, $"pain {before}");
            if (e.PainAfterBreathing is { } breathing)
            {
                pain += string.Create(CultureInfo.InvariantCulture, $" → {breathing} after breathing");
            }

            if (e.PainAfterTriggerPoints is { } points)
            {
                pain += string.Create(CultureInfo.InvariantCulture, $" → {points} after pressure points");
            }

            if (e.PainAtFollowUp is { } later)
            {
                pain += string.Create(CultureInfo.InvariantCulture, $", later {later}");
            }

            parts.Add(pain);
        }

        if (e.Duration is { } lasted)
        {
            parts.Add("lasted " + EpisodeDetailWording.Duration(lasted));
        }

        var steps = e.StepsDone.Select(s => s == SelfCareStep.Breathing ? "breathing" : "pressure points").ToList();
        parts.Add(steps.Count == 0 ? "no exercises" : string.Join(", ", steps));
        if (e.Medication is { } medication and not MedicationKind.None)
        {
            parts.Add(EpisodeDetailWording.MedicineDetail(e) is { } detail ? $"{MedicationShort(medication)} ({detail})" : MedicationShort(medication));
        }

        if (EpisodeDetailWording.HelpedDetail(e) is { } helped)
        {
            parts.Add(helped);
        }

        var triggers = e.Triggers.Where(t => t is not HeadacheTrigger.NotSure and not HeadacheTrigger.Other).Select(t => Wording.Label(t).ToLowerInvariant()).ToList();
        if (e.OtherTrigger is not null)
        {
            triggers.Add(e.OtherTrigger);
        }

        if (triggers.Count > 0)
        {
            parts.Add(string.Join(", ", triggers));
        }

        return string.Join(" · ", parts);
    }

    public static string MedicationShort(MedicationKind kind) => kind switch
    {
        MedicationKind.SimplePainkiller => "simple painkiller",
        MedicationKind.Triptan => "triptan",
        MedicationKind.Ergot => "ergot",
        MedicationKind.CombinationPainkiller => "combination painkiller",
        MedicationKind.Opioid => "opioid",
        MedicationKind.CombinationOrOpioid => "combination/opioid painkiller",
        MedicationKind.Other => "other medicine",
        _ => "no medicine",
    };

    public static string WindowName(StatsWindow window) => window switch
    {
        StatsWindow.Last30Days => "the last 30 days",
        StatsWindow.Last90Days => "the last 90 days",
        _ => "all time",
    };

    public static string Stats(DiaryStatistics s)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Your diary, {WindowName(s.Window)}: {s.Episodes} episode{(s.Episodes == 1 ? string.Empty : "s")}.");
        if (s.Episodes == 0)
        {
            text.Append("\n\nNothing to show for this period yet.");
            return text.ToString();
        }

        text.Append("\n\nHeadache days per month: ");
        text.Append(s.HeadacheDaysPerMonth.Count == 0
            ? "none"
            : string.Join(" · ", s.HeadacheDaysPerMonth.Select(m => string.Create(CultureInfo.InvariantCulture, $"{new DateTime(m.Year, m.Month, 1):MMM yyyy}: {m.Days}"))));

        text.Append("\n").Append(EpisodeDetailWording.DurationLine(s.Durations));
        text.Append("\n\n").Append(Drop("Right after breathing, pain", s.DropAfterBreathing));
        text.Append('\n').Append(Drop("Right after pressure points, pain", s.DropAfterPoints));
        text.Append("\nBy the follow-up check-in:");
        text.Append("\n• breathing or pressure points, no medication: ").Append(Figure(s.DropByFollowUpSelfCareOnly));
        text.Append("\n• medication alone: ").Append(Figure(s.DropByFollowUpMedicationAlone));
        text.Append("\n• medication with breathing or pressure points: ").Append(Figure(s.DropByFollowUpMedicationAndSelfCare));

        if (s.TopTriggers.Count > 0)
        {
            text.Append("\n\nMost often logged before an episode: ")
                .Append(string.Join(", ", s.TopTriggers.Select(t => string.Create(CultureInfo.InvariantCulture, $"{Wording.Label(t.Item).ToLowerInvariant()} ({t.Count})"))))
                .Append('.');
        }

        if (s.HelpfulMuscles.Count > 0)
        {
            text.Append("\nMuscles that helped you most: ")
                .Append(string.Join(", ", s.HelpfulMuscles.Select(m => string.Create(CultureInfo.InvariantCulture,
                    $"{TriggerPoints.Guides[m.Item].Name.ToLowerInvariant()} ({Points(m.AverageDrop ?? 0)}, {m.Count} episode{(m.Count == 1 ? string.Empty : "s")})"))))
                .Append('.');
        }

        var medication = s.MedicationLast30Days;
        text.Append(CultureInfo.InvariantCulture, $"\n\nPainkillers logged on {medication.AnyDays} day{(medication.AnyDays == 1 ? string.Empty : "s")} in the last 30.");
        if (medication.WorthTalkingToADoctor)
        {
            text.Append(' ').Append(MedicationOveruse(medication.AnyDays));
        }

        text.Append("\n\n").Append(NotADiagnosis);
        return text.ToString();
    }

    private static string Drop(string lead, Average average) =>
        average.Enough
            ? string.Create(CultureInfo.InvariantCulture, $"{lead} {Direction(average.Value)} on average ({average.Episodes} episodes).")
            : string.Create(CultureInfo.InvariantCulture, $"{lead}: too few episodes to tell ({average.Episodes} so far).");

    private static string Figure(Average average) =>
        average.Enough
            ? string.Create(CultureInfo.InvariantCulture, $"{Direction(average.Value)} on average ({average.Episodes} episodes)")
            : string.Create(CultureInfo.InvariantCulture, $"too few episodes to tell ({average.Episodes} so far)");

    private static string Direction(double drop) =>
        drop >= 0 ? $"dropped by {Points(drop)}" : $"rose by {Points(-drop)}";

    private static string Points(double value) =>
        string.Create(CultureInfo.InvariantCulture, $"{value:0.0} point{(Math.Abs(value - 1.0) < 0.05 ? string.Empty : "s")}");

    // Linking accounts
    public static string LinkCodeIssued(string code, TimeSpan lifetime) =>
        $"Your one-time code is {code[..4]}-{code[4..]}. Within {Wording.Describe(lifetime)}, send this to me from your other account " +
        $"(Telegram or Discord): /link {code[..4]}-{code[4..]}\n\nAfter that, one diary serves both accounts, and /forget deletes both.";

    public const string LinkInvalid = "That code is unknown or has expired. Send /link on your other account to get a new one.";

    public const string LinkSame = "That code belongs to this diary already: nothing to link.";

    public const string Linked = "Linked. From now on one diary serves both accounts: /history and /stats show both, and /forget deletes both.";

    public const string LinkUnavailable = "Linking isn't available right now. Please try again later.";

    // Settings
    public static string SettingsSummary(UserProfile? profile, string defaultNumbers, int defaultMinutes, TimeSpan defaultFollowUp)
    {
        var preset = profile?.PreferredPreset is { } p ? BreathingPresets.For(p).Name : BreathingPresets.Resonance.Name;
        var minutes = profile?.PreferredMinutes ?? defaultMinutes;
        var followUp = profile?.FollowUpDelayMinutes is { } f ? TimeSpan.FromMinutes(f) : defaultFollowUp;
        return "Your settings:\n" +
            $"• Time zone: {profile?.TimeZoneId ?? "UTC"}\n" +
            string.Create(CultureInfo.InvariantCulture, $"• Breathing: {preset}, {minutes} min\n") +
            $"• Follow-up: after {Wording.Describe(followUp)}\n" +
            $"• Emergency number: {profile?.EmergencyNumbers ?? defaultNumbers}\n" +
            $"• Breath-holds (box, 4-7-8): {(profile?.BreathHoldsOff == true ? "off, as you felt dizzy during an exercise" : "on")}\n\n" +
            "Tap one to change it.";
    }

    public const string AskTimeZone = "Type your time zone, for example Europe/London, America/New_York or Asia/Kolkata, or tap one:";

    public const string UnknownTimeZone =
        "I don't know that time zone. Type a city or a time zone name, for example berlin, Europe/Berlin, America/New_York or Asia/Kolkata.";

    /// <summary>"/settings timezone berlin": the zone was set directly.</summary>
    public static string TimeZoneSaved(string zoneId) => $"Saved. Your time zone is now {zoneId}.";

    public const string AskEmergencyNumber = "Which emergency number should I show? Tap one, or type yours (digits, e.g. 112).";

    public const string BadEmergencyNumber = "Please type a number of 2 to 6 digits, like 112.";

    public const string AskFollowUp = "When should I check in after an episode?";

    public const string SettingSaved = "Saved.";

    public const string BreathHoldsItem = "Breath-holds";

    public const string BreathHoldsOn = "Turn breath-holds on";

    public const string BreathHoldsOff = "Keep breath-holds off";

    public static string AskBreathHolds(bool off) =>
        (off
            ? "Breath-holds (box and 4-7-8 breathing) are off, because you felt dizzy during an exercise. "
            : "Breath-holds (box and 4-7-8 breathing) are on. ") +
        "Even breathing without holds is always offered. " + Wording.HoldsCaution;
}
