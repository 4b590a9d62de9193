using BreatheBot.Core.Episodes;

namespace BreatheBot.Core.Content;

/// <summary>One warning sign from content.md §2, with its plain question.</summary>
public sealed record RedFlagItem(string Code, RedFlagTier Tier, string Question, string ShortLabel);

/// <summary>
/// The red-flag screen (content.md §2; NICE CG150, SNNOOP10, NHS). The emergency tier is always asked first.
/// </summary>
public static class RedFlags
{
    public static IReadOnlyList<RedFlagItem> EmergencyTier { get; } =
    [
        new("E1", RedFlagTier.Emergency, "Did it start suddenly and reach its worst within a few minutes (\"thunderclap\"), or is it the worst headache you have ever had?", "Sudden or worst-ever headache"),
        new("E2", RedFlagTier.Emergency, "Do you have new weakness, numbness, a drooping face, trouble speaking, confusion, unusual drowsiness, a change in personality, or loss of vision?", "Weakness, numbness, speech, confusion or vision"),
        new("E3", RedFlagTier.Emergency, "Is the headache getting worse with a fever, or do you have a stiff neck or a rash that doesn't fade when pressed?", "Fever, stiff neck or rash"),
        new("E4", RedFlagTier.Emergency, "Have you hit your head, fallen or had an accident in the last 3 months?", "Head injury, fall or accident"),
        new("E5", RedFlagTier.Emergency, "Have you had a fit (seizure) or fainted with this headache?", "Fit (seizure) or fainting"),
        new("E6", RedFlagTier.Emergency, "Is there a painful red eye with blurred vision or halos?", "Painful red eye, blurred vision"),
    ];

    public static IReadOnlyList<RedFlagItem> SameDayTier { get; } =
    [
        new("S1", RedFlagTier.SameDay, "Is this headache new for you and are you over 50?", "New headache, over 50"),
        new("S2", RedFlagTier.SameDay, "Are you pregnant or have you given birth in the last 6 weeks?", "Pregnant or recently gave birth"),
        new("S3", RedFlagTier.SameDay, "Do you have a weakened immune system (e.g. HIV or immune-suppressing medicines), or have you had cancer?", "Weakened immunity or cancer"),
        new("S4", RedFlagTier.SameDay, "Did coughing, sneezing, straining or exercise bring it on, does it change a lot when you stand up or lie down, or does it wake you from sleep?", "Cough/strain/exercise, posture or wakes you"),
        new("S5", RedFlagTier.SameDay, "Has your usual headache pattern changed a lot, or has it been getting steadily worse for days or weeks?", "Pattern changed or getting worse"),
        new("S6", RedFlagTier.SameDay, "If you're over 50: is your scalp tender or does your jaw ache when chewing?", "Tender scalp or jaw ache (over 50)"),
        new("S7", RedFlagTier.SameDay, "Is this a new kind of headache with repeated vomiting that has no other obvious cause?", "New headache with repeated vomiting"),
    ];

    public static IReadOnlyList<RedFlagItem> Tier(RedFlagTier tier) => tier == RedFlagTier.Emergency ? EmergencyTier : SameDayTier;

    public static RedFlagItem? Find(string code)
    {
        foreach (var item in EmergencyTier)
        {
            if (item.Code == code)
            {
                return item;
            }
        }

        foreach (var item in SameDayTier)
        {
            if (item.Code == code)
            {
                return item;
            }
        }

        return null;
    }
}
