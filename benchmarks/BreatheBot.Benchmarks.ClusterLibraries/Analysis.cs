using System.Text;
using Npgsql;

namespace BreatheBot.Benchmarks.ClusterLibraries;

/// <summary>Reads a run's figures back from its <c>fired</c> table (lateness = the database clock at the fire's insert minus its due time).</summary>
internal static class Analysis
{
    public static async Task<string> ReportAsync(NpgsqlDataSource db, string lib, int sessions, DateTimeOffset start,
        DateTimeOffset end, DateTimeOffset? killed, string deadAcquired, int warmup)
    {
        var text = new StringBuilder();
        var total = await Row(db, "SELECT count(*), count(DISTINCT (session, seq)) FROM fired");
        text.AppendLine($"fires {total[0]}, distinct {total[1]}, fired twice {(long)total[0]! - (long)total[1]!}; " +
                        $"by node: {await Line(db, "SELECT string_agg(node || '=' || c, ' ' ORDER BY node) FROM (SELECT node, count(*) c FROM fired GROUP BY node) x")}");
        var kill = killed ?? end;
        // Steady state: from the end of the warm-up (JIT, pools, Roslyn) to the kill, first fires only.
        text.AppendLine($"lateness in normal operation, {warmup} s after the start to the kill (ms): " + await Lateness(db,
            $"NOT recovering AND due_at < $1 AND due_at >= '{start.AddSeconds(warmup):O}'::timestamptz", kill));
        if (killed is { } k)
        {
            text.AppendLine("lateness of fires due in the 15 s after the kill (ms): " +
                            await Lateness(db, "due_at >= $1 AND due_at < $1 + interval '15 seconds'", k));
            text.AppendLine("lateness after that (ms): " + await Lateness(db, "due_at >= $1 + interval '15 seconds'", k));
            // The dead node's wake-ups: the first fire after the kill of each session last fired by the dead node.
            text.AppendLine("first fire after the kill of sessions last fired by the dead node (ms): " + await Lateness(db, """
                (session, seq) IN (
                    SELECT f.session, min(f.seq) FROM fired f
                    WHERE f.due_at >= $1 AND f.session IN (
                        SELECT DISTINCT ON (session) session FROM fired WHERE fired_at < $1 ORDER BY session, fired_at DESC) 
                      AND (SELECT node FROM fired g WHERE g.session = f.session AND g.fired_at < $1 ORDER BY g.fired_at DESC LIMIT 1) = 1
                    GROUP BY f.session)
                """, k));
            text.AppendLine("lateness of fires marked recovering (Quartz: re-fired after the node died; plain SQL: claimed by a sweep) (ms): " +
                            await Lateness(db, "recovering AND $1 = $1", k));
            text.AppendLine($"fires marked recovering: {await Line(db, "SELECT count(*)::text FROM fired WHERE recovering")}" +
                            (deadAcquired.Length > 0 ? $"; Quartz fired-trigger rows of the dead node at the kill: {deadAcquired}" : ""));
        }
        if (lib != "quartz") // Quartz has no outbox: the replies would stay ours
        {
        text.AppendLine(await Line(db, """
            SELECT format('replies: fired %s, sent %s, lost %s, sent twice %s', (SELECT count(*) FROM fired),
                (SELECT count(*) FROM sent),
                (SELECT count(*) FROM fired f WHERE NOT EXISTS (SELECT 1 FROM sent t WHERE t.session = f.session AND t.seq = f.seq)),
                (SELECT count(*) - count(DISTINCT (session, seq)) FROM sent))
            """));
        text.AppendLine("reply latency, fire's insert to sent (ms): " + await Lateness(db, "$1 = $1", kill, Replies));
        text.AppendLine("reply latency, sent by another node than the fire's (ms): " + await Lateness(db, "f.node <> t.node AND $1 = $1", kill, Replies));
        }
        text.AppendLine("all fires (ms): " + await Lateness(db, "$1 = $1", kill));
        text.AppendLine("timeline, per 10 s of due time from the start (fires p50/max ms): " + await Line(db, $"""
            SELECT string_agg(format('%s:%s %s/%s', b * 10, n, p50, mx), '  ' ORDER BY b) FROM (
                SELECT floor(extract(epoch FROM due_at - '{start:O}'::timestamptz) / 10)::int b, count(*) n,
                       round(percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM fired_at - due_at) * 1000)::numeric) p50,
                       round(max(extract(epoch FROM fired_at - due_at) * 1000)) mx
                FROM fired GROUP BY 1) x
            """));
        await using (var cmd = db.CreateCommand("""
            SELECT count(*) FILTER (WHERE last_due < $1 - interval '8 seconds'),
                   coalesce(sum(max_seq + 1 - n), 0)::bigint, count(*)
            FROM (SELECT session, max(due_at) last_due, max(seq) max_seq, count(DISTINCT seq) n FROM fired GROUP BY session) x
            """))
        {
            cmd.Parameters.AddWithValue(end);
            await using var reader = await cmd.ExecuteReaderAsync();
            await reader.ReadAsync();
            text.Append($"sessions {reader.GetInt64(2)}/{sessions}, chains broken before the end {reader.GetInt64(0)}, ticks skipped (late) {reader.GetInt64(1)}");
        }
        return text.ToString();
    }

    private const string Fires = "SELECT extract(epoch FROM fired_at - due_at) * 1000 AS ms FROM fired WHERE {0}";

    private const string Replies =
        "SELECT extract(epoch FROM t.sent_at - f.fired_at) * 1000 AS ms FROM sent t JOIN fired f ON f.session = t.session AND f.seq = t.seq WHERE {0}";

    private static async Task<string> Lateness(NpgsqlDataSource db, string where, DateTimeOffset at, string source = Fires)
    {
        await using var cmd = db.CreateCommand($"""
            SELECT count(*), percentile_cont(0.5) WITHIN GROUP (ORDER BY ms), percentile_cont(0.99) WITHIN GROUP (ORDER BY ms),
                   max(ms), count(*) FILTER (WHERE ms > 1000)
            FROM ({string.Format(System.Globalization.CultureInfo.InvariantCulture, source, where)}) x
            """);
        cmd.Parameters.AddWithValue(at);
        await using var reader = await cmd.ExecuteReaderAsync();
        await reader.ReadAsync();
        return reader.GetInt64(0) == 0
            ? "n 0"
            : $"n {reader.GetInt64(0)}, p50 {reader.GetDouble(1):F0}, p99 {reader.GetDouble(2):F0}, max {reader.GetDecimal(3):F0}, >1 s {reader.GetInt64(4)}";
    }

    private static async Task<object?[]> Row(NpgsqlDataSource db, string sql)
    {
        await using var cmd = db.CreateCommand(sql);
        await using var reader = await cmd.ExecuteReaderAsync();
        await reader.ReadAsync();
        var values = new object?[reader.FieldCount];
        reader.GetValues(values!);
        return values;
    }

    private static async Task<string> Line(NpgsqlDataSource db, string sql)
    {
        await using var cmd = db.CreateCommand(sql);
        return (await cmd.ExecuteScalarAsync())?.ToString() ?? "";
    }
}
