using System.Globalization;
using System.Text.Json.Nodes;

namespace BreatheBot.TelegramAdapter.Tests.Cluster;

/// <summary>
/// One person's committed replies (the outbox log, in sequence order) against what the fake showed in their chat (in
/// arrival order): each reply must be shown, in order; a pacer edit may be coalesced into a newer edit of its slot;
/// whatever is shown beyond the replies is a repeat, allowed only for a send in flight at the kill (its first showing
/// within <see cref="InFlightWindow"/> before the kill, its repeat after it).
/// </summary>
internal static class ReplyLedger
{
    /// <summary>A send shown this long before the kill may not have been marked sent yet: its repeat is "in flight".</summary>
    public static readonly TimeSpan InFlightWindow = TimeSpan.FromSeconds(2);

    /// <summary>
    /// <paramref name="deadNodesUnsent"/>: the dead node's rows still in the outbox right after the kill. A repeat of one of
    /// those is in flight at the kill whenever the fake recorded its first showing: a request the dead node wrote before
    /// its SIGKILL can be handled by a loaded fake after the test took the kill's time (seen in CI: 0 ms and 954 ms after),
    /// and the row, never marked sent, is then claimed and sent again by a live node.
    /// </summary>
    public static void Match(ClusterUser user, IReadOnlyList<CommittedReply> rows, IReadOnlyList<ClusterKillCheck.Shown> shown, DateTimeOffset killAt,
        IReadOnlySet<string> deadNodesUnsent, ClusterKillReport report)
    {
        var problemsBefore = report.Problems.Count;
        var expected = rows.Select(r => (Row: r, Payload: Read(r.Payload))).Where(r => r.Payload.Text is not null).ToList();
        var used = new bool[shown.Count];
        var rowShown = new string?[shown.Count]; // the row id each showing was matched to
        var pointer = 0;
        for (var i = 0; i < expected.Count; i++)
        {
            var (row, (type, text, slot)) = expected[i];
            var found = Find(shown, used, pointer, shown.Count, text!);
            if (found >= 0)
            {
                used[found] = true;
                rowShown[found] = row.Id;
                pointer = found + 1;
                if (type == "edit" && shown[found].Method.Equals("sendMessage", StringComparison.OrdinalIgnoreCase))
                {
                    report.EditsSentAsNewMessages++;
                }

                continue;
            }

            var earlier = Find(shown, used, 0, pointer, text!);
            if (earlier >= 0)
            {
                used[earlier] = true;
                report.OrderViolations++;
                report.Problems.Add(string.Create(CultureInfo.InvariantCulture, $"person {user.Index}: reply {row.Sequence} \"{First(text!)}\" was shown before an earlier reply"));
            }
            else if (type == "edit" && expected.Skip(i + 1).Any(e => e.Payload.Type == "edit" && e.Payload.Slot == slot))
            {
                report.EditsCoalesced++; // a newer edit of the same message went out instead
            }
            else
            {
                report.RepliesLost++;
                report.Problems.Add(string.Create(CultureInfo.InvariantCulture, $"person {user.Index}: reply {row.Sequence} \"{First(text!)}\" (committed {row.LoggedAt:HH:mm:ss.fff}) never reached Telegram"));
            }
        }

        for (var j = 0; j < shown.Count; j++)
        {
            if (used[j])
            {
                continue;
            }

            if (shown[j].Text.Contains("\nRound ", StringComparison.Ordinal))
            {
                // a pacer frame: since the pacer's phase edits go from memory (no outbox row), frames repeat by design
                report.PacerFramesFromMemory++;
                continue;
            }

            report.DuplicateSends++;
            var original = -1;
            for (var k = j - 1; k >= 0 && original < 0; k--)
            {
                original = used[k] && shown[k].Text == shown[j].Text ? k : -1;
            }

            var beforeKill = original >= 0 && shown[original].At <= killAt && shown[original].At >= killAt - InFlightWindow;
            var deadNodesUnsentRow = original >= 0 && rowShown[original] is { } id && deadNodesUnsent.Contains(id);
            if ((beforeKill || deadNodesUnsentRow) && shown[j].At >= killAt)
            {
                report.DuplicateSendsInFlight++;
                continue;
            }

            report.Problems.Add(original >= 0
                ? string.Create(CultureInfo.InvariantCulture, $"person {user.Index}: \"{First(shown[j].Text)}\" shown again at {shown[j].At:HH:mm:ss.fff} (first at {shown[original].At:HH:mm:ss.fff}; kill at {killAt:HH:mm:ss.fff})")
                : string.Create(CultureInfo.InvariantCulture, $"person {user.Index}: \"{First(shown[j].Text)}\" shown at {shown[j].At:HH:mm:ss.fff} matches no committed reply"));
        }

        if (report.Problems.Count > problemsBefore && report.Problems.Count(p => p.StartsWith("replies of person", StringComparison.Ordinal)) < 3)
        {
            List(user, rows, shown, report);
        }
    }

    private static void List(ClusterUser user, IReadOnlyList<CommittedReply> rows, IReadOnlyList<ClusterKillCheck.Shown> shown, ClusterKillReport report)
    {
        var lines = rows.Select(r => (At: r.LoggedAt, Line: string.Create(CultureInfo.InvariantCulture, $"    committed {r.LoggedAt:HH:mm:ss.fff} #{r.Sequence % 100000} {Read(r.Payload).Type} \"{First(Read(r.Payload).Text ?? string.Empty)}\"")))
            .Concat(shown.Select(s => (s.At, Line: string.Create(CultureInfo.InvariantCulture, $"    shown     {s.At:HH:mm:ss.fff} {s.Method}{(s.Ok ? string.Empty : " (not modified)")} \"{First(s.Text)}\""))))
            .Concat(user.Updates.Select(u => (u.At, Line: string.Create(CultureInfo.InvariantCulture, $"    person    {u.At:HH:mm:ss.fff} {u.Note}"))))
            .OrderBy(l => l.At)
            .Select(l => l.Line);
        report.Problems.Add(string.Create(CultureInfo.InvariantCulture, $"replies of person {user.Index} ({user.Plan}):\n") + string.Join('\n', lines));
    }

    private static int Find(IReadOnlyList<ClusterKillCheck.Shown> shown, bool[] used, int from, int to, string text)
    {
        for (var j = from; j < to; j++)
        {
            if (!used[j] && shown[j].Ok && shown[j].Text == text)
            {
                return j;
            }
        }

        return -1;
    }

    /// <summary>The payload's type, text and slot (text, edit and move replies carry text; the others are not matched).</summary>
    private static (string Type, string? Text, string? Slot) Read(string payload)
    {
        var json = JsonNode.Parse(payload)!.AsObject();
        var type = json["type"]?.GetValue<string>() ?? string.Empty;
        var text = type is "text" or "edit" or "move" ? json["text"]?.GetValue<string>() : null;
        return (type, text, json["slot"]?.GetValue<string>());
    }

    private static string First(string text) => text.Split('\n')[0];
}
