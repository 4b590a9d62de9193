namespace BreatheBot.Core.Safety;

/// <summary>What a typed message means for safety (content.md §2, "Typed at any step").</summary>
public enum SignOutcome
{
    /// <summary>Nothing that needs interrupting: the message goes to the step the person is at.</summary>
    Everyday = 0,

    /// <summary>Half of a warning sign: ask one calm question before deciding.</summary>
    Clarify = 1,

    /// <summary>An emergency-tier sign: interrupt with the emergency advice.</summary>
    Emergency = 2,
}

/// <summary>A sign that is only half there; each has one clarifying question (see <see cref="HalfSigns"/>).</summary>
public enum HalfSign
{
    StiffNeck = 1,
    Fever = 2,
    Rash = 3,
    BlurredVision = 4,
    RedEyeOrHaloes = 5,
    HeadKnock = 6,
    SuddenOnset = 7,
    NearFaint = 8,
    Drowsy = 9,
    NumbOrWeak = 10,
}

/// <summary>
/// The detector's verdict: the outcome, the emergency items it points at (E1–E7; empty for a plain call for help or
/// when nothing was found) and, for <see cref="SignOutcome.Clarify"/>, which half sign to ask about.
/// </summary>
public sealed record WarningSignResult(SignOutcome Outcome, IReadOnlyList<string> Codes, HalfSign? Half)
{
    public static readonly WarningSignResult Everyday = new(SignOutcome.Everyday, [], null);

    public static WarningSignResult Emergency(IReadOnlyList<string> codes) => new(SignOutcome.Emergency, codes, null);

    public static WarningSignResult Clarify(HalfSign half) => new(SignOutcome.Clarify, [HalfSigns.CodeOf(half)], half);
}
