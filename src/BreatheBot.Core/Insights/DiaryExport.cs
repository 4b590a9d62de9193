using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using BreatheBot.Core.Episodes;

namespace BreatheBot.Core.Insights;

/// <summary>
/// A person's whole record as files they can take away. The CSV columns are stable and documented (README, "Export");
/// new columns are only ever added at the end.
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
                e.Kind.ToString(),
                e.Status.ToString(),
                e.RedFlagTier?.ToString(),
                string.Join(';', e.RedFlags),
                Number(e.PainBefore),
                Number(e.PainAfterBreathing),
                Number(e.PainAfterTriggerPoints),
                Number(e.PainAtFollowUp),
                string.Join(';', e.Locations),
                e.Character?.ToString(),
                string.Join(';', e.Features),
                string.Join(';', e.Triggers),
                e.OtherTrigger,
                e.Medication?.ToString(),
                e.MedicationTiming?.ToString(),
                string.Join(';', e.StepsDone),
                e.BreathingPreset?.ToString(),
                Number(e.BreathingSeconds),
                string.Join(';', e.MusclesDone),
                e.MassageContraindicated ? "true" : "false",
                e.FollowUp.ToString(),
                e.HelpedMost?.ToString(),
                EmergencyScreen(e),
                SameDayScreen(e),
                e.Kind != EpisodeKind.BreathingOnly ? null : e.Practice ? "practice" : "headache",
                e.HoldsCaution is { } caution ? (caution ? "yes" : "no") : null,
                e.DizzyDuringBreathing ? "true" : "false",
                e.MassageStoppedUnwell ? "true" : "false",
                e.Over65 is { } over65 ? (over65 ? "true" : "false") : null,
                e.FeaturesSkipped ? "true" : "false",
                e.SpokeToDoctor?.ToString(),
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

    /// <summary>How the emergency tier was answered: none, yes, not sure, or empty when it was not asked.</summary>
    private static string? EmergencyScreen(Episode e) =>
        e.EmergencyScreenNotSure ? "not sure"
        : e.EmergencyScreenClear ? "none"
        : e.RedFlagTier == RedFlagTier.Emergency ? "yes"
        : null;

    private static string? SameDayScreen(Episode e) =>
        e.SameDayScreenNotSure ? "not sure"
        : e.SameDayScreenClear ? "none"
        : e.RedFlagTier == RedFlagTier.SameDay && !e.EmergencyScreenNotSure ? "yes"
        : null;

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
