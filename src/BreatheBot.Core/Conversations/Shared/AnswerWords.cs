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

    /// <summary>Indexed by <see cref="PainMoment"/>.</summary>
    public static readonly Question[] Pain =
        [PainQuestion(PainMoment.Before), PainQuestion(PainMoment.AfterBreathing), PainQuestion(PainMoment.AfterTriggerPoints), PainQuestion(PainMoment.FollowUp)];
}
