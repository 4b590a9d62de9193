using Npgsql;

namespace BreatheBot.Benchmarks.ClusterLibraries;

/// <summary>
/// The scenario every library runs: each node owns <see cref="SessionsPerNode"/> pacer sessions; a session is a chain of
/// one-shot wake-ups every <see cref="Period"/> (a pacer phase), each fire scheduling the next. A fire records one row in
/// <c>fired</c> (the "turn"), which is how lateness, duplicates and broken chains are read afterwards.
/// </summary>
internal sealed record Scenario(
    string Library, string ConnectionString, int Node, int SessionsPerNode, DateTimeOffset Start, DateTimeOffset End,
    TimeSpan CheckinInterval, TimeSpan CheckinMisfireThreshold)
{
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(4);

    public string[] ToArgs() =>
    [
        $"{Library}-node", ConnectionString, Node.ToString(), SessionsPerNode.ToString(),
        Start.ToUnixTimeMilliseconds().ToString(), End.ToUnixTimeMilliseconds().ToString(),
        ((int)CheckinInterval.TotalMilliseconds).ToString(), ((int)CheckinMisfireThreshold.TotalMilliseconds).ToString(),
    ];

    public static Scenario FromArgs(string[] a) => new(
        a[0].Replace("-node", "", StringComparison.Ordinal), a[1], int.Parse(a[2]), int.Parse(a[3]),
        DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(a[4])), DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(a[5])),
        TimeSpan.FromMilliseconds(int.Parse(a[6])), TimeSpan.FromMilliseconds(int.Parse(a[7])));

    /// <summary>Session ids are global: node n owns n*10000 + i.</summary>
    public IEnumerable<int> OwnSessions() => Enumerable.Range(0, SessionsPerNode).Select(i => Node * 10_000 + i);

    /// <summary>The first due time of a session: phases spread evenly over one period, 3 s after the start.</summary>
    public DateTimeOffset FirstDue(int session) =>
        Start + TimeSpan.FromSeconds(3) + Period * ((session % 10_000) / (double)Math.Max(1, SessionsPerNode));

    /// <summary>
    /// The next due time after a fire: the next phase boundary still ahead (a late pacer skips the ticks it missed,
    /// as the real pacer computes its phase from the session's start), or null when the run is over.
    /// </summary>
    public (DateTimeOffset Due, int Seq)? Next(int seq, DateTimeOffset due, DateTimeOffset now)
    {
        var next = due + Period;
        var nextSeq = seq + 1;
        while (next <= now)
        {
            next += Period;
            nextSeq++;
        }
        return next > End ? null : (next, nextSeq);
    }

    /// <summary>One fire's record, written with the database's clock so that all libraries are measured alike.</summary>
    public static async Task RecordAsync(NpgsqlConnection connection, NpgsqlTransaction? tx, string library, int session,
        int seq, DateTimeOffset due, int node, bool recovering)
    {
        await using var cmd = new NpgsqlCommand(
            "INSERT INTO fired (library, session, seq, due_at, fired_at, node, recovering) VALUES ($1, $2, $3, $4, clock_timestamp(), $5, $6)",
            connection, tx);
        cmd.Parameters.AddWithValue(library);
        cmd.Parameters.AddWithValue(session);
        cmd.Parameters.AddWithValue(seq);
        cmd.Parameters.AddWithValue(due);
        cmd.Parameters.AddWithValue(node);
        cmd.Parameters.AddWithValue(recovering);
        await cmd.ExecuteNonQueryAsync();
    }

    public const string FiredTable = """
        CREATE TABLE IF NOT EXISTS fired (
            library text NOT NULL, session int NOT NULL, seq int NOT NULL, due_at timestamptz NOT NULL,
            fired_at timestamptz NOT NULL, node int NOT NULL, recovering bool NOT NULL);
        CREATE TABLE IF NOT EXISTS sent (session int NOT NULL, seq int NOT NULL, sent_at timestamptz NOT NULL, node int NOT NULL);
        """;

    /// <summary>The platform's confirmation of a fire's reply (the send itself is not simulated: only its moment).</summary>
    public const string SentInsert = "INSERT INTO sent (session, seq, sent_at, node) VALUES ($1, $2, clock_timestamp(), $3)";
}
