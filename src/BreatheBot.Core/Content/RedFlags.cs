using BreatheBot.Core.Episodes;

namespace BreatheBot.Core.Content;

/// <summary>One warning sign from content.md §2, with its plain question.</summary>
public sealed record RedFlagItem(string Code, RedFlagTier Tier, string Question, string ShortLabel);

/// <summary>
/// The red-flag screen (content.md v2 §2; NICE CG150, SNNOOP10, NHS). The emergency tier is always asked first.
/// Codes are stable (E1..E7, S1..S8): old diaries keep reading; wording may change, codes never move.
/// </summary>
public static class RedFlags
{
    public static IReadOnlyList<RedFlagItem> EmergencyTier { get; } =
    [
        new("E1", RedFlagTier.Emergency, "Did it start suddenly and reach its worst within a few minutes (\"thunderclap\"), did it come on suddenly during exercise, sex or straining, or is it the worst headache you have ever had?", "Sudden, on exertion/sex, or worst-ever"),
        new("E2", RedFlagTier.Emergency, "Do you have new weakness, numbness, a drooping face, trouble speaking, confusion, unusual drowsiness, a change in personality, or loss of vision?", "Weakness, numbness, speech, confusion or vision"),
        new("E3", RedFlagTier.Emergency, "Is the headache getting worse with a fever, or do you have a stiff neck or a rash that doesn't fade when pressed?", "Fever, stiff neck or rash"),
        new("E4", RedFlagTier.Emergency, "Have you hit your head in the last few days, or at any time recently if you are now drowsy, being sick, your headache has kept getting worse since, or you take blood thinners?", "Head injury (recent, or drowsy/sick/worse)"),
        new("E5", RedFlagTier.Emergency, "Have you had a fit (seizure) or fainted with this headache?", "Fit (seizure) or fainting"),
        new("E6", RedFlagTier.Emergency, "Is one eye red and painful, or are you seeing haloes or blurred vision with eye pain?", "Red painful eye, or haloes with eye pain"),
        new("E7", RedFlagTier.Emergency, "Are other people (or pets) at home also unwell, or does the headache get better when you go outside?", "Others at home unwell / better outside"),
    ];

    public static IReadOnlyList<RedFlagItem> SameDayTier { get; } =
    [
        new("S1", RedFlagTier.SameDay, "Is this headache new for you and are you over 50?", "New headache, over 50"),
        new("S2", RedFlagTier.SameDay, "Are you pregnant or have you given birth in the last 6 weeks?", "Pregnant or gave birth in the last 6 weeks"),
        new("S3", RedFlagTier.SameDay, "Do you have a weakened immune system (e.g. HIV or immune-suppressing medicines), or have you had cancer?", "Weakened immunity or cancer"),
        new("S4", RedFlagTier.SameDay, "Did coughing, sneezing, straining or exercise bring it on, does it change a lot when you stand up or lie down, or does it wake you from sleep?", "Cough/strain/exercise, posture or wakes you"),
        new("S5", RedFlagTier.SameDay, "Is this a new kind of headache for you that began in the last few weeks, has your usual pattern changed a lot, or has it been getting steadily worse for days or weeks?", "New kind, changed pattern or getting worse"),
        new("S6", RedFlagTier.SameDay, "If you're over 50: is your scalp tender or does your jaw ache when chewing?", "Tender scalp or jaw ache (over 50)"),
        new("S7", RedFlagTier.SameDay, "Is this a new kind of headache with repeated vomiting that has no other obvious cause?", "New headache with repeated vomiting"),
        new("S8", RedFlagTier.SameDay, "Did it start after a new medicine, is this your first-ever aura (zigzags, flashing lights or a blind spot) or an aura lasting over an hour, or have you knocked your head in the last 3 months?", "New medicine, first/long aura, or a knock"),
    ];

    /// <summary>Carbon monoxide (E7): answered with its own advice first (content.md §2).</summary>
    public const string CarbonMonoxide = "E7";

    /// <summary>Pregnant or within 6 weeks of birth (S2): answered with its own, more urgent advice.</summary>
    public const string Pregnancy = "S2";

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
