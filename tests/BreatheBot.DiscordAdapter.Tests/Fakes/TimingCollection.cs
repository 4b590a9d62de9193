namespace BreatheBot.DiscordAdapter.Tests.Fakes;

/// <summary>Tests that measure gaps between heartbeats run alone, so a loaded 2-core CI box does not skew them.</summary>
/// The fake Discord runs in this process and shares its thread pool with the test runner (which blocks some pool threads
/// on a 2-core box); a few spare threads let the fake observe beats when they are sent. The adapter's own heartbeat and
/// handler threads are dedicated and do not need this.
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimingCollection : ICollectionFixture<TimingCollection.PoolHeadroom>
{
    public const string Name = "timing";

    public sealed class PoolHeadroom
    {
        public PoolHeadroom()
        {
            ThreadPool.GetMinThreads(out var workers, out var io);
            ThreadPool.SetMinThreads(Math.Max(workers, 16), Math.Max(io, 16));
        }
    }
}
