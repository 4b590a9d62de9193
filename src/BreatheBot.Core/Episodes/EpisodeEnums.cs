namespace BreatheBot.Core.Episodes;

/// <summary>How an episode started: the full headache flow, or one of the shorter ones.</summary>
public enum EpisodeKind
{
    Headache = 0,
    BreathingOnly = 1,
    PointsOnly = 2,
}

/// <summary>Where an episode stands.</summary>
public enum EpisodeStatus
{
    Open = 0,
    Completed = 1,
    Stopped = 2,
    Expired = 3,
    EmergencyAdvice = 4,
}

public enum RedFlagTier
{
    Emergency = 0,
    SameDay = 1,
}

/// <summary>Where it hurts (content.md §3).</summary>
public enum PainLocation
{
    ForeheadTemples = 0,
    BackOfHeadNeck = 1,
    OneSide = 2,
    AllOverBand = 3,
    BehindEyes = 4,
    JawFace = 5,
}

/// <summary>Pain character, used only to tailor the steps and for the diary, never as a diagnosis.</summary>
public enum HeadacheCharacter
{
    PressingTight = 0,
    ThrobbingPulsing = 1,
    NotSure = 2,
}

public enum HeadacheFeature
{
    WorseWithActivity = 0,
    Nausea = 1,
    LightOrSoundSensitivity = 2,
    Aura = 3,
}

public enum HeadacheTrigger
{
    StressDeskWork = 0,
    PostureScreenTime = 1,
    PoorSleep = 2,
    SkippedMeal = 3,
    NotEnoughWater = 4,
    Caffeine = 5,
    Alcohol = 6,
    MenstrualCycle = 7,
    WeatherChange = 8,
    BrightLightOrNoise = 9,
    StrongSmells = 10,
    Other = 11,
    NotSure = 12,
}

/// <summary>
/// What was taken (content.md §7). Stored by name: values are only ever added at the end, and
/// <see cref="CombinationOrOpioid"/> (v1's single choice) stays readable in old diaries though it is no longer offered.
/// </summary>
public enum MedicationKind
{
    None = 0,
    SimplePainkiller = 1,
    Triptan = 2,

    /// <summary>v1's "combination or opioid" choice: kept so old episodes load; counted like either.</summary>
    CombinationOrOpioid = 3,

    /// <summary>Not counted as a painkiller.</summary>
    Other = 4,
    Ergot = 5,
    CombinationPainkiller = 6,
    Opioid = 7,
}

public enum MedicationTiming
{
    UnderOneHour = 0,
    OneToFourHours = 1,
    MoreThanFourHours = 2,
}

public enum SelfCareStep
{
    Breathing = 0,
    TriggerPoints = 1,
}

public enum HelpedMost
{
    Breathing = 0,
    PressurePoints = 1,
    Medication = 2,
    Rest = 3,
    NotSure = 4,
}

public enum FollowUpStatus
{
    None = 0,
    Scheduled = 1,
    Answered = 2,
    Missed = 3,
    Cancelled = 4,
}

public enum Muscle
{
    Suboccipitals = 0,
    UpperTrapezius = 1,
    Sternocleidomastoid = 2,
    Temporalis = 3,
    SpleniusCapitis = 4,
    LevatorScapulae = 5,
    Masseter = 6,
}

public enum BreathingPreset
{
    Resonance = 0,
    Box = 1,
    FourSevenEight = 2,
}

/// <summary>The follow-up's answer to "Did you manage to speak to a doctor?" after a same-day flag (content.md §6).</summary>
public enum DoctorContact
{
    Yes = 0,
    NotYet = 1,
    NotNeeded = 2,
}

/// <summary>The follow-up's answer to "Did the medicine help?".</summary>
public enum MedicationHelped
{
    Yes = 0,
    ALittle = 1,
    No = 2,
}
