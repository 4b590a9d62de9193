using System.Text;
using System.Text.Json;
using BreatheBot.Core.Episodes;
using BreatheBot.Core.Insights;
using static BreatheBot.Core.Tests.Insights.DiaryFixtures;

namespace BreatheBot.Core.Tests.Insights;

public sealed class DiaryExportTests
{
    [Fact]
    public void Csv_has_the_documented_columns_in_order()
    {
        var csv = Encoding.UTF8.GetString(DiaryExport.Csv([], TimeZoneInfo.Utc)).TrimStart('\uFEFF');
        Assert.Equal(
            "episode_id,started_at_utc,started_at_local,kind,status,red_flag_tier,red_flags,pain_before,pain_after_breathing,pain_after_points,pain_follow_up,locations,character,features,triggers,other_trigger,medication,medication_timing,steps,breathing_preset,breathing_seconds,muscles,massage_contraindicated,follow_up,helped_most," +
            "emergency_screen,same_day_screen,breathe_purpose,holds_caution," +
            "dizzy_during_breathing,massage_stopped_unwell,over_65,features_skipped,spoke_to_doctor," +
            "red_flag_codes," +
            "ended_at_utc,duration_minutes,medication_name,medication_dose,medication_helped,what_helped," +
            "logged_afterwards,note\r\n",
            csv);
    }

    /// <summary>The v1 header, which must stay the start of every later header (columns are only ever added at the end).</summary>
    private const string V1Header =
        "episode_id,started_at_utc,started_at_local,kind,status,red_flag_tier,red_flags,pain_before,pain_after_breathing,pain_after_points,pain_follow_up,locations,character,features,triggers,other_trigger,medication,medication_timing,steps,breathing_preset,breathing_seconds,muscles,massage_contraindicated,follow_up,helped_most";

    [Fact]
    public void Csv_keeps_the_old_columns_unchanged_and_adds_new_ones_only_at_the_end()
    {
        var header = Encoding.UTF8.GetString(DiaryExport.Csv([], TimeZoneInfo.Utc)).TrimStart('\uFEFF').TrimEnd('\r', '\n');
        Assert.StartsWith(V1Header + ",", header, StringComparison.Ordinal);
    }

    [Fact]
    public void Csv_records_the_v2_safety_answers_and_an_old_episode_leaves_them_blank_or_false()
    {
        var v2 = Episode(1, before: 6, followUp: 4) with
        {
            Id = "v2", RedFlagTier = RedFlagTier.SameDay, DizzyDuringBreathing = true, MassageStoppedUnwell = true, Over65 = true,
            FeaturesSkipped = true, SpokeToDoctor = DoctorContact.NotYet, Medication = MedicationKind.Ergot,
        };
        var old = Episode(2, before: 5, medication: MedicationKind.CombinationOrOpioid) with { Id = "old" };
        var rows = ParseCsv(Encoding.UTF8.GetString(DiaryExport.Csv([v2, old], TimeZoneInfo.Utc)[3..]));
        var columns = DiaryExport.CsvColumns.ToList();
        string Cell(List<string> row, string name) => row[columns.IndexOf(name)];

        var oldRow = rows.Single(r => r[0] == "old");
        var newRow = rows.Single(r => r[0] == "v2");
        Assert.Equal(["Yes", "Yes", "Yes", "Yes", "Not yet", "Ergot"],
            new[] { "dizzy_during_breathing", "massage_stopped_unwell", "over_65", "features_skipped", "spoke_to_doctor", "medication" }.Select(c => Cell(newRow, c)));
        Assert.Equal(["No", "No", string.Empty, "No", string.Empty, "Combination or opioid painkiller"],
            new[] { "dizzy_during_breathing", "massage_stopped_unwell", "over_65", "features_skipped", "spoke_to_doctor", "medication" }.Select(c => Cell(oldRow, c)));
    }

    [Theory]
    [InlineData(true, false, false, "Not sure", null)]
    [InlineData(false, true, false, "None", "Not sure")]
    [InlineData(false, false, true, "None", "None")]
    public void Csv_records_how_each_screen_was_answered_in_the_columns_added_at_the_end(bool emergencyNotSure, bool sameDayNotSure, bool clear, string emergency, string? sameDay)
    {
        var episode = new BreatheBot.Core.Episodes.Episode
        {
            Id = "e1", UserKey = "telegram:1", ConversationKey = "telegram:1:1", Kind = BreatheBot.Core.Episodes.EpisodeKind.BreathingOnly,
            StartedAt = new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero),
            EmergencyScreenNotSure = emergencyNotSure,
            EmergencyScreenClear = !emergencyNotSure,
            SameDayScreenNotSure = sameDayNotSure,
            SameDayScreenClear = clear,
            RedFlagTier = clear ? null : BreatheBot.Core.Episodes.RedFlagTier.SameDay,
            HoldsCaution = null,
        };
        var row = ParseCsv(Encoding.UTF8.GetString(DiaryExport.Csv([episode], TimeZoneInfo.Utc)[3..]))[1];
        var columns = DiaryExport.CsvColumns.ToList();
        Assert.Equal(emergency, row[columns.IndexOf("emergency_screen")]);
        Assert.Equal(sameDay ?? string.Empty, row[columns.IndexOf("same_day_screen")]);
        Assert.Equal("Headache", row[columns.IndexOf("breathe_purpose")]);
        Assert.Equal(string.Empty, row[columns.IndexOf("holds_caution")]);
        Assert.Equal(["emergency_screen", "same_day_screen", "breathe_purpose", "holds_caution"], columns[25..29]);
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a, b", "\"a, b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("two\nlines", "\"two\nlines\"")]
    [InlineData("crlf\r\nhere", "\"crlf\r\nhere\"")]
    [InlineData("wine 🍷 and 😴", "wine 🍷 and 😴")]
    [InlineData("=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\"")]
    [InlineData("-5", "'-5")]
    public void Csv_fields_are_escaped(string value, string expected)
    {
        Assert.Equal(expected, DiaryExport.Field(value));
    }

    [Fact]
    public void Csv_round_trips_free_text_with_commas_quotes_newlines_and_emoji_through_a_standard_parser()
    {
        var tricky = "pillow, \"firm\"\nand 🍷";
        var episode = Episode(1, before: 6, followUp: 2, triggers: [HeadacheTrigger.Other]) with { OtherTrigger = tricky, Locations = [PainLocation.OneSide, PainLocation.JawFace] };
        var bytes = DiaryExport.Csv([episode], TimeZoneInfo.Utc);
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);

        var rows = ParseCsv(Encoding.UTF8.GetString(bytes[3..]));
        Assert.Equal(2, rows.Count);
        var row = rows[1];
        Assert.Equal(DiaryExport.CsvColumns.Count, row.Count);
        Assert.Equal(tricky, row[DiaryExport.CsvColumns.ToList().IndexOf("other_trigger")]);
        Assert.Equal("6", row[DiaryExport.CsvColumns.ToList().IndexOf("pain_before")]);
        Assert.Equal("One side;Jaw/face", row[DiaryExport.CsvColumns.ToList().IndexOf("locations")]);
        Assert.Equal("2026-03-30T12:00:00Z", row[1]);
    }

    [Fact]
    public void Csv_writes_readable_words_not_codes_while_the_json_keeps_the_codes()
    {
        var episode = Episode(1, before: 6, afterBreathing: 4, followUp: 3, medication: MedicationKind.SimplePainkiller,
            steps: [SelfCareStep.Breathing, SelfCareStep.TriggerPoints], triggers: [HeadacheTrigger.StressDeskWork, HeadacheTrigger.PoorSleep],
            muscles: [Muscle.UpperTrapezius]) with
        {
            Id = "words", Locations = [PainLocation.ForeheadTemples], Character = HeadacheCharacter.PressingTight,
            Features = [HeadacheFeature.LightOrSoundSensitivity], MedicationTiming = MedicationTiming.OneToFourHours,
            BreathingPreset = BreathingPreset.FourSevenEight, FollowUp = FollowUpStatus.Answered, HelpedMost = HelpedMost.PressurePoints,
            RedFlagTier = RedFlagTier.SameDay, RedFlags = ["S1", "S8"], MassageContraindicated = true, Status = EpisodeStatus.Completed,
        };
        var row = ParseCsv(Encoding.UTF8.GetString(DiaryExport.Csv([episode], TimeZoneInfo.Utc)[3..]))[1];
        var columns = DiaryExport.CsvColumns.ToList();
        string Cell(string name) => row[columns.IndexOf(name)];

        Assert.Equal("Headache", Cell("kind"));
        Assert.Equal("Completed", Cell("status"));
        Assert.Equal("Doctor today", Cell("red_flag_tier"));
        Assert.Equal("New headache, over 50;New medicine, first/long aura, or a knock", Cell("red_flags"));
        Assert.Equal("Forehead/temples", Cell("locations"));
        Assert.Equal("Pressing/tight", Cell("character"));
        Assert.Equal("Light/sound sensitivity", Cell("features"));
        Assert.Equal("Stress;Poor sleep", Cell("triggers"));
        Assert.Equal("Simple painkiller", Cell("medication"));
        Assert.Equal("1 to 4 hours before", Cell("medication_timing"));
        Assert.Equal("Breathing;Pressure points", Cell("steps"));
        Assert.Equal("4-7-8", Cell("breathing_preset"));
        Assert.Equal("Upper trapezius", Cell("muscles"));
        Assert.Equal("Yes", Cell("massage_contraindicated"));
        Assert.Equal("Answered", Cell("follow_up"));
        Assert.Equal("Pressure points", Cell("helped_most"));
        Assert.Equal("S1;S8", Cell("red_flag_codes"));
        Assert.Equal(columns.IndexOf("spoke_to_doctor") + 1, columns.IndexOf("red_flag_codes"));

        var json = JsonDocument.Parse(DiaryExport.Json(null, [episode], Now)).RootElement.GetProperty("episodes")[0];
        Assert.Equal("PressingTight", json.GetProperty("character").GetString());
        Assert.Equal("StressDeskWork", json.GetProperty("triggers")[0].GetString());
        Assert.Equal("S1", json.GetProperty("redFlags")[0].GetString());
        Assert.True(json.GetProperty("massageContraindicated").GetBoolean());
    }

    [Fact]
    public void Csv_words_never_contain_the_list_separator()
    {
        static IEnumerable<string> Words<T>(Func<T, string> word)
            where T : struct, Enum => Enum.GetValues<T>().Select(word);

        var words = Words<PainLocation>(CsvWords.Of).Concat(Words<HeadacheFeature>(CsvWords.Of)).Concat(Words<HeadacheTrigger>(CsvWords.Of))
            .Concat(Words<SelfCareStep>(CsvWords.Of)).Concat(Words<Muscle>(CsvWords.Of))
            .Concat(BreatheBot.Core.Content.RedFlags.EmergencyTier.Concat(BreatheBot.Core.Content.RedFlags.SameDayTier).Select(f => CsvWords.RedFlag(f.Code)));
        Assert.All(words, w => Assert.DoesNotContain(';', w));
    }

    [Fact]
    public void Json_holds_the_profile_and_every_episode_with_enum_names()
    {
        var profile = new UserProfile { UserKey = "telegram:1", FirstSeenAt = Now, TimeZoneId = "Europe/Paris" };
        var json = JsonDocument.Parse(DiaryExport.Json(profile, [Episode(1, before: 4, medication: MedicationKind.Triptan)], Now));
        Assert.Equal("Europe/Paris", json.RootElement.GetProperty("profile").GetProperty("timeZoneId").GetString());
        var episode = Assert.Single(json.RootElement.GetProperty("episodes").EnumerateArray());
        Assert.Equal("Triptan", episode.GetProperty("medication").GetString());
        Assert.Equal(4, episode.GetProperty("painBefore").GetInt32());
    }

    [Theory]
    [InlineData("Europe/Berlin", "Europe/Berlin")]
    [InlineData(null, "UTC")]
    public void Json_writes_the_time_zone_as_its_IANA_id_not_a_dotnet_object(string? zoneId, string expected)
    {
        var profile = new UserProfile { UserKey = "telegram:1", FirstSeenAt = Now, TimeZoneId = zoneId };

        var json = JsonDocument.Parse(DiaryExport.Json(profile, [], Now));

        var zone = json.RootElement.GetProperty("profile").GetProperty("timeZone");
        Assert.Equal(JsonValueKind.String, zone.ValueKind);
        Assert.Equal(expected, zone.GetString());
    }

    /// <summary>A strict RFC 4180 reader, independent of the writer.</summary>
    internal static List<List<string>> ParseCsv(string text)
    {
        var rows = new List<List<string>>();
        var row = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                row.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                row.Add(field.ToString());
                field.Clear();
                rows.Add(row);
                row = [];
                i++;
            }
            else
            {
                field.Append(c);
            }
        }

        return rows;
    }
}
