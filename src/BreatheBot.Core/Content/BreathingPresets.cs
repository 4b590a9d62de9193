using BreatheBot.Core.Episodes;

namespace BreatheBot.Core.Content;

public enum BreathPhaseKind
{
    In = 0,
    Hold = 1,
    Out = 2,
}

public sealed record BreathPhase(BreathPhaseKind Kind, int Seconds);

/// <summary>A breathing pattern (content.md §4; Lehrer &amp; Gevirtz 2014, Zaccaro 2018, Russo 2017).</summary>
public sealed record BreathingPattern(BreathingPreset Preset, string Name, string Description, IReadOnlyList<BreathPhase> Phases, int? FixedCycles)
{
    public int CycleSeconds => Phases.Sum(p => p.Seconds);

    public bool HasHolds => Phases.Any(p => p.Kind == BreathPhaseKind.Hold);

    /// <summary>How long <paramref name="cycles"/> rounds really last: the only duration ever stated for an exercise.</summary>
    public TimeSpan Duration(int cycles) => TimeSpan.FromSeconds(cycles * CycleSeconds);

    /// <summary>How many cycles fit the chosen length (at least one). 4-7-8 always starts with 4 cycles.</summary>
    public int CyclesFor(int minutes) => FixedCycles ?? Math.Max(1, (int)Math.Round(minutes * 60.0 / CycleSeconds, MidpointRounding.AwayFromZero));
}

public static class BreathingPresets
{
    public static BreathingPattern Resonance { get; } = new(
        BreathingPreset.Resonance,
        "Resonance breathing",
        "in 5 s, out 6 s, about 5.5 breaths a minute",
        [new(BreathPhaseKind.In, 5), new(BreathPhaseKind.Out, 6)],
        FixedCycles: null);

    public static BreathingPattern Box { get; } = new(
        BreathingPreset.Box,
        "Box breathing",
        "in 4, hold 4, out 4, hold 4",
        [new(BreathPhaseKind.In, 4), new(BreathPhaseKind.Hold, 4), new(BreathPhaseKind.Out, 4), new(BreathPhaseKind.Hold, 4)],
        FixedCycles: null);

    public static BreathingPattern FourSevenEight { get; } = new(
        BreathingPreset.FourSevenEight,
        "4-7-8 breathing",
        "in 4, hold 7, out 8, four rounds",
        [new(BreathPhaseKind.In, 4), new(BreathPhaseKind.Hold, 7), new(BreathPhaseKind.Out, 8)],
        FixedCycles: 4);

    public static BreathingPattern For(BreathingPreset preset) => preset switch
    {
        BreathingPreset.Resonance => Resonance,
        BreathingPreset.Box => Box,
        BreathingPreset.FourSevenEight => FourSevenEight,
        _ => throw new ArgumentOutOfRangeException(nameof(preset), preset, "Unknown breathing preset."),
    };
}
