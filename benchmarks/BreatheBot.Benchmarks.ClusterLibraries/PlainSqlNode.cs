using Npgsql;

namespace BreatheBot.Benchmarks.ClusterLibraries;

/// <summary>
/// The plain-SQL design of issue 15, cut down to its wake-ups: one row per session holding its next due time (as
/// conversations.wake_at); the node that commits a wake-up arms a local timer for it; every node sweeps every second for
/// wake-ups overdue by more than one second and claims them with FOR UPDATE SKIP LOCKED. A fire is one statement: the row
/// moves to the next phase only if it still holds the fired (seq, due), so a timer that lost the race is a no-op.
/// </summary>
internal sealed class PlainSqlNode(Scenario s)
{
    public const string Schema = """
        CREATE TABLE IF NOT EXISTS wake (session int PRIMARY KEY, seq int NOT NULL, due_at timestamptz NOT NULL, node int NOT NULL);
        CREATE INDEX IF NOT EXISTS wake_due ON wake (due_at);
        CREATE TABLE IF NOT EXISTS outbox (id bigserial PRIMARY KEY, session int NOT NULL, seq int NOT NULL, node int NOT NULL,
            created_at timestamptz NOT NULL DEFAULT clock_timestamp());
        """;

    // Sending a reply: the row goes when the platform confirmed (here at once), in one statement with the confirmation.
    private const string SendOne = """
        WITH d AS (DELETE FROM outbox WHERE id = $1 RETURNING session, seq)
        INSERT INTO sent (session, seq, sent_at, node) SELECT session, seq, clock_timestamp(), $2 FROM d
        """;

    // A dead node's replies: rows older than the grace, claimed with SKIP LOCKED (the lead's design uses the node lease).
    private const string SendOrphans = """
        WITH d AS (DELETE FROM outbox WHERE id IN (
            SELECT id FROM outbox WHERE created_at < clock_timestamp() - interval '1 second' FOR UPDATE SKIP LOCKED LIMIT 200)
            RETURNING session, seq)
        INSERT INTO sent (session, seq, sent_at, node) SELECT session, seq, clock_timestamp(), $1 FROM d
        """;

    // The turn: move the wake-up on and record the fire, in one transaction (one statement). $4/$5 = the next phase,
    // or NULL when the run is over (then the row is deleted).
    private const string FireOne = """
        WITH moved AS (
            UPDATE wake SET seq = $4, due_at = $5, node = $6
            WHERE session = $1 AND seq = $2 AND due_at = $3 AND $5 IS NOT NULL
            RETURNING session),
        ended AS (
            DELETE FROM wake WHERE session = $1 AND seq = $2 AND due_at = $3 AND $5 IS NULL RETURNING session)
        , rec AS (
            INSERT INTO fired (library, session, seq, due_at, fired_at, node, recovering)
            SELECT 'plain-sql', $1, $2, $3, clock_timestamp(), $6, $7 FROM (SELECT session FROM moved UNION ALL SELECT session FROM ended) x
            RETURNING session, seq)
        INSERT INTO outbox (session, seq, node) SELECT session, seq, $6 FROM rec RETURNING id
        """;

    private readonly NpgsqlDataSource _db = NpgsqlDataSource.Create(s.ConnectionString + ";Maximum Pool Size=20");

    public async Task RunAsync()
    {
        // This node's sessions: committed here, so armed here.
        await using (var batch = _db.CreateBatch())
        {
            foreach (var session in s.OwnSessions())
            {
                var cmd = new NpgsqlBatchCommand("INSERT INTO wake (session, seq, due_at, node) VALUES ($1, 0, $2, $3)");
                cmd.Parameters.AddWithValue(session);
                cmd.Parameters.AddWithValue(s.FirstDue(session));
                cmd.Parameters.AddWithValue(s.Node);
                batch.BatchCommands.Add(cmd);
            }
            if (batch.BatchCommands.Count > 0) await batch.ExecuteNonQueryAsync();
        }
        foreach (var session in s.OwnSessions()) Arm(session, 0, s.FirstDue(session));
        Console.WriteLine($"ready {s.Node}");

        var stopAt = s.End + TimeSpan.FromSeconds(6);
        using var tick = new PeriodicTimer(TimeSpan.FromSeconds(1));
        while (DateTimeOffset.UtcNow < stopAt && await tick.WaitForNextTickAsync())
        {
            try
            {
                await SweepAsync();
            }
            catch (NpgsqlException e)
            {
                Console.Error.WriteLine($"sweep failed: {e.Message}");
            }
        }
    }

    private void Arm(int session, int seq, DateTimeOffset due) => _ = Task.Run(async () =>
    {
        var wait = due - DateTimeOffset.UtcNow;
        if (wait > TimeSpan.Zero) await Task.Delay(wait);
        try
        {
            await FireAsync(session, seq, due, recovering: false);
        }
        catch (NpgsqlException e)
        {
            Console.Error.WriteLine($"fire failed: {e.Message}");
        }
    });

    private async Task FireAsync(int session, int seq, DateTimeOffset due, bool recovering)
    {
        var next = s.Next(seq, due, DateTimeOffset.UtcNow);
        await using var cmd = _db.CreateCommand(FireOne);
        cmd.Parameters.AddWithValue(session);
        cmd.Parameters.AddWithValue(seq);
        cmd.Parameters.AddWithValue(due);
        cmd.Parameters.AddWithValue(next?.Seq ?? seq);
        cmd.Parameters.Add(new NpgsqlParameter { Value = next is { } n ? n.Due : DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz });
        cmd.Parameters.AddWithValue(s.Node);
        cmd.Parameters.AddWithValue(recovering);
        if (await cmd.ExecuteScalarAsync() is long reply)
        {
            if (next is { } armed) Arm(session, armed.Seq, armed.Due);
            await SendAsync(reply);
        }
    }

    private async Task SendAsync(long reply)
    {
        await using var cmd = _db.CreateCommand(SendOne);
        cmd.Parameters.AddWithValue(reply);
        cmd.Parameters.AddWithValue(s.Node);
        await cmd.ExecuteNonQueryAsync();
    }

    // Claim what is overdue by more than the grace (its node is dead or slow), fire it here, arm the next phase here.
    private async Task SweepAsync()
    {
        await using var connection = await _db.OpenConnectionAsync();
        await using var tx = await connection.BeginTransactionAsync();
        var claimed = new List<(int Session, int Seq, DateTimeOffset Due)>();
        await using (var cmd = new NpgsqlCommand(
            "SELECT session, seq, due_at FROM wake WHERE due_at < now() - interval '1 second' ORDER BY due_at LIMIT 200 FOR UPDATE SKIP LOCKED",
            connection, tx))
        await using (var reader = await cmd.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync()) claimed.Add((reader.GetInt32(0), reader.GetInt32(1), reader.GetFieldValue<DateTimeOffset>(2)));
        }
        var rearm = new List<(int, int, DateTimeOffset)>();
        var replies = new List<long>();
        foreach (var (session, seq, due) in claimed)
        {
            var next = s.Next(seq, due, DateTimeOffset.UtcNow);
            await using var cmd = new NpgsqlCommand(FireOne, connection, tx);
            cmd.Parameters.AddWithValue(session);
            cmd.Parameters.AddWithValue(seq);
            cmd.Parameters.AddWithValue(due);
            cmd.Parameters.AddWithValue(next?.Seq ?? seq);
            cmd.Parameters.Add(new NpgsqlParameter { Value = next is { } n ? n.Due : DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz });
            cmd.Parameters.AddWithValue(s.Node);
            cmd.Parameters.AddWithValue(true);
            if (await cmd.ExecuteScalarAsync() is long reply)
            {
                replies.Add(reply);
                if (next is { } armed) rearm.Add((session, armed.Seq, armed.Due));
            }
        }
        await tx.CommitAsync();
        foreach (var (session, seq, due) in rearm) Arm(session, seq, due);
        foreach (var reply in replies) await SendAsync(reply);
        await using var orphans = _db.CreateCommand(SendOrphans);
        orphans.Parameters.AddWithValue(s.Node);
        await orphans.ExecuteNonQueryAsync();
    }
}
