using System.Globalization;
using System.Net;
using BreatheBot.Core.Conversations;
using BreatheBot.Core.Episodes;
using BreatheBot.TelegramAdapter.Tests.Fakes;

namespace BreatheBot.TelegramAdapter.Tests.Cluster;

/// <summary>
/// The books of a kill test: the database (turns, episodes, the committed-reply log, the outbox) against the fake's
/// ledger (every call the nodes made) and the balancer's (every POST). See benchmarks/README.md ("Cluster kill test").
/// </summary>
internal static class ClusterKillCheck
{
    public static async Task VerifyAsync(ClusterKillTest.RunResult run, ClusterKillReport report)
    {
        var calls = run.Server.Calls;
        var byChat = ShownByChat(calls);
        CheckUpdates(run, report);
        await CheckTurnsAsync(run, report);
        await CheckEpisodesAsync(run, report);
        await CheckRepliesAsync(run, report, byChat);
        report.UnsentAtEnd = (await run.Database.UnsentAsync()).Values.Sum();
        report.WaitingInOutboxAtKill = run.UnsentAtKill.Values.Sum();
        if (report.Killed)
        {
            MeasureFailover(run, report, byChat);
            MeasureTimers(run, report, byChat);
        }

        report.MessagesSent = calls.Count(c => c.Ok && c.Method.Equals("sendMessage", StringComparison.OrdinalIgnoreCase));
        report.TooManyRequests = run.Server.TooManyRequestsCount;
        report.Violations = run.Server.Violations.Count;
        report.Problems.AddRange(calls.Select((c, i) => (Call: c, Index: i)).Where(c => c.Call.Status == 429).Take(5).Select(c => TooManyRequests(run, calls, c.Index)));
        report.Problems.AddRange(run.Server.Violations.Take(5).Select(v => "Bot API violation: " + v));
    }

    /// <summary>
    /// A 429 with what explains it: the limit the fake applied, the chat's last accepted call before it (how long before)
    /// and how many calls the fake accepted in the second before it, relative to the kill.
    /// </summary>
    private static string TooManyRequests(ClusterKillTest.RunResult run, IReadOnlyList<RecordedCall> calls, int index)
    {
        var call = calls[index];
        static bool Limited(RecordedCall c) => c.Ok && c.Method.ToUpperInvariant() is "SENDMESSAGE" or "EDITMESSAGETEXT" or "SENDPHOTO" or "SENDDOCUMENT";
        var previous = calls.Take(index).LastOrDefault(c => Limited(c) && c.ChatId == call.ChatId);
        var lastSecond = calls.Take(index).Count(c => Limited(c) && call.At - c.At < TimeSpan.FromSeconds(1));
        var sincePrevious = previous is null ? "none" : string.Create(CultureInfo.InvariantCulture, $"{previous.Method} {(call.At - previous.At).TotalMilliseconds:F0} ms before");
        return string.Create(CultureInfo.InvariantCulture,
            $"429 for {call.Method} in chat {call.ChatId} at {call.At:HH:mm:ss.fff} ({(call.At - run.KillAt).TotalSeconds:+0.00;-0.00} s from the kill): {call.Description}; the chat's last accepted call: {sincePrevious}; accepted in the second before: {lastSecond}; by limit: {string.Join(", ", run.Server.TooManyRequestsByLimit.Select(p => p.Key + " " + p.Value))}");
    }

    /// <summary>A send or edit the person saw (or a repeated edit Telegram absorbed as "not modified"), in the fake's order.</summary>
    internal sealed record Shown(int Order, string Method, string Text, DateTimeOffset At, bool Ok);

    private static Dictionary<long, List<Shown>> ShownByChat(IReadOnlyList<RecordedCall> calls)
    {
        var byChat = new Dictionary<long, List<Shown>>();
        for (var i = 0; i < calls.Count; i++)
        {
            var call = calls[i];
            var shown = call.Method.Equals("sendMessage", StringComparison.OrdinalIgnoreCase) || call.Method.Equals("editMessageText", StringComparison.OrdinalIgnoreCase);
            var absorbed = call.Status == 400 && call.Description?.Contains("not modified", StringComparison.Ordinal) == true;
            if (!shown || call.ChatId is not { } chat || !(call.Ok || absorbed))
            {
                continue;
            }

            if (!byChat.TryGetValue(chat, out var list))
            {
                byChat[chat] = list = [];
            }

            list.Add(new Shown(i, call.Method, WebUtility.HtmlDecode(call.Text ?? string.Empty), call.At, call.Ok));
        }

        return byChat;
    }

    private static void CheckUpdates(ClusterKillTest.RunResult run, ClusterKillReport report)
    {
        var deliveries = run.Balancer.Deliveries;
        report.Updates = run.Users.Sum(u => u.Updates.Count);
        if (run.Options.Ingress != ClusterIngress.Webhook)
        {
            return;
        }

        report.UpdatesNeverAccepted = deliveries.Values.Count(d => d.AckedBy is null);
        report.UpdatesRetriedOnAnotherNode = deliveries.Values.Count(d => d.Attempts.Select(a => a.Node).Distinct().Count() > 1);
        report.UpdatesInFlightAtKill = deliveries.Values.Count(d => d.Attempts.Any(a => a.Node == run.Victim && a.Started <= run.KillAt && a.Ended >= run.KillAt && !a.Ok));
        foreach (var never in deliveries.Values.Where(d => d.AckedBy is null).Take(5))
        {
            report.Problems.Add(string.Create(CultureInfo.InvariantCulture, $"update {never.UpdateId} (chat {never.Chat}) was never answered 200: {string.Join("; ", never.Attempts.TakeLast(3).Select(a => $"node {a.Node + 1}: {a.Status} {a.Error}"))}"));
        }
    }

    /// <summary>Every update a node accepted (webhook: answered 200; polling: every update) is a turn in the database, once.</summary>
    private static async Task CheckTurnsAsync(ClusterKillTest.RunResult run, ClusterKillReport report)
    {
        var rows = (await run.Database.ConversationsAsync()).ToDictionary(r => r.Key);
        var deliveries = run.Balancer.Deliveries;
        foreach (var user in run.Users)
        {
            var handled = rows.TryGetValue(user.Key.ToString(), out var row) ? row.RecentDeliveryIds : [];
            // the database keeps the last 64 delivery ids of a conversation: a longer one has only those checked
            for (var n = Math.Max(0, user.Updates.Count - ConversationService.RecentDeliveryIdsKept); n < user.Updates.Count; n++)
            {
                var (updateId, _, note) = user.Updates[n];
                var accepted = run.Options.Ingress != ClusterIngress.Webhook || deliveries.GetValueOrDefault(updateId)?.AckedBy is not null;
                if (accepted && !handled.Contains(updateId.ToString(CultureInfo.InvariantCulture)))
                {
                    report.LostTurns++;
                    report.Problems.Add(string.Create(CultureInfo.InvariantCulture, $"person {user.Index}'s message {n + 1} (update {updateId}, {note}) was accepted but its turn is not in the database"));
                }
            }

            foreach (var twice in handled.GroupBy(id => id).Where(g => g.Count() > 1))
            {
                report.DuplicateTurns++;
                report.Problems.Add($"person {user.Index}'s update {twice.Key} was handled {twice.Count()} times");
            }
        }
    }

    /// <summary>One episode per person, completed; follow-up people's follow-up answered; "saved" always means saved.</summary>
    private static async Task CheckEpisodesAsync(ClusterKillTest.RunResult run, ClusterKillReport report)
    {
        foreach (var user in run.Users)
        {
            var episodes = await run.Database.EpisodesAsync(user.Key.UserKey);
            var completed = episodes.Count(e => e.Status == EpisodeStatus.Completed);
            report.EpisodesSaved += completed;
            if (user.ToldSaved && completed == 0)
            {
                report.LostEpisodes++;
                report.Problems.Add(string.Create(CultureInfo.InvariantCulture, $"person {user.Index} was told the episode is saved, but the database has no completed episode"));
            }

            var followUpAnswered = user.Plan != UserPlan.FollowUp || episodes.Any(e => e.FollowUp == FollowUpStatus.Answered);
            if (user.Done && (episodes.Count != 1 || completed != 1 || !followUpAnswered))
            {
                report.EpisodeMismatches++;
                report.Problems.Add(string.Create(CultureInfo.InvariantCulture, $"person {user.Index} ({user.Plan}) has {episodes.Count} episodes, {completed} completed, follow-up {string.Join("/", episodes.Select(e => e.FollowUp))} (expected 1 completed{(user.Plan == UserPlan.FollowUp ? ", follow-up answered" : string.Empty)})"));
            }
        }
    }

    private static async Task CheckRepliesAsync(ClusterKillTest.RunResult run, ClusterKillReport report, Dictionary<long, List<Shown>> byChat)
    {
        var committed = (await run.Database.CommittedRepliesAsync()).GroupBy(r => r.Conversation).ToDictionary(g => g.Key, g => g.ToList());
        report.RepliesCommitted = committed.Values.Sum(r => r.Count);
        foreach (var user in run.Users)
        {
            var rows = committed.GetValueOrDefault(user.Key.ToString()) ?? [];
            var shown = byChat.GetValueOrDefault(user.Chat) ?? [];
            ReplyLedger.Match(user, rows, shown, run.KillAt, run.DeadNodesUnsentAtKill, report);
        }
    }

    /// <summary>
    /// The people waiting on the dead node at the kill (an update of theirs in flight there, or accepted there with its
    /// reply not yet shown): from the kill to the next thing the bot showed them.
    /// </summary>
    private static void MeasureFailover(ClusterKillTest.RunResult run, ClusterKillReport report, Dictionary<long, List<Shown>> byChat)
    {
        var deliveries = run.Balancer.Deliveries;
        foreach (var user in run.Users)
        {
            var last = user.Updates.LastOrDefault(u => u.At < run.KillAt);
            if (last.UpdateId == 0)
            {
                continue;
            }

            var shown = byChat.GetValueOrDefault(user.Chat) ?? [];
            var answered = shown.Any(s => s.At > last.At && s.At <= run.KillAt);
            bool affected;
            if (run.Options.Ingress == ClusterIngress.Webhook)
            {
                var delivery = deliveries.GetValueOrDefault(last.UpdateId);
                var inFlight = delivery?.Attempts.Any(a => a.Node == run.Victim && a.Started <= run.KillAt && a.Ended >= run.KillAt && !a.Ok) == true;
                var owed = delivery?.AckedBy == run.Victim && delivery.AckedAt <= run.KillAt && !answered;
                affected = inFlight || owed;
            }
            else
            {
                affected = !answered;
            }

            if (!affected)
            {
                continue;
            }

            var next = shown.FirstOrDefault(s => s.At > run.KillAt);
            if (next is null)
            {
                report.Problems.Add(string.Create(CultureInfo.InvariantCulture, $"person {user.Index} was waiting on the dead node and never got a reply"));
                continue;
            }

            report.FailoverGaps.Add(next.At - run.KillAt);
        }
    }

    /// <summary>
    /// The wake-ups armed at the kill (the database's wake_at then) that fall due within the run: from the due time to the
    /// first thing the bot showed in that chat. Those of the dead node (it handled the person's last update) are the figure;
    /// the live nodes' the comparison.
    /// </summary>
    private static void MeasureTimers(ClusterKillTest.RunResult run, ClusterKillReport report, Dictionary<long, List<Shown>> byChat)
    {
        var users = run.Users.ToDictionary(u => u.Key.ToString());
        var window = run.Options.FollowUpDelay + TimeSpan.FromSeconds(30);
        foreach (var row in run.ConversationsAtKill)
        {
            if (row.WakeAt is not { } due || due - run.KillAt > window || !users.TryGetValue(row.Key, out var user))
            {
                continue;
            }

            var kind = user.Plan == UserPlan.Pacer && due - run.KillAt < TimeSpan.FromSeconds(15) ? "pacer" : user.Plan == UserPlan.FollowUp ? "follow-up" : "other";
            var dead = run.OwnerAtKill.GetValueOrDefault(user.Chat, -1) == run.Victim;
            var fired = (byChat.GetValueOrDefault(user.Chat) ?? []).FirstOrDefault(s => s.Ok && s.At >= due);
            if (fired is null)
            {
                if (dead)
                {
                    report.TimersNeverFired++;
                    report.Problems.Add(string.Create(CultureInfo.InvariantCulture, $"person {user.Index}'s {kind} wake-up due {due:HH:mm:ss.fff} on the dead node never fired"));
                }

                continue;
            }

            var late = fired.At - due;
            if (dead)
            {
                report.DeadNodeTimers.Add((kind, late));
            }
            else
            {
                report.LiveNodeTimers.Add(late);
            }
        }
    }
}
