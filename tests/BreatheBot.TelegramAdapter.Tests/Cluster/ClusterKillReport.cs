using System.Globalization;
using System.Text;

namespace BreatheBot.TelegramAdapter.Tests.Cluster;

/// <summary>How updates reach the nodes.</summary>
public enum ClusterIngress
{
    /// <summary>Telegram POSTs each update to a random node behind a load balancer (<see cref="WebhookBalancer"/>).</summary>
    Webhook,

    /// <summary>Long polling: one node holds the poller lease and polls for all; the kill takes that node.</summary>
    LeaderPoller,
}

/// <summary>How big a kill test is. Everything random (plans, answers, node choice) comes from <see cref="Seed"/>.</summary>
public sealed record ClusterKillOptions(ClusterIngress Ingress, int Seed)
{
    public int Nodes { get; init; } = 3;

    /// <summary>People who end early and wait for their follow-up (a wake-up a minute later).</summary>
    public int FollowUpUsers { get; init; } = 12;

    /// <summary>People breathing with the pacer (a wake-up per phase) when the node dies.</summary>
    public int PacerUsers { get; init; } = 12;

    /// <summary>People who start later and are mid-flow when the node dies.</summary>
    public int LateUsers { get; init; } = 12;

    /// <summary>
    /// The kill comes once half the follow-up people were told their episode is saved (their follow-ups are armed) and half
    /// the breathing people see their pacer, at the latest this long after the first /headache; it waits (up to a second)
    /// for an update in flight on the victim. The late people start when the first follow-up person is told "saved".
    /// </summary>
    public TimeSpan KillAt { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The killed node starts again this long after the kill (null: it stays dead).</summary>
    public TimeSpan? RestartAfter { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>A breathing person stops the pacer once it has shown this many ticks after the kill.</summary>
    public int PacerTicksAfterKill { get; init; } = 3;

    /// <summary>Conversation:FollowUpDelay for the nodes (its minimum).</summary>
    public TimeSpan FollowUpDelay { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>No person moving for this long ends the run: whoever is unfinished is stuck.</summary>
    public TimeSpan GiveUpAfter { get; init; } = TimeSpan.FromSeconds(75);

    /// <summary>Hard bound on the whole run.</summary>
    public TimeSpan Deadline { get; init; } = TimeSpan.FromMinutes(4);

    /// <summary>A started node must listen (webhook) or poll within this.</summary>
    public TimeSpan ReadyTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Multi-select questions are answered by ticking an option, then Done (the tick edits the question in place, on
    /// whichever node gets the press: every node must find the message the slot lives in); false: the first option typed
    /// in words (no edit).
    /// </summary>
    public bool TickMultiSelects { get; init; }

    /// <summary>The cluster lease of the Telegram poller (LeaderPoller only): the kill takes its holder.</summary>
    public string PollerLease { get; init; } = "telegram-poller:" + Fakes.FakeTelegramServer.BotId.ToString(CultureInfo.InvariantCulture);

    public int Users => FollowUpUsers + PacerUsers + LateUsers;
}

/// <summary>What a kill test found: counts that must be zero, and the figures (durations) for the record.</summary>
public sealed class ClusterKillReport
{
    public ClusterIngress Ingress { get; set; }

    public int Users { get; set; }

    public int Completed { get; set; }

    public int Stuck { get; set; }

    public int Nodes { get; set; }

    public int Victim { get; set; } = -1;

    public bool Killed { get; set; }

    public TimeSpan? RestartReady { get; set; }

    public int Updates { get; set; }

    public int UpdatesNeverAccepted { get; set; }

    public int UpdatesInFlightAtKill { get; set; }

    public int UpdatesRetriedOnAnotherNode { get; set; }

    public int LostTurns { get; set; }

    public int DuplicateTurns { get; set; }

    public int EpisodesSaved { get; set; }

    public int LostEpisodes { get; set; }

    public int EpisodeMismatches { get; set; }

    public int RepliesCommitted { get; set; }

    public int RepliesLost { get; set; }

    public int EditsCoalesced { get; set; }

    public int EditsSentAsNewMessages { get; set; }

    /// <summary>Pacer frames shown that have no outbox row (phase edits go from memory).</summary>
    public int PacerFramesFromMemory { get; set; }

    public int DuplicateSends { get; set; }

    public int DuplicateSendsInFlight { get; set; }

    public int OrderViolations { get; set; }

    public int UnsentAtEnd { get; set; }

    public int WaitingInOutboxAtKill { get; set; }

    public int TooManyRequests { get; set; }

    public int Violations { get; set; }

    public int MessagesSent { get; set; }

    /// <summary>Per affected person (waiting for a reply the dead node owed): from the kill to their next reply.</summary>
    public List<TimeSpan> FailoverGaps { get; } = [];

    /// <summary>Wake-ups the dead node had armed: from their due time to the reply they caused.</summary>
    public List<(string Kind, TimeSpan Late)> DeadNodeTimers { get; } = [];

    /// <summary>Wake-ups on the live nodes due in the same window, for comparison.</summary>
    public List<TimeSpan> LiveNodeTimers { get; } = [];

    /// <summary>Dead-node wake-ups that never caused a reply.</summary>
    public int TimersNeverFired { get; set; }

    public TimeSpan Duration { get; set; }

    public List<string> Problems { get; } = [];

    /// <summary>The invariants. Durations are figures, except that a dead node's wake-up must fire at all.</summary>
    public bool Passed =>
        Killed && Completed == Users && Stuck == 0 && UpdatesNeverAccepted == 0 && LostTurns == 0 && DuplicateTurns == 0
        && LostEpisodes == 0 && EpisodeMismatches == 0 && RepliesLost == 0 && DuplicateSends == DuplicateSendsInFlight
        && OrderViolations == 0 && UnsentAtEnd == 0 && TooManyRequests == 0 && Violations == 0 && TimersNeverFired == 0;

    public override string ToString()
    {
        var text = new StringBuilder();
        void Line(string line) => text.AppendLine(line);
        Line(Invariant($"cluster kill test ({Ingress}): {Nodes} nodes on one PostgreSQL database, SIGKILL of node {Victim + 1}{(RestartReady is { } r ? $", restarted (listening again {r.TotalSeconds:F1} s after the kill)" : ", not restarted")}"));
        Line(Invariant($"people:                   {Completed}/{Users} finished, {Stuck} stuck"));
        Line(Invariant($"updates:                  {Updates}; in flight on the dead node at the kill: {UpdatesInFlightAtKill}; retried on another node: {UpdatesRetriedOnAnotherNode}; never accepted: {UpdatesNeverAccepted}"));
        Line(Invariant($"lost turns:               {LostTurns}; duplicate turns: {DuplicateTurns}"));
        Line(Invariant($"episodes:                 {EpisodesSaved} saved; lost: {LostEpisodes}; people without exactly the expected episode: {EpisodeMismatches}"));
        Line(Invariant($"replies committed:        {RepliesCommitted} (outbox rows); messages sent: {MessagesSent}; waiting in the outbox at the kill: {WaitingInOutboxAtKill}"));
        Line(Invariant($"lost replies:             {RepliesLost}; unsent at the end: {UnsentAtEnd}; per-person order violations: {OrderViolations}"));
        Line(Invariant($"duplicate sends:          {DuplicateSends} (in flight at the kill: {DuplicateSendsInFlight}); pacer edits coalesced: {EditsCoalesced}; edits shown as a new message: {EditsSentAsNewMessages}; pacer frames sent from memory: {PacerFramesFromMemory}"));
        Line(Invariant($"failover gap:             {Figures(FailoverGaps)} over {FailoverGaps.Count} people waiting on the dead node"));
        Line(Invariant($"dead node's timers late:  {Figures([.. DeadNodeTimers.Select(t => t.Late)])} over {DeadNodeTimers.Count} ({string.Join(", ", DeadNodeTimers.GroupBy(t => t.Kind).Select(g => $"{g.Key} {g.Count()}: max {g.Max(t => t.Late).TotalSeconds:F2} s"))}); never fired: {TimersNeverFired}"));
        Line(Invariant($"live nodes' timers late:  {Figures(LiveNodeTimers)} over {LiveNodeTimers.Count}"));
        Line(Invariant($"429 from the fake:        {TooManyRequests}; Bot API violations: {Violations}"));
        Line(Invariant($"duration:                 {Duration.TotalSeconds:F1} s"));
        foreach (var problem in Problems.Take(40))
        {
            Line("  ! " + problem);
        }

        if (Problems.Count > 40)
        {
            Line(Invariant($"  ! ... and {Problems.Count - 40} more"));
        }

        text.Append(Passed ? "result: PASS" : "result: FAIL");
        return text.ToString();
    }

    /// <summary>"p50 x s, p99 y s, max z s" (nearest rank), or "-".</summary>
    public static string Figures(IReadOnlyList<TimeSpan> values)
    {
        if (values.Count == 0)
        {
            return "-";
        }

        var sorted = values.Order().ToList();
        TimeSpan Rank(double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
        return Invariant($"p50 {Rank(0.5).TotalSeconds:F2} s, p99 {Rank(0.99).TotalSeconds:F2} s, max {sorted[^1].TotalSeconds:F2} s");
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
