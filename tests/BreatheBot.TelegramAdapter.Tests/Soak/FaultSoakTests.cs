using System.Globalization;
using Xunit.Abstractions;

namespace BreatheBot.TelegramAdapter.Tests.Soak;

/// <summary>
/// B12 fault soak, short form for CI: 100 conversations through the real bot process, 3 SIGKILLs at seeded moments.
/// Since the durable outbox (issue 15) the invariant is "0 lost, duplicates only for sends in flight at a kill": every
/// conversation sees its wrap-up, the diary's outbox is empty at the end, and repeated sends are counted and bounded.
/// The long form is the same test with <c>BREATHEBOT_SOAK=long</c> (1,000 conversations, 20 kills); see
/// benchmarks/README.md. <c>BREATHEBOT_SOAK_SEED</c> replays another seed.
/// </summary>
[Collection(SoakCollection.Name)]
public sealed class FaultSoakTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Killing_the_bot_at_random_moments_loses_no_acknowledged_episode_and_no_reply_repeats_only_sends_in_flight_and_strands_no_conversation()
    {
        var mode = Environment.GetEnvironmentVariable("BREATHEBOT_SOAK");
        var seed = int.TryParse(Environment.GetEnvironmentVariable("BREATHEBOT_SOAK_SEED"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) ? s : 20261129;
        var options = string.Equals(mode, "long", StringComparison.OrdinalIgnoreCase)
            ? new SoakOptions(Conversations: 1000, Kills: 20, seed) { Concurrency = 50, Deadline = TimeSpan.FromMinutes(30) }
            : new SoakOptions(Conversations: 100, Kills: 3, seed);

        var report = await FaultSoak.RunAsync(options, output.WriteLine);
        output.WriteLine(report.ToString());

        Assert.True(report.Passed, report.ToString());
    }
}

/// <summary>The soak runs child processes and wants the machine to itself: never in parallel with other soak tests.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SoakCollection
{
    public const string Name = "Fault soak";
}
