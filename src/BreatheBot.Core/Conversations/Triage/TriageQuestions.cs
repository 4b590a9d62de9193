using BreatheBot.Core.Content;
using BreatheBot.Core.Episodes;

namespace BreatheBot.Core.Conversations;

/// <summary>The triage questions: built once per process, read-only afterwards.</summary>
internal static class TriageQuestions
{
    public static readonly Question EmergencyScreen = ScreeningQuestion(RedFlagTier.Emergency);

    public static readonly Question SameDayScreen = ScreeningQuestion(RedFlagTier.SameDay);

    public static readonly Question GotHelp = new("ec", "triage.emergency.got-help", Wording.GotHelpQuestion, QuestionKind.Single,
        [new("ec:yes", Wording.HelpOnItsWay, [.. AnswerWords.YesWords, "i ve been seen", "ive been seen", "been seen", "seen", "help is on its way", "on its way"]),
         new("ec:no", Wording.NotYet, [.. AnswerWords.NoWords, "not yet", "no not yet"])])
    { WordsOnly = true, Reask = Wording.YesNoReask };

    public static readonly Question Location = new("loc", "triage.location", Wording.Location, QuestionKind.Multi,
        [.. Enum.GetValues<PainLocation>().Select(v => AnswerWords.Option("loc", (int)v, Wording.Label(v))), AnswerWords.DoneChoice("loc")]);

    public static readonly Question Character = new("ch", "triage.character", Wording.Character, QuestionKind.Single,
        [.. Enum.GetValues<HeadacheCharacter>().Select(v => AnswerWords.Option("ch", (int)v, Wording.Label(v)))]);

    public static readonly Question Features = new("ft", "triage.features", Wording.Features, QuestionKind.Multi,
        [.. Enum.GetValues<HeadacheFeature>().Select(v => AnswerWords.Option("ft", (int)v, Wording.Label(v))), AnswerWords.DoneChoice("ft", "none", "no", "none of these")]);

    public static readonly Question Triggers = new("tr", "triage.triggers", Wording.Triggers, QuestionKind.Multi,
        [.. Enum.GetValues<HeadacheTrigger>().Select(v => AnswerWords.Option("tr", (int)v, Wording.Label(v))), AnswerWords.DoneChoice("tr")]);

    public static readonly Question OtherTrigger = new("ot", "triage.other-trigger", Wording.OtherTrigger, QuestionKind.FreeText,
        [new("ot:skip", Wording.Skip, "skip", "no", "not sure")]);

    public static readonly Question Medication = new("med", "triage.medication", Wording.Medication, QuestionKind.Single,
        [.. Wording.MedicationChoices.Select(v => AnswerWords.Option("med", (int)v, Wording.Label(v), v == MedicationKind.None ? ["none", "no", "nothing yet"] : []))]);

    public static readonly Question MedicationTiming = new("mt", "triage.medication-timing", Wording.MedicationWhen, QuestionKind.Single,
        [.. Enum.GetValues<MedicationTiming>().Select(v => AnswerWords.Option("mt", (int)v, Wording.Label(v)))]);

    /// <summary>/points asks the features too (content.md §5); it may be skipped, and then pressure is gentle and optional.</summary>
    public static readonly Question CharacterForPoints = new("ch", "triage.character", Wording.Character, QuestionKind.Single,
        [.. Enum.GetValues<HeadacheCharacter>().Select(v => AnswerWords.Option("ch", (int)v, Wording.Label(v))), new("ch:skip", Wording.PointsSkipQuestions, "skip")]);

    /// <summary>
    /// A warning-sign tier: the signs as bullets, answered "None of these" / "Yes, one or more" / "Not sure" (and, on
    /// the first screen, "It's for my child"). Words only: a bare number never answers it.
    /// </summary>
    private static Question ScreeningQuestion(RedFlagTier tier)
    {
        var items = RedFlags.Tier(tier);
        var intro = tier == RedFlagTier.Emergency ? Wording.EmergencyScreenIntro : Wording.SameDayScreenIntro;
        var code = tier == RedFlagTier.Emergency ? "e" : "s";
        List<QuestionChoice> choices =
        [
            new(code + ":none", Wording.NoneOfThese, [.. AnswerWords.NoWords, "none of them", "no none", "none of these apply"]),
            new(code + ":yes", Wording.YesOneOrMore, [.. AnswerWords.YesWords, "yes one", "one or more"]),
            new(code + ":unsure", Wording.NotSure, AnswerWords.NotSureWords),
        ];
        if (tier == RedFlagTier.Emergency)
        {
            choices.Add(new(code + ":child", Wording.ForMyChild, "for my child", "my child", "its for my child", "it s for my child", "child", "for my kid"));
        }

        var text = $"{intro}\n\n{Wording.Bullets(items.Select(item => item.Question))}\n\n{Wording.ScreenAnswerHint}";
        return new Question(code, tier == RedFlagTier.Emergency ? "triage.emergency" : "triage.same-day", text, QuestionKind.Single, choices)
        {
            WordsOnly = true,
            Reask = Wording.ScreenReask,
        };
    }
}
