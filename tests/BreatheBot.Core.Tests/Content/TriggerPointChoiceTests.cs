using BreatheBot.Core.Content;
using BreatheBot.Core.Episodes;

namespace BreatheBot.Core.Tests.Content;

public sealed class TriggerPointChoiceTests
{
    [Theory]
    [InlineData(new[] { PainLocation.BackOfHeadNeck }, new[] { Muscle.Suboccipitals, Muscle.UpperTrapezius, Muscle.LevatorScapulae })]
    [InlineData(new[] { PainLocation.ForeheadTemples }, new[] { Muscle.Temporalis, Muscle.Sternocleidomastoid, Muscle.UpperTrapezius })]
    [InlineData(new[] { PainLocation.JawFace }, new[] { Muscle.Temporalis, Muscle.Masseter })]
    [InlineData(new[] { PainLocation.BehindEyes }, new[] { Muscle.Suboccipitals, Muscle.Sternocleidomastoid })]
    [InlineData(new[] { PainLocation.OneSide }, new[] { Muscle.UpperTrapezius, Muscle.LevatorScapulae })]
    [InlineData(new[] { PainLocation.AllOverBand }, new[] { Muscle.Suboccipitals, Muscle.UpperTrapezius, Muscle.SpleniusCapitis })]
    [InlineData(new[] { PainLocation.JawFace, PainLocation.BackOfHeadNeck }, new[] { Muscle.Suboccipitals, Muscle.UpperTrapezius, Muscle.Temporalis, Muscle.Masseter })]
    [InlineData(new PainLocation[0], new[] { Muscle.Suboccipitals, Muscle.UpperTrapezius, Muscle.LevatorScapulae })]
    public void ChooseFor_location_follows_the_content_table(PainLocation[] locations, Muscle[] expected)
    {
        Assert.Equal(expected, TriggerPoints.ChooseFor(locations));
    }

    [Fact]
    public void ChooseFor_any_combination_gives_two_to_four_distinct_muscles_neck_first_when_neck_hurts()
    {
        var all = Enum.GetValues<PainLocation>();
        for (var mask = 1; mask < 1 << all.Length; mask++)
        {
            var locations = all.Where((_, i) => (mask & (1 << i)) != 0).ToArray();
            var muscles = TriggerPoints.ChooseFor(locations);
            Assert.InRange(muscles.Count, 2, 4);
            Assert.Equal(muscles.Count, muscles.Distinct().Count());
            if (locations.Contains(PainLocation.BackOfHeadNeck))
            {
                Assert.Equal([Muscle.Suboccipitals, Muscle.UpperTrapezius], muscles.Take(2));
            }
        }
    }
}
