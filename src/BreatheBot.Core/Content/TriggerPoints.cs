using BreatheBot.Core.Episodes;

namespace BreatheBot.Core.Content;

/// <summary>One muscle's self-massage step (content.md §5; Simons, Travell &amp; Simons; Fernández-de-las-Peñas 2006).</summary>
public sealed record MuscleGuide(Muscle Muscle, string Name, string WhereAndHow, string RefersTo, string? SafetyNote);

public static class TriggerPoints
{
    public static IReadOnlyDictionary<Muscle, MuscleGuide> Guides { get; } = new Dictionary<Muscle, MuscleGuide>
    {
        [Muscle.Suboccipitals] = new(Muscle.Suboccipitals, "Suboccipitals",
            "At the base of the skull, either side of the spine. Tilt your head slightly back onto your fingertips, or lie on two tennis balls in a sock.",
            "the back of the head and behind the eye", null),
        [Muscle.UpperTrapezius] = new(Muscle.UpperTrapezius, "Upper trapezius",
            "On top of the shoulder, halfway between your neck and the shoulder tip. Pinch the muscle between thumb and fingers.",
            "the side of the neck, the temple and behind the ear", null),
        [Muscle.Sternocleidomastoid] = new(Muscle.Sternocleidomastoid, "Sternocleidomastoid",
            "The rope-like muscle running from behind the ear down to the breastbone. Work only its upper third, just below the ear, " +
            "and one side at a time: turn your head slightly to feel it, then pinch it gently between thumb and fingers.",
            "the forehead, around the eye, the ear and the top of the head",
            "Only pinch it gently. Never press into the front of the neck or on the pulse (carotid artery). Stop if you feel light-headed."),
        [Muscle.Temporalis] = new(Muscle.Temporalis, "Temporalis",
            "Above the ear at the temple. Clench your teeth to feel it, then relax your jaw and press with small circles.",
            "the temples, upper teeth and eyebrow", null),
        [Muscle.SpleniusCapitis] = new(Muscle.SpleniusCapitis, "Splenius capitis",
            "At the back of the neck just below the skull, a little to the side of the spine.",
            "the top of the head", null),
        [Muscle.LevatorScapulae] = new(Muscle.LevatorScapulae, "Levator scapulae",
            "Where the neck meets the shoulder blade. Turn your head away from the side you are pressing to find it.",
            "the angle of the neck and the back of the shoulder", null),
        [Muscle.Masseter] = new(Muscle.Masseter, "Masseter",
            "The thick cheek muscle in front of the ear. Clench to find it, then relax your jaw and press.",
            "the jaw, teeth, cheek, above the eye and the ear", null),
    };

    /// <summary>
    /// Muscles per location, in the order they are worked (content.md §5 table, "chosen when pain is…"): a muscle is
    /// listed only under a location its row names. The splenius capitis row says "top of head", which only "all over" covers;
    /// "neck stiffness" is the back of the head and neck.
    /// </summary>
    internal static readonly IReadOnlyDictionary<PainLocation, Muscle[]> ByLocation = new Dictionary<PainLocation, Muscle[]>
    {
        [PainLocation.BackOfHeadNeck] = [Muscle.Suboccipitals, Muscle.UpperTrapezius, Muscle.LevatorScapulae],
        [PainLocation.AllOverBand] = [Muscle.Suboccipitals, Muscle.UpperTrapezius, Muscle.SpleniusCapitis],
        [PainLocation.BehindEyes] = [Muscle.Suboccipitals, Muscle.Sternocleidomastoid],
        [PainLocation.OneSide] = [Muscle.UpperTrapezius, Muscle.LevatorScapulae],
        [PainLocation.ForeheadTemples] = [Muscle.Temporalis, Muscle.Sternocleidomastoid, Muscle.UpperTrapezius],
        [PainLocation.JawFace] = [Muscle.Temporalis, Muscle.Masseter],
    };

    public const int MinMuscles = 2;
    public const int MaxMuscles = 4;

    /// <summary>
    /// Chooses 2–4 muscles from where it hurts. Neck or back-of-head pain always starts with the suboccipitals and
    /// upper trapezius. With no location the neck routine is used. Without <paramref name="sternocleidomastoid"/> (over 65)
    /// that muscle is never chosen (content.md §5).
    /// </summary>
    public static IReadOnlyList<Muscle> ChooseFor(IReadOnlyList<PainLocation> locations, bool sternocleidomastoid = true)
    {
        var chosen = new List<Muscle>(MaxMuscles);
        var neckFirst = locations.Count == 0 || locations.Contains(PainLocation.BackOfHeadNeck) || locations.Contains(PainLocation.AllOverBand);
        if (neckFirst)
        {
            chosen.Add(Muscle.Suboccipitals);
            chosen.Add(Muscle.UpperTrapezius);
        }

        // Round-robin over the locations so each one gets its most relevant muscle before any gets a second.
        IEnumerable<PainLocation> ordered = locations.Count == 0 ? [PainLocation.BackOfHeadNeck] : locations.Distinct().OrderBy(l => l);
        var lists = ordered.Select(l => ByLocation[l].Where(m => sternocleidomastoid || m != Muscle.Sternocleidomastoid).ToArray()).ToList();
        for (var rank = 0; rank < MaxMuscles && chosen.Count < MaxMuscles; rank++)
        {
            foreach (var list in lists)
            {
                if (rank < list.Length && !chosen.Contains(list[rank]) && chosen.Count < MaxMuscles)
                {
                    chosen.Add(list[rank]);
                }
            }
        }

        if (chosen.Count < MinMuscles)
        {
            foreach (var extra in new[] { Muscle.UpperTrapezius, Muscle.Suboccipitals })
            {
                if (!chosen.Contains(extra) && chosen.Count < MinMuscles)
                {
                    chosen.Add(extra);
                }
            }
        }

        return chosen;
    }
}
