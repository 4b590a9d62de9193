using BreatheBot.Core.Conversations;
using BreatheBot.Core.Episodes;
using BreatheBot.Core.Messaging;
using BreatheBot.Core.Tests.Support;

namespace BreatheBot.Core.Tests.Conversations;

/// <summary>
/// content.md §2 "Every personal flow is screened": a flow must never offer breath-holds or massage to someone who has
/// not answered the screen that rules them out. This walks every entry path (commands, deep links, the menu; with and
/// without a recent emergency flag) pressing every button offered (and a typed bare "1" at every step), and checks the
/// path itself, not the engine's own flags: holds only after "None of these" on both tiers (or, in practice, "No" to
/// the breath-hold question); massage only after "None of these" on both tiers and never within the emergency pause.
/// </summary>
public sealed class EveryEntryScreenedTests
{
    private static readonly string[][] EntryPaths =
    [
        ["/headache"], ["/breathe"], ["/points"], ["/start headache"], ["/start breathe"], ["/start points"],
        ["press:m:headache"], ["press:m:breathe"], ["press:m:points"],
    ];

    /// <summary>What the person has answered on this path.</summary>
    private sealed record PathFacts(bool EmergencyNone, bool SameDayNone, bool Practice, bool HoldsNo, bool AnyYes);

    private sealed record Node(ConversationState State, UserProfile? Profile, PathFacts Facts, int Depth, string Trail);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void No_entry_path_offers_breath_holds_or_massage_before_the_screen_that_rules_them_out(bool recentEmergency)
    {
        var chat = new EngineDriver();
        var failures = new List<string>();
        var reachedHolds = 0;
        var reachedMassage = 0;
        var visited = new HashSet<string>();
        var stack = new Stack<Node>();
        var profile = new UserProfile
        {
            UserKey = chat.Key.UserKey,
            FirstSeenAt = EngineDriver.Start.AddDays(-1),
            DisclaimerShownAt = EngineDriver.Start.AddDays(-1),
            LastEmergencyFlagAt = recentEmergency ? EngineDriver.Start.AddHours(-1) : null,
        };

        foreach (var entry in EntryPaths)
        {
            stack.Push(new Node(new IdleState(), profile, new PathFacts(false, false, false, false, false), 0, string.Join(" ", entry)));
            var first = stack.Pop();
            var (state, replies, prof) = Step(chat, first.State, first.Profile, entry[0]);
            Check(first.Facts, replies, first.Trail);
            Push(new Node(state, prof, first.Facts, 1, first.Trail), replies);
        }

        while (stack.Count > 0)
        {
            var node = stack.Pop();
            if (node.Depth > 30)
            {
                continue;
            }

            foreach (var action in ActionsFor(node))
            {
                var facts = Learn(node.Facts, action);
                var (state, replies, prof) = Step(chat, node.State, node.Profile, action);
                var trail = node.Trail + " > " + action;
                Check(facts, replies, trail);
                Push(new Node(state, prof, facts, node.Depth + 1, trail), replies);
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(10)));
        Assert.True(reachedHolds > 0, "the walk reached a breath-hold offer; steps seen: " + string.Join(",", visited.Select(v => v.Split('|')[0]).Distinct()));
        if (!recentEmergency)
        {
            Assert.True(reachedMassage > 0, "the walk reached the massage steps");
        }

        void Check(PathFacts facts, IReadOnlyList<Reply> replies, string trail)
        {
            var offersHolds = replies.SelectMany(EngineDriver.ChoicesOf).Any(c => c.Id is "bp:1" or "bp:2");
            var offersMassage = replies.Any(r => r.Key is "points.contraindications" or "points.step" or "points.offer");
            var screened = facts.EmergencyNone && facts.SameDayNone && !facts.AnyYes;
            if (offersHolds)
            {
                reachedHolds++;
                if (!(screened || (facts.Practice && facts.HoldsNo)))
                {
                    failures.Add("breath-holds offered unscreened: " + trail);
                }
            }

            if (offersMassage)
            {
                reachedMassage++;
                if (!screened || facts.Practice || recentEmergency)
                {
                    failures.Add("massage offered unscreened: " + trail);
                }
            }
        }

        void Push(Node node, IReadOnlyList<Reply> replies)
        {
            var key = $"{node.State.StepName}|{node.Facts}|{Selected(node.State)}|{string.Join(",", replies.SelectMany(EngineDriver.ChoicesOf).Select(c => c.Id))}";
            if (node.State is not IdleState and not FollowUpPendingState && visited.Add(key))
            {
                stack.Push(node);
                _lastChoices[node] = [.. replies.SelectMany(EngineDriver.ChoicesOf).Select(c => c.Id).Distinct()];
            }
        }
    }

    private readonly Dictionary<Node, List<string>> _lastChoices = new(ReferenceEqualityComparer.Instance);

    private IEnumerable<string> ActionsFor(Node node)
    {
        var choices = _lastChoices.TryGetValue(node, out var ids) ? ids : [];
        var numeric = 0;
        foreach (var id in choices)
        {
            var value = id[(id.IndexOf(':', StringComparison.Ordinal) + 1)..];
            if (value.All(char.IsAsciiDigit) && !id.StartsWith("bp:", StringComparison.Ordinal) && ++numeric > 2)
            {
                continue; // two values of a scale or list are enough to reach every next step
            }

            yield return "press:" + id;
        }

        yield return "1";
    }

    private static PathFacts Learn(PathFacts facts, string action) => action switch
    {
        "press:e:none" => facts with { EmergencyNone = true },
        "press:s:none" => facts with { SameDayNone = true },
        "press:bpu:practice" => facts with { Practice = true },
        "press:hc:no" => facts with { HoldsNo = true },
        "press:e:yes" or "press:s:yes" or "press:e:unsure" or "press:s:unsure" => facts with { AnyYes = true },
        _ => facts,
    };

    private static string Selected(ConversationState state) => state switch
    {
        LocationState s => string.Join(",", s.Selected),
        FeaturesState s => string.Join(",", s.Selected),
        TriggersState s => string.Join(",", s.Selected),
        MuscleState s => $"{s.Index}/{s.Side}/{s.Holding}",
        _ => string.Empty,
    };

    private static (ConversationState State, IReadOnlyList<Reply> Replies, UserProfile? Profile) Step(EngineDriver chat, ConversationState state, UserProfile? profile, string action)
    {
        var now = EngineDriver.Start;
        InboundEvent inbound = action.StartsWith("press:", StringComparison.Ordinal)
            ? new ChoiceSelected(chat.Key, ChatKind.Private, "100", now, null, action["press:".Length..]) { PromptId = state.PromptId }
            : action.StartsWith('/')
                ? new CommandReceived(chat.Key, ChatKind.Private, "100", now, null, action[1..].Split(' ')[0], action.Contains(' ', StringComparison.Ordinal) ? action[(action.IndexOf(' ', StringComparison.Ordinal) + 1)..] : null)
                : new TextReceived(chat.Key, ChatKind.Private, "100", now, null, action);
        var result = chat.Engine.Handle(state, inbound, profile, now);
        return (result.State, result.Replies, result.ProfileToSave ?? profile);
    }
}
