using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using BreatheBot.Core.Episodes;

namespace BreatheBot.Core.Insights;

/// <summary>
/// A person's whole record as files they can take away. The CSV columns are stable and documented (README, "Export");
/// new columns are only ever added at the end. The CSV writes readable words (<see cref="CsvWords"/>); the JSON keeps
/// the enum names and codes.
/// </summary>
public static class DiaryExport
{
    public static readonly IReadOnlyList<string> CsvColumns =
    [
        "episode_id", "started_at_utc", "started_at_local", "kind", "status", "red_flag_tier", "red_flags",
        "pain_before", "pain_after_breathing", "pain_after_points", "pain_follow_up", "locations", "character",
        "features", "triggers", "other_trigger", "medication", "medication_timing", "steps", "breathing_preset",
        "breathing_seconds", "muscles", "massage_contraindicated", "follow_up", "helped_most",
        "emergency_screen", "same_day_screen", "breathe_purpose", "holds_caution",
        // Safety case v2 (content.md §4-§6), added at the end only.
        "dizzy_during_breathing", "massage_stopped_unwell", "over_65", "features_skipped", "spoke_to_doctor",
        // The red-flag codes (E1..E7, S1..S8) beside the readable red_flags: wording may change, codes never move.
        "red_flag_codes",
        // Diary v2: end time and duration, medicine name, dose and whether it helped, everything that helped. At the end only.
        "ended_at_utc", "duration_minutes", "medication_name", "medication_dose", "medication_helped", "what_helped",
        // Diary v2 (issue 14 items 1-2), added at the end only.
        "logged_afterwards", "note",
    ];

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(), new TimeZoneIdConverter() },
    };

    /// <summary>
    /// Writes a time zone (the profile's effective <see cref="UserProfile.TimeZone"/>) as its IANA id, e.g. "Europe/Berlin",
    /// instead of the serialized .NET object; a Windows id is converted when the machine knows the IANA one.
    /// </summary>
    private sealed class TimeZoneIdConverter : JsonConverter<TimeZoneInfo>
    {
        public override TimeZoneInfo Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            TimeZoneInfo.FindSystemTimeZoneById(reader.GetString() ?? throw new JsonException("A time zone id is required."));

        public override void Write(Utf8JsonWriter writer, TimeZoneInfo value, JsonSerializerOptions options) =>
            writer.WriteStringValue(!value.HasIanaId && TimeZoneInfo.TryConvertWindowsIdToIanaId(value.Id, out var iana) ? iana : value.Id);
    }

    /// <summary>RFC 4180 CSV, UTF-8 with a byte-order mark (so spreadsheets read emoji right), CRLF line ends.</summary>
    public static byte[] Csv(IEnumerable<Episode> episodes, TimeZoneInfo zone)
    {
        var builder = new StringBuilder();
        builder.Append(string.Join(',', CsvColumns)).Append("\r\n");
        foreach (var e in episodes.OrderBy(e => e.StartedAt))
        {
            string?[] fields =
            [
                e.Id,
                e.StartedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                TimeZoneInfo.ConvertTime(e.StartedAt, zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
                CsvWords.Of(e.Kind),
                CsvWords.Of(e.Status),
                e.RedFlagTier is { } tier ? CsvWords.Of(tier) : null,
                CsvWords.List(e.RedFlags, CsvWords.RedFlag),
                Number(e.PainBefore),
                Number(e.PainAfterBreathing),
                Number(e.PainAfterTriggerPoints),
                Number(e.PainAtFollowUp),
                CsvWords.List(e.Locations, CsvWords.Of),
                e.Character is { } character ? CsvWords.Of(character) : null,
                CsvWords.List(e.Features, CsvWords.Of),
                CsvWords.List(e.Triggers, CsvWords.Of),
                e.OtherTrigger,
                e.Medication is { } medication ? CsvWords.Of(medication) : null,
                e.MedicationTiming is { } timing ? CsvWords.Of(timing) : null,
                CsvWords.List(e.StepsDone, CsvWords.Of),
                e.BreathingPreset is { } preset ? CsvWords.Of(preset) : null,
                Number(e.BreathingSeconds),
                CsvWords.List(e.MusclesDone, CsvWords.Of),
                CsvWords.YesNo(e.MassageContraindicated),
                CsvWords.Of(e.FollowUp),
                e.HelpedMost is { } helped ? CsvWords.Of(helped) : null,
                EmergencyScreen(e),
                SameDayScreen(e),
                e.Kind != EpisodeKind.BreathingOnly ? null : e.Practice ? "Practice" : "Headache",
                e.HoldsCaution is { } caution ? CsvWords.YesNo(caution) : null,
                CsvWords.YesNo(e.DizzyDuringBreathing),
                CsvWords.YesNo(e.MassageStoppedUnwell),
                e.Over65 is { } over65 ? CsvWords.YesNo(over65) : null,
                CsvWords.YesNo(e.FeaturesSkipped),
                e.SpokeToDoctor is { } doctor ? CsvWords.Of(doctor) : null,
                string.Join(';', e.RedFlags),
                e.EndedAt?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                DurationMinutes(e),
                e.MedicationName,
                e.MedicationDose,
                e.MedicationHelped is { } medicineHelped ? CsvWords.Of(medicineHelped) : null,
                CsvWords.List(e.Helped, CsvWords.Of),
                CsvWords.YesNo(e.LoggedAfterwards),
                e.Note,
            ];
            builder.Append(string.Join(',', fields.Select(Field))).Append("\r\n");
        }

        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(builder.ToString())];
    }

    /// <summary>
    /// Everything as JSON: the profile, every episode and the daily check-in answers ("days": day, headache, answeredAt;
    /// the CSV stays one row per episode), enums by name.
    /// </summary>
    public static byte[] Json(UserProfile? profile, IEnumerable<Episode> episodes, DateTimeOffset exportedAt, IEnumerable<DayRecord>? days = null) =>
        JsonSerializer.SerializeToUtf8Bytes(new
        {
            exportedAt,
            profile,
            episodes = episodes.OrderBy(e => e.StartedAt).ToList(),
            days = (days ?? []).OrderBy(d => d.Day).Select(d => new { day = d.Day, headache = d.Headache, d.AnsweredAt }).ToList(),
        }, JsonOptions);

    /// <summary>How the emergency tier was answered: None, Yes, Not sure, or empty when it was not asked.</summary>
    private static string? EmergencyScreen(Episode e) =>
        e.EmergencyScreenNotSure ? "Not sure"
        : e.EmergencyScreenClear ? "None"
        : e.RedFlagTier == RedFlagTier.Emergency ? "Yes"
        : null;

    private static string? SameDayScreen(Episode e) =>
        e.SameDayScreenNotSure ? "Not sure"
        : e.SameDayScreenClear ? "None"
        : e.RedFlagTier == RedFlagTier.SameDay && !e.EmergencyScreenNotSure ? "Yes"
        : null;

    /// <summary>Whole minutes from start to end, rounded; empty without an end (an old episode's duration is unknown).</summary>
    private static string? DurationMinutes(Episode e) =>
        e.Duration is { } duration ? Number((int)Math.Round(duration.TotalMinutes, MidpointRounding.AwayFromZero)) : null;

    private static string? Number(int? value) => value?.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Quotes a field when it holds a comma, quote or line break (quotes doubled). Free text that a spreadsheet would
    /// run as a formula (=, +, -, @ first) is prefixed with an apostrophe.
    /// </summary>
    internal static string Field(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }

        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0
            ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : value;
    }
}
