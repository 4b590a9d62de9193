using System.Globalization;
using BreatheBot.Core.Content;
using BreatheBot.Core.Episodes;

namespace BreatheBot.Core.Conversations;

/// <summary>The breathing questions: built once per process (the length ones once per engine), read-only afterwards.</summary>
internal static class BreathingQuestions
{
    public static readonly Question BreathePurpose = new("bpu", "breathe.purpose", Wording.BreathePurpose, QuestionKind.Single,
        [new("bpu:headache", Wording.ForAHeadache, "headache", "a headache", "for a headache", "headache now", "now", "i have a headache"),
         new("bpu:practice", Wording.ToPractise, "practise", "practice", "to practice", "practising", "practicing", "just practising", "just practicing")])
    { WordsOnly = true, Reask = Wording.PurposeReask };

    public static readonly Question HoldsCaution = new("hc", "breathing.holds-caution", Wording.PracticeHoldsQuestion, QuestionKind.Single,
        [new("hc:yes", Wording.Yes, [.. AnswerWords.YesWords, .. AnswerWords.NotSureWords]), new("hc:no", Wording.No, [.. AnswerWords.NoWords])])
    { WordsOnly = true, Reask = Wording.YesNoReask };

    public static readonly Question PresetWithHolds = PresetQuestion(Wording.BreathingChoose);

    /// <summary>Until the person has once chosen breath-holds, the question carries the holds caution (content.md §4).</summary>
    public static readonly Question PresetWithHoldsCaution = PresetQuestion(Wording.BreathingChooseWithCaution);

    private static Question PresetQuestion(string text) => new("bp", "breathing.preset", text, QuestionKind.Single,
    [
        new("bp:" + (int)BreathingPreset.Resonance, Wording.PresetLabel(BreathingPresets.Resonance, recommended: true), "resonance", "start", "yes", "ok"),
        new("bp:" + (int)BreathingPreset.Box, Wording.PresetLabel(BreathingPresets.Box, recommended: false), "box"),
        new("bp:" + (int)BreathingPreset.FourSevenEight, Wording.PresetLabel(BreathingPresets.FourSevenEight, recommended: false), "478", "4 7 8"),
        new("bp:skip", Wording.SkipBreathing, "skip", "no"),
    ]);

    public static readonly Question PresetHoldsSkipped = new("bp", "breathing.preset", Wording.BreathingChooseHoldsSkipped, QuestionKind.Single,
        [new("bp:" + (int)BreathingPreset.Resonance, Wording.PresetLabel(BreathingPresets.Resonance, recommended: true), "resonance", "start", "yes", "ok"),
         new("bp:skip", Wording.SkipBreathing, "skip", "no")]);

    public static readonly Question PacerStalled = new("ps", "breathing.stalled", Wording.PacerStalled, QuestionKind.Single,
        [new("ps:restart", Wording.StartAgain, "yes", "restart", "again"), new("ps:skip", Wording.Skip, "no", "skip")]);

    /// <summary>1–5 minutes of a preset; each button states the real length of the rounds that fit (content.md §4).</summary>
    public static Question Length(BreathingPattern pattern, int defaultMinutes) =>
        new("bl", "breathing.length", Wording.BreathingLength, QuestionKind.Single,
            [.. Enumerable.Range(1, 5).Select(m => new QuestionChoice("bl:" + m.ToString(CultureInfo.InvariantCulture),
                Wording.LengthLabel(pattern, m, m == defaultMinutes), m.ToString(CultureInfo.InvariantCulture)))]);
}
