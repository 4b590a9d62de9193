using BreatheBot.Core.Content;

namespace BreatheBot.Core.Conversations;

/// <summary>The trigger-point questions, built once.</summary>
internal static class TriggerPointsQuestions
{
    public static readonly Question OfferPoints = new("op", "points.offer", Wording.OfferGentlePoints, QuestionKind.Single,
        [new("op:yes", Wording.YesGently, "yes", "ok", "sure"), new("op:no", Wording.NoThanks, "no", "skip")]);

    public static readonly Question Contraindications = new("ci", "points.contraindications", Wording.Contraindications, QuestionKind.Single,
        [new("ci:none", Wording.NoneApply, "no", "none", "nope", "none of these", "none of them"), new("ci:yes", Wording.OneApplies, "yes", "yes one", "yep"),
         new("ci:unsure", Wording.NotSure, "not sure", "unsure", "dont know", "don t know", "maybe")])
    {
        WordsOnly = true,
        Reask = Wording.YesOrNo,
    };

    public static readonly Question Over65 = new("ag", "points.over-65", Wording.Over65Question, QuestionKind.Single,
        [new("ag:yes", Wording.Yes, "yes", "yep", "over 65"), new("ag:no", Wording.No, "no", "nope", "under 65")]);
}
