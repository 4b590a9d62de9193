using System.Globalization;

namespace BreatheBot.TelegramAdapter.Tests.Cluster;

/// <summary>The kill itself: which node, when, what it left behind, and its restart.</summary>
public static partial class ClusterKillTest
{
    private sealed partial class Run
    {
        /// <summary>
        /// The victim: the node with the most armed wake-ups (webhook: the node that handled each person's last update) or
        /// the poller lease's holder.
        /// </summary>
        private async Task ChooseVictimAsync()
        {
            if (options.Ingress == ClusterIngress.LeaderPoller)
            {
                var holder = await database.LeaseHolderAsync(options.PollerLease);
                _victim = nodes.FindIndex(n => n.ApplicationName == holder);
                if (_victim < 0)
                {
                    report.Problems.Add($"no node holds the cluster lease '{options.PollerLease}': the leader poller is not there; node 1 is killed instead");
                    _victim = 0;
                }

                return;
            }

            var owners = Owners();
            var armed = (await database.ConversationsAsync()).Where(c => c.WakeAt is not null).Select(c => c.Key).ToHashSet();
            _victim = Enumerable.Range(0, nodes.Count)
                .OrderByDescending(n => _users.Count(u => owners.GetValueOrDefault(u.Chat, -1) == n && armed.Contains(u.Key.ToString())))
                .First();
        }

        /// <summary>SIGKILL to the victim; then a look at what it left: wake-ups and unsent replies.</summary>
        private async Task KillAsync()
        {
            foreach (var user in _users)
            {
                _callsAtKill[user] = user.BotCalls;
            }

            _ownerAtKill = options.Ingress == ClusterIngress.Webhook ? Owners() : _users.ToDictionary(u => u.Chat, _ => _victim);
            var victimNode = await database.NodeIdAsync(nodes[_victim].ApplicationName);
            _killAt = DateTimeOffset.UtcNow;
            var inFlight = balancer.InFlightOn(_victim);
            nodes[_victim].Kill();
            report.Killed = true;
            report.Victim = _victim;
            _conversationsAtKill = await database.ConversationsAsync();
            _unsentAtKill = await database.UnsentAsync();
            _deadNodesUnsentAtKill = victimNode is { } node ? await database.UnsentOfNodeAsync(node) : new HashSet<string>();
            log(string.Create(CultureInfo.InvariantCulture, $"killed {nodes[_victim].ApplicationName} at {(_killAt - _users[0].StartAt).TotalSeconds:F1} s: {_users.Count(u => u.Done)} people finished, {_unsentAtKill.Values.Sum()} replies waiting in the outbox ({(victimNode is null ? "the dead node's id not found" : _deadNodesUnsentAtKill.Count + " of them the dead node's")}), {inFlight} updates on their way into it"));
        }

        /// <summary>Webhook: per person, the node that accepted their last accepted update (it armed their wake-up).</summary>
        private Dictionary<long, int> Owners()
        {
            var deliveries = balancer.Deliveries;
            var owners = new Dictionary<long, int>();
            foreach (var user in _users)
            {
                var acked = user.Updates.Select(u => deliveries.GetValueOrDefault(u.UpdateId)).LastOrDefault(d => d?.AckedBy is not null);
                if (acked?.AckedBy is { } node)
                {
                    owners[user.Chat] = node;
                }
            }

            return owners;
        }

        private async Task RestartAsync()
        {
            var node = nodes[_victim];
            node.Start();
            if (await node.WaitReadyAsync(server, options.ReadyTimeout))
            {
                report.RestartReady = DateTimeOffset.UtcNow - _killAt;
            }
            else
            {
                report.Problems.Add($"{node.ApplicationName} did not get ready after its restart: {node.OutputTail()}");
            }
        }
    }
}
