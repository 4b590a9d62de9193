namespace BreatheBot.Core.Safety;

/// <summary>The meanings the detector looks for. Some are a sign on their own; others only count together.</summary>
internal enum SignConcept
{
    // E1: sudden, explosive, worst ever
    WorstEver,
    WorstQualified,
    NeverThisBad,
    Thunderclap,
    ExplodeSoon,
    Instant,
    Sudden,
    Severe,
    Exertion,
    SexOnset,
    BrainBleed,
    Dying,
    PainWord,

    // E2: a body part losing strength, feeling or control; speech, understanding, confusion, sight
    BodyPart,
    Deficit,
    LimbDeficit,
    Tingling,
    Numb,
    OneSide,
    Stroke,
    SpeechNoun,
    SpeechWrong,
    SpeechGarbled,
    SpeechHeard,
    SpeechTrouble,
    UnderstandVerb,
    LanguageObject,
    Confusion,
    Drowsy,
    ThinkStraight,
    VisionLoss,
    DoubleVision,
    Blurry,
    BlindSpot,

    // E3: fever with a stiff neck or a rash
    Fever,
    StiffNeck,
    Rash,
    NoFade,
    PurpleSpots,
    Meningitis,
    Worsening,

    // E4: head injury with vomiting, drowsiness, worsening, blood thinners
    HeadKnock,
    Vomit,
    BloodThinner,

    // E5: loss of consciousness, fits
    Unconscious,
    NearFaint,
    Seizure,
    Epilepsy,

    // E6: a red painful eye, haloes
    EyeWord,
    EyeHurt,
    RedWord,
    RedEye,
    EyePain,
    Haloes,

    // E7: carbon monoxide
    CarbonMonoxide,
    Household,
    BetterOutside,

    // A plain call for help
    Ambulance,
}
