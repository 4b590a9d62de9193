using System.Globalization;
using BreatheBot.Core.Content;
using BreatheBot.Core.Episodes;

namespace BreatheBot.Core.Conversations;

/// <summary>The words and builders the standard questions share: yes / no / not sure, options, "Done", the pain scale.</summary>
internal static class AnswerWords
{
    internal static readonly string[] YesWords = ["yes", "y", "yeah", "yep", "yup", "yes please", "i am", "i do"];

    internal static readonly string[] NoWords = ["no", "n", "nope", "nah", "none", "no i m not", "i m not", "i don t"];

    internal static readonly string[] NotSureWords = ["not sure", "unsure", "i m not sure", "im not sure", "don t know", "dont know", "i don t know", "idk", "maybe", "not certain"];

    /// <summary>
    /// A warning-sign tier: the signs as bullets, answered "None of these" / "Yes, one or more" / "Not sure" (and, on
    /// the first screen, "It's for my child"). Words only: a bare number never answers it.
    /// </summary>
    internal static Question ScreeningQuestion(RedFlagTier tier)
    {
        var items = RedFlags.Tier(tier);
        var intro = tier == RedFlagTier.Emergency ? Wording.EmergencyScreenIntro : Wording.SameDayScreenIntro;
        var code = tier == RedFlagTier.Emergency ? "e" : "s";
        List<QuestionChoice> choices =
        [
            new(code + ":none", Wording.NoneOfThese, [.. NoWords, "none of them", "no none", "none of these apply"]),
            new(code + ":yes", Wording.YesOneOrMore, [.. YesWords, "yes one", "one or more"]),
            new(code + ":unsure", Wording.NotSure, NotSureWords),
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

    internal static Question PainQuestion(PainMoment moment)
    {
        var (code, key, text) = moment switch
        {
            PainMoment.Before => ("pb", "pain.before", Wording.PainNow),
            PainMoment.AfterBreathing => ("pr", "pain.after-breathing", Wording.PainAfterBreathing),
            PainMoment.AfterTriggerPoints => ("pm", "pain.after-points", Wording.PainAfterMassage),
            _ => ("pf", "pain.follow-up", Wording.PainFollowUp),
        };
        return new Question(code, key, text, QuestionKind.Pain,
            [.. Enumerable.Range(0, 11).Select(p => new QuestionChoice(code + ":" + p.ToString(CultureInfo.InvariantCulture), p.ToString(CultureInfo.InvariantCulture)))]);
    }

    internal static QuestionChoice Option(string code, int value, string label, params string[] aliases) =>
        new(code + ":" + value.ToString(CultureInfo.InvariantCulture), label, aliases);

    internal static QuestionChoice DoneChoice(string code, params string[] aliases) => new(code + ":done", Wording.Done, ["done", "that s all", "thats all", "finished", .. aliases]);
}
