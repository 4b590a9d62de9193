using BreatheBot.Core.Content;
using BreatheBot.Core.Episodes;

namespace BreatheBot.Core.Insights;

/// <summary>
/// The words the CSV export writes for stored values: short, readable in a spreadsheet, never containing the list
/// separator ';'. The JSON export keeps the enum names and red-flag codes, so nothing is lost.
/// </summary>
internal static class CsvWords
{
    public static string YesNo(bool value) => value ? "Yes" : "No";

    public static string Of(EpisodeKind value) => value switch
    {
        EpisodeKind.Headache => "Headache",
        EpisodeKind.BreathingOnly => "Breathing only",
        EpisodeKind.PointsOnly => "Pressure points only",
        _ => value.ToString(),
    };

    public static string Of(EpisodeStatus value) => value switch
    {
        EpisodeStatus.Open => "Open",
        EpisodeStatus.Completed => "Completed",
        EpisodeStatus.Stopped => "Stopped",
        EpisodeStatus.Expired => "Expired",
        EpisodeStatus.EmergencyAdvice => "Emergency advice given",
        _ => value.ToString(),
    };

    public static string Of(RedFlagTier value) => value switch
    {
        RedFlagTier.Emergency => "Emergency",
        RedFlagTier.SameDay => "Doctor today",
        _ => value.ToString(),
    };

    /// <summary>A red-flag code (E1..E7, S1..S8) as its short label; an unknown code stays as it is.</summary>
    public static string RedFlag(string code) => RedFlags.Find(code)?.ShortLabel ?? code;

    public static string Of(PainLocation value) => value switch
    {
        PainLocation.ForeheadTemples => "Forehead/temples",
        PainLocation.BackOfHeadNeck => "Back of head/neck",
        PainLocation.OneSide => "One side",
        PainLocation.AllOverBand => "All over (band)",
        PainLocation.BehindEyes => "Behind the eyes",
        PainLocation.JawFace => "Jaw/face",
        _ => value.ToString(),
    };

    public static string Of(HeadacheCharacter value) => value switch
    {
        HeadacheCharacter.PressingTight => "Pressing/tight",
        HeadacheCharacter.ThrobbingPulsing => "Throbbing/pulsing",
        HeadacheCharacter.NotSure => "Not sure",
        _ => value.ToString(),
    };

    public static string Of(HeadacheFeature value) => value switch
    {
        HeadacheFeature.WorseWithActivity => "Worse with activity",
        HeadacheFeature.Nausea => "Nausea",
        HeadacheFeature.LightOrSoundSensitivity => "Light/sound sensitivity",
        HeadacheFeature.Aura => "Aura",
        _ => value.ToString(),
    };

    public static string Of(HeadacheTrigger value) => value switch
    {
        HeadacheTrigger.StressDeskWork => "Stress",
        HeadacheTrigger.PostureScreenTime => "Posture/screen time",
        HeadacheTrigger.PoorSleep => "Poor sleep",
        HeadacheTrigger.SkippedMeal => "Skipped meal",
        HeadacheTrigger.NotEnoughWater => "Not enough water",
        HeadacheTrigger.Caffeine => "Caffeine",
        HeadacheTrigger.Alcohol => "Alcohol",
        HeadacheTrigger.MenstrualCycle => "Menstrual cycle",
        HeadacheTrigger.WeatherChange => "Weather change",
        HeadacheTrigger.BrightLightOrNoise => "Bright light/noise",
        HeadacheTrigger.StrongSmells => "Strong smells",
        HeadacheTrigger.Other => "Other",
        HeadacheTrigger.NotSure => "Not sure",
        _ => value.ToString(),
    };

    public static string Of(MedicationKind value) => value switch
    {
        MedicationKind.None => "None",
        MedicationKind.SimplePainkiller => "Simple painkiller",
        MedicationKind.Triptan => "Triptan",
        MedicationKind.Ergot => "Ergot",
        MedicationKind.CombinationPainkiller => "Combination painkiller",
        MedicationKind.Opioid => "Opioid",
        MedicationKind.CombinationOrOpioid => "Combination or opioid painkiller",
        MedicationKind.Other => "Other medicine",
        _ => value.ToString(),
    };

    public static string Of(MedicationTiming value) => value switch
    {
        MedicationTiming.UnderOneHour => "Under 1 hour before",
        MedicationTiming.OneToFourHours => "1 to 4 hours before",
        MedicationTiming.MoreThanFourHours => "Over 4 hours before",
        _ => value.ToString(),
    };

    public static string Of(SelfCareStep value) => value switch
    {
        SelfCareStep.Breathing => "Breathing",
        SelfCareStep.TriggerPoints => "Pressure points",
        _ => value.ToString(),
    };

    public static string Of(BreathingPreset value) => value switch
    {
        BreathingPreset.Resonance => "Resonance",
        BreathingPreset.Box => "Box",
        BreathingPreset.FourSevenEight => "4-7-8",
        _ => value.ToString(),
    };

    public static string Of(Muscle value) => TriggerPoints.Guides.TryGetValue(value, out var guide) ? guide.Name : value.ToString();

    public static string Of(FollowUpStatus value) => value switch
    {
        FollowUpStatus.None => "Not offered",
        FollowUpStatus.Scheduled => "Scheduled",
        FollowUpStatus.Answered => "Answered",
        FollowUpStatus.Missed => "Missed",
        FollowUpStatus.Cancelled => "Cancelled",
        _ => value.ToString(),
    };

    public static string Of(HelpedMost value) => value switch
    {
        HelpedMost.Breathing => "Breathing",
        HelpedMost.PressurePoints => "Pressure points",
        HelpedMost.Medication => "Medication",
        HelpedMost.Rest => "Rest",
        HelpedMost.NotSure => "Not sure",
        _ => value.ToString(),
    };

    public static string Of(DoctorContact value) => value switch
    {
        DoctorContact.Yes => "Yes",
        DoctorContact.NotYet => "Not yet",
        DoctorContact.NotNeeded => "Not needed",
        _ => value.ToString(),
    };

    public static string Of(MedicationHelped value) => value switch
    {
        MedicationHelped.Yes => "Yes",
        MedicationHelped.ALittle => "A little",
        MedicationHelped.No => "No",
        _ => value.ToString(),
    };

    public static string List<T>(IEnumerable<T> values, Func<T, string> word) => string.Join(';', values.Select(word));
}
