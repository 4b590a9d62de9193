using System.Globalization;
using BreatheBot.TelegramAdapter.Tests.Soak;
using Xunit.Abstractions;

namespace BreatheBot.TelegramAdapter.Tests.Cluster;

/// <summary>
/// Cluster mode survives a node's death (issue 15): three real BreatheBot processes on one PostgreSQL database, 36 people
/// through flows with wake-ups (pacers, follow-ups), one node SIGKILLed mid-run and started again. Nothing is lost:
/// every accepted update is a turn in the database, every saved episode is there, every committed reply reaches
/// Telegram in order (repeats only for sends in flight at the kill), every wake-up of the dead node fires, and the
/// nodes never exceed Telegram's limits. The failover gap and the dead node's timer lateness are reported
/// (benchmarks/README.md, "Cluster kill test"). <c>BREATHEBOT_KILL_SEED</c> replays another seed;
/// <c>BREATHEBOT_KILL_TICKS=0</c> has people type their multi-select answers instead of ticking them.
/// </summary>
[Collection(SoakCollection.Name)]
public sealed class ClusterKillTests(ITestOutputHelper output)
{
    private static int Seed => int.TryParse(Environment.GetEnvironmentVariable("BREATHEBOT_KILL_SEED"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) ? s : 20261204;

    /// <summary>People tick multi-select options and press Done (each tick an edit of the question, on any node); 0: they type them.</summary>
    private static bool Ticks => Environment.GetEnvironmentVariable("BREATHEBOT_KILL_TICKS") != "0";

    [Fact]
    public async Task Killing_one_of_three_webhook_nodes_loses_no_turn_episode_or_reply_and_its_timers_fire_on_another_node()
    {
        var report = await ClusterKillTest.RunAsync(new ClusterKillOptions(ClusterIngress.Webhook, Seed) { TickMultiSelects = Ticks }, output.WriteLine);
        output.WriteLine(report.ToString());

        Assert.True(report.Passed, report.ToString());
    }

    /// <summary>
    /// The same with long polling: one node holds the poller lease and polls for all; the kill takes that node, another
    /// takes the lease over and polls from the last confirmed offset. Without follow-up people (the wake-ups are the
    /// pacers'), which keeps it a minute shorter.
    /// </summary>
    [Fact]
    public async Task Killing_the_leader_poller_of_three_nodes_loses_no_turn_episode_or_reply_and_another_node_polls()
    {
        var options = new ClusterKillOptions(ClusterIngress.LeaderPoller, Seed) { FollowUpUsers = 0, PacerUsers = 18, LateUsers = 18, TickMultiSelects = Ticks };

        var report = await ClusterKillTest.RunAsync(options, output.WriteLine);
        output.WriteLine(report.ToString());

        Assert.True(report.Passed, report.ToString());
    }
}
