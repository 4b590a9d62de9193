namespace BreatheBot.DiscordAdapter.Tests.Fakes;

/// <summary>Tests that measure gaps between heartbeats run alone, so a loaded 2-core CI box does not skew them.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimingCollection
{
    public const string Name = "timing";
}
