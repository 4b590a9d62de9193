using System.Diagnostics;
using System.Globalization;
using BreatheBot.TelegramAdapter.Tests.Fakes;

namespace BreatheBot.TelegramAdapter.Tests.Cluster;

/// <summary>
/// The cluster kill test (issue 15): three real BreatheBot processes on one PostgreSQL database, the fake Bot API with
/// Telegram's limits enforced, many people through flows that arm wake-ups (breathing pacers, follow-ups); one node gets
/// SIGKILL mid-run and is started again a few seconds later. Afterwards the database and the fake's ledger are held
/// against each other (<see cref="ClusterKillCheck"/>). Definitions are in benchmarks/README.md ("Cluster kill test").
/// </summary>
public static partial class ClusterKillTest
{
    public static async Task<ClusterKillReport> RunAsync(ClusterKillOptions options, Action<string> log)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(log);
        var report = new ClusterKillReport { Ingress = options.Ingress, Users = options.Users, Nodes = options.Nodes };
        var folder = Directory.CreateTempSubdirectory("breathebot-cluster-kill-").FullName;
        var clock = Stopwatch.StartNew();
        try
        {
            await using var database = await ClusterDatabase.CreateAsync();
            await using var server = await FakeTelegramServer.StartAsync();
            server.LongPollCap = TimeSpan.FromSeconds(1);
            // Telegram's limits: 1 message per chat per interval (shortened here, as the nodes' own setting), 20 per minute
            // in a group, 30 per second for the token (the three nodes' shares add up to it)
            server.RateLimits = new FakeRateLimits(TimeSpan.FromMilliseconds(250), 20, 30, TimeSpan.FromMilliseconds(20));
            var nodes = Enumerable.Range(0, options.Nodes)
                .Select(i => new ClusterNode(i, options.Ingress, database.ConnectionString, server.BaseUrl, folder, options.FollowUpDelay))
                .ToList();
            using var balancer = new WebhookBalancer([.. nodes.Select(n => n.WebhookUri)], ClusterNode.WebhookSecret, options.Seed);
            if (options.Ingress == ClusterIngress.Webhook)
            {
                server.PushUpdate = balancer.Push;
            }

            try
            {
                var run = new Run(options, report, server, database, balancer, nodes, log);
                await run.ExecuteAsync();
                await ClusterKillCheck.VerifyAsync(run.Result(), report);
            }
            finally
            {
                foreach (var node in nodes)
                {
                    if (node.HasOutput && !report.Passed)
                    {
                        log($"{node.ApplicationName} wrote:\n{node.OutputTail()}");
                    }

                    node.Dispose(); // SIGKILL whatever still runs
                }
            }
        }
        finally
        {
            report.Duration = clock.Elapsed;
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
            }
        }

        return report;
    }

    /// <summary>Everything the checks need from a finished run.</summary>
    internal sealed record RunResult(
        ClusterKillOptions Options,
        FakeTelegramServer Server,
        ClusterDatabase Database,
        WebhookBalancer Balancer,
        IReadOnlyList<ClusterUser> Users,
        DateTimeOffset KillAt,
        int Victim,
        IReadOnlyDictionary<long, int> OwnerAtKill,
        IReadOnlyList<ConversationRow> ConversationsAtKill,
        IReadOnlyDictionary<string, int> UnsentAtKill,
        IReadOnlySet<string> DeadNodesUnsentAtKill);

    private sealed partial class Run(ClusterKillOptions options, ClusterKillReport report, FakeTelegramServer server, ClusterDatabase database,
        WebhookBalancer balancer, List<ClusterNode> nodes, Action<string> log)
    {
        private readonly Random _random = new(options.Seed);
        private readonly Dictionary<long, ClusterUser> _byChat = [];
        private readonly Dictionary<ClusterUser, int> _callsAtKill = [];
        private List<ClusterUser> _users = [];
        private DateTimeOffset _killAt;
        private int _victim = -1;
        private Dictionary<long, int> _ownerAtKill = [];
        private IReadOnlyList<ConversationRow> _conversationsAtKill = [];
        private IReadOnlyDictionary<string, int> _unsentAtKill = new Dictionary<string, int>();
        private IReadOnlySet<string> _deadNodesUnsentAtKill = new HashSet<string>();

        public RunResult Result() => new(options, server, database, balancer, _users, _killAt, _victim, _ownerAtKill, _conversationsAtKill, _unsentAtKill, _deadNodesUnsentAtKill);

        public async Task ExecuteAsync()
        {
            foreach (var node in nodes)
            {
                node.Start();
            }

            var ready = await Task.WhenAll(nodes.Select(n => n.WaitReadyAsync(server, options.ReadyTimeout)));
            if (ready.Contains(false))
            {
                report.Problems.Add("a node did not get ready: " + string.Join("; ", nodes.Where((n, i) => !ready[i]).Select(n => $"{n.ApplicationName}: {n.OutputTail()}")));
                return;
            }

            if (options.Ingress == ClusterIngress.Webhook)
            {
                // one turn on each node first: a process's first turn is slow (JIT, connections), and the test is not about that
                var warm = await Task.WhenAll(nodes.Select(n => balancer.PostToAsync(n.Index, server.UserTextUpdate(3_900_000 + n.Index, 3_900_000 + n.Index, "/start"), options.ReadyTimeout)));
                if (warm.Contains(false))
                {
                    report.Problems.Add("a node did not answer its warm-up update");
                    return;
                }
            }

            var start = DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(200);
            var index = 0;
            ClusterUser User(UserPlan plan, DateTimeOffset at) => new(index, 3_000_000 + index++, plan, at, new Random(_random.Next()), options.TickMultiSelects);
            _users =
            [
                .. Enumerable.Range(0, options.FollowUpUsers).Select(i => User(UserPlan.FollowUp, start + Stagger(i, options.FollowUpUsers, 3))),
                .. Enumerable.Range(0, options.PacerUsers).Select(i => User(UserPlan.Pacer, start + Stagger(i, options.PacerUsers, 3))),
                .. Enumerable.Range(0, options.LateUsers).Select(i => User(UserPlan.Late, DateTimeOffset.MaxValue)),
            ];
            foreach (var user in _users)
            {
                _byChat[user.Chat] = user;
            }

            server.CallCompleted = (call, _) =>
            {
                if (call.Ok && call.ChatId is { } chat && _byChat.TryGetValue(chat, out var user)
                    && (call.Method.StartsWith("send", StringComparison.OrdinalIgnoreCase) || call.Method.StartsWith("edit", StringComparison.OrdinalIgnoreCase)))
                {
                    user.Saw(call.At);
                }
            };
            log(string.Create(CultureInfo.InvariantCulture, $"cluster kill test ({options.Ingress}): {options.Nodes} nodes, {_users.Count} people, seed {options.Seed}"));

            await DriveAsync(start);
        }

        private async Task DriveAsync(DateTimeOffset start)
        {
            var lastMove = DateTimeOffset.UtcNow;
            var lastCalls = 0;
            Task? restart = null;
            DateTimeOffset? lateStart = null;
            var armedAt = DateTimeOffset.MaxValue;
            while (_users.Any(u => !u.Done))
            {
                var now = DateTimeOffset.UtcNow;
                if (now - start > options.Deadline)
                {
                    report.Problems.Add("deadline reached");
                    break;
                }

                var calls = _users.Sum(u => u.BotCalls);
                if (calls != lastCalls)
                {
                    (lastCalls, lastMove) = (calls, now);
                }

                if (now - lastMove > options.GiveUpAfter)
                {
                    report.Problems.Add(string.Create(CultureInfo.InvariantCulture, $"nothing moved for {options.GiveUpAfter.TotalSeconds:F0} s"));
                    break;
                }

                if (lateStart is null && _users.Any(u => (u.Plan == UserPlan.FollowUp && u.ToldSaved) || (options.FollowUpUsers == 0 && u.PacerSeen)))
                {
                    lateStart = now;
                    var late = _users.Where(u => u.Plan == UserPlan.Late).ToList();
                    for (var i = 0; i < late.Count; i++)
                    {
                        late[i].StartAt = now + Stagger(i, late.Count, 3);
                    }
                }

                if (_victim < 0 && (KillDue() || now - start >= options.KillAt))
                {
                    await ChooseVictimAsync();
                    armedAt = now;
                }

                // mid-request: with an update on its way into the victim (a turn running, or just committed), else after 3 s
                if (_victim >= 0 && !report.Killed
                    && (options.Ingress != ClusterIngress.Webhook || balancer.InFlightOn(_victim) > 0 || now - armedAt > TimeSpan.FromSeconds(3)))
                {
                    await KillAsync();
                }

                if (report.Killed && restart is null && options.RestartAfter is { } after && DateTimeOffset.UtcNow - _killAt >= after)
                {
                    restart = RestartAsync();
                }

                foreach (var user in _users)
                {
                    if (user.Step(server, now, StopPacer))
                    {
                        lastMove = now;
                    }
                }

                await Task.Delay(20);
            }

            if (restart is not null)
            {
                await restart;
            }

            report.Completed = _users.Count(u => u.Done && !u.WrapUpLost);
            report.Stuck = _users.Count(u => !u.Done);
            foreach (var stuck in _users.Where(u => !u.Done).Take(10))
            {
                var last = server.MessagesIn(stuck.Chat).LastOrDefault();
                report.Problems.Add(string.Create(CultureInfo.InvariantCulture, $"stuck: person {stuck.Index} ({stuck.Plan}), last bot message: {last?.PlainText.Split('\n')[0] ?? "(none)"}"));
            }

            foreach (var stuck in _users.Where(u => !u.Done).Take(2))
            {
                report.Problems.Add(Timeline(stuck));
            }

            // every update answered, every committed reply sent: then the books are closed
            await balancer.DrainAsync(TimeSpan.FromSeconds(15));
            await WaitForQuietAsync(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(20));
        }

        private bool KillDue() =>
            _users.Count(u => u.Plan == UserPlan.FollowUp && u.ToldSaved) * 2 >= options.FollowUpUsers
            && _users.Count(u => u.Plan == UserPlan.Pacer && u.PacerSeen) * 2 >= options.PacerUsers;

        private bool StopPacer(ClusterUser user) =>
            report.Killed && user.BotCalls - _callsAtKill.GetValueOrDefault(user) >= options.PacerTicksAfterKill;

        /// <summary>Waits until the nodes have sent nothing for <paramref name="quiet"/> (bounded by <paramref name="limit"/>).</summary>
        private async Task WaitForQuietAsync(TimeSpan quiet, TimeSpan limit)
        {
            var until = DateTimeOffset.UtcNow + limit;
            var calls = -1;
            var since = DateTimeOffset.UtcNow;
            while (DateTimeOffset.UtcNow < until)
            {
                var now = server.Calls.Count;
                if (now != calls)
                {
                    (calls, since) = (now, DateTimeOffset.UtcNow);
                }
                else if (DateTimeOffset.UtcNow - since >= quiet)
                {
                    return;
                }

                await Task.Delay(100);
            }
        }

        /// <summary>What the person sent (and where it went) and what the bot did in their chat, in time order.</summary>
        private string Timeline(ClusterUser user)
        {
            var deliveries = balancer.Deliveries;
            var lines = user.Updates.Select(u => (u.At, Line: string.Create(CultureInfo.InvariantCulture,
                    $"    person {u.At:HH:mm:ss.fff} update {u.UpdateId}: {u.Note} -> {string.Join(", ", deliveries.GetValueOrDefault(u.UpdateId)?.Attempts.Select(a => $"node {a.Node + 1} {a.Status} at {a.Ended:ss.fff}") ?? [])}")))
                .Concat(server.Calls.Where(c => c.ChatId == user.Chat).Select(c => (c.At, Line: string.Create(CultureInfo.InvariantCulture,
                    $"    bot    {c.At:HH:mm:ss.fff} {c.Method} {c.Status} \"{c.Text?.Split('\n')[0]}\" {c.Params["message_id"]} {c.Params["reply_markup"]?.ToJsonString().Length}"))))
                .OrderBy(l => l.At)
                .Select(l => l.Line);
            return string.Create(CultureInfo.InvariantCulture, $"timeline of person {user.Index} ({user.Plan}, chat {user.Chat}; kill at {_killAt:HH:mm:ss.fff}):\n") + string.Join('\n', lines);
        }

        private static TimeSpan Stagger(int i, int count, double seconds) => TimeSpan.FromSeconds(count <= 1 ? 0 : seconds * i / (count - 1));
    }
}
