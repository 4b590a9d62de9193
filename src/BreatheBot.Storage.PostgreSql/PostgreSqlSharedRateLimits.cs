using BreatheBot.Core.Cluster;
using BreatheBot.Storage.PostgreSql.Diagnostics;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace BreatheBot.Storage.PostgreSql;

/// <summary>
/// Shared platform limits on PostgreSQL: a row of <c>rate_limits</c> per scope (migration 6). A take is ONE round trip,
/// one implicit transaction: a batch that creates missing bucket rows full, locks the request's rows in scope order,
/// then in one statement refills each by its rate since <c>refilled_at</c> and takes the permits from all of them only
/// if every bucket has enough and no scope is blocked. The clock is this node's <see cref="TimeProvider"/> (nodes keep
/// NTP time; a node ahead by d can give away at most d × rate extra permits once, as refilled_at never moves back).
/// A counted bucket (<see cref="RateBucket.Counted"/>) also keeps a row per granted request in <c>rate_limit_sends</c>
/// (migration 8), counted under the scope's row lock. When PostgreSQL cannot be reached in <see cref="Timeout"/>, the
/// take is granted and logged: the adapters' in-process limits still hold, and a platform 429 is retried as ever.
/// </summary>
public sealed class PostgreSqlSharedRateLimits(PostgreSqlDiary diary, TimeProvider time, ILogger<PostgreSqlSharedRateLimits> logger) : ISharedRateLimits
{
    /// <summary>The longest a take or a block waits for PostgreSQL before it gives up (and grants).</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How often this node deletes rows idle for <see cref="RateBucket.MaxRefill"/> (full buckets, nothing blocked) and
    /// counted requests a minute past counting.
    /// </summary>
    public static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(30);

    /// <summary>How soon to ask again when a counted bucket is full and its first request is still on its way.</summary>
    public static readonly TimeSpan InFlightRetry = TimeSpan.FromMilliseconds(100);

    private static readonly TimeSpan FailureLogInterval = TimeSpan.FromSeconds(30);

    // rows of the request's refilling and counted buckets that do not exist yet start full (and in scope order, as the
    // locks below)
    private const string EnsureRows = """
        INSERT INTO rate_limits (scope, tokens, refilled_at)
        SELECT q.scope, q.burst, $4
        FROM unnest($1::text[], $2::float8[], $3::float8[], $5::float8[], $6::float8[]) AS q(scope, rate, burst, win, hold)
        WHERE q.rate > 0 OR q.win > 0
        ORDER BY q.scope
        ON CONFLICT (scope) DO NOTHING
        """;

    // the request's rows locked in scope order (every take locks in this order: no deadlock), BEFORE the take's statement
    // starts: its snapshot then sees every row as last committed, and nobody can change them until this take commits
    private const string LockRows = "SELECT scope FROM rate_limits WHERE scope = ANY($1::text[]) ORDER BY scope FOR UPDATE";

    // all or nothing: granted when every token bucket has the permits (1e-9: a refill's rounding), every counted bucket
    // counts fewer requests than its limit and no scope is blocked. A grant is counted in each counted bucket as holder $8
    // until its hold passes (or its release). A refusal by a counted bucket says to ask again when its first request
    // stops counting, or in $9 when that one is still on its way (its release comes well before its hold, as a rule)
    private const string Take = """
        WITH q AS (
            SELECT * FROM unnest($1::text[], $2::float8[], $3::float8[], $5::float8[], $6::float8[]) AS q(scope, rate, burst, win, hold)
        ), cur AS (
            SELECT l.scope, q.rate, q.burst, q.win, q.hold, l.blocked_until, s.counted, s.next_free,
                   CASE WHEN q.rate > 0
                        THEN least(q.burst, l.tokens + q.rate * greatest(0, extract(epoch FROM $4 - l.refilled_at)::float8))
                   END AS available
            FROM rate_limits l JOIN q ON q.scope = l.scope
            CROSS JOIN LATERAL (
                SELECT count(*) AS counted,
                       min(CASE WHEN r.released THEN r.counted_until
                                ELSE least(r.counted_until, $4 + make_interval(secs => $9)) END) AS next_free
                FROM rate_limit_sends r
                WHERE q.win > 0 AND r.scope = l.scope AND r.counted_until > $4
            ) s
        ), verdict AS (
            SELECT coalesce(bool_and(blocked_until <= $4 AND (rate <= 0 OR available >= $7 - 1e-9) AND (win <= 0 OR counted + $7 <= burst)), true) AS granted
            FROM cur
        ), taken AS (
            UPDATE rate_limits l
            SET tokens = CASE WHEN c.rate > 0 THEN c.available - CASE WHEN v.granted THEN $7 ELSE 0 END ELSE l.tokens END,
                refilled_at = greatest(l.refilled_at, $4)
            FROM cur c CROSS JOIN verdict v
            WHERE l.scope = c.scope AND (c.rate > 0 OR c.win > 0)
        ), counted AS (
            INSERT INTO rate_limit_sends (scope, holder, counted_until)
            SELECT c.scope, $8, $4 + make_interval(secs => c.hold + c.win)
            FROM cur c CROSS JOIN verdict v
            WHERE v.granted AND c.win > 0
            ON CONFLICT (scope, holder) DO NOTHING
        )
        SELECT v.granted, c.scope,
               greatest(CASE WHEN c.blocked_until > $4 THEN extract(epoch FROM c.blocked_until - $4)::float8 ELSE 0 END,
                        CASE WHEN c.rate > 0 AND c.available < $7 THEN ($7 - c.available) / c.rate ELSE 0 END,
                        CASE WHEN c.win > 0 AND c.counted + $7 > c.burst THEN extract(epoch FROM c.next_free - $4)::float8 ELSE 0 END) AS wait
        FROM verdict v LEFT JOIN cur c ON NOT v.granted
        ORDER BY wait DESC NULLS LAST
        LIMIT 1
        """;

    // answered: each counted scope counts the request for its window from now
    private const string ReleaseSent = """
        UPDATE rate_limit_sends r
        SET counted_until = $3 + make_interval(secs => w.win), released = true
        FROM unnest($1::text[], $4::float8[]) AS w(scope, win)
        WHERE r.scope = w.scope AND r.holder = $2 AND w.win > 0
        """;

    // never made: the permit goes back
    private const string ReleaseUnsent = "DELETE FROM rate_limit_sends WHERE scope = ANY($1::text[]) AND holder = $2";

    private const string Block = """
        INSERT INTO rate_limits AS l (scope, tokens, refilled_at, blocked_until) VALUES ($1, 0, $2, $3)
        ON CONFLICT (scope) DO UPDATE SET blocked_until = greatest(l.blocked_until, excluded.blocked_until)
        """;

    // idle buckets, and counted requests a minute past counting (a release that late finds nothing: it counts no more)
    private const string Sweep = "DELETE FROM rate_limits WHERE refilled_at < $1 AND blocked_until < $2";
    private const string SweepSends = "DELETE FROM rate_limit_sends WHERE counted_until < $1";

    private readonly Lock _gate = new();
    private DateTimeOffset _nextSweep = DateTimeOffset.MinValue;
    private DateTimeOffset _lastFailureLog = DateTimeOffset.MinValue;
    private int _failuresNotLogged;

    public bool IsShared => true;

    public async ValueTask<RatePermit> TryTakeAsync(IReadOnlyList<RateBucket> buckets, int permits, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(buckets);
        ArgumentOutOfRangeException.ThrowIfLessThan(permits, 1);
        foreach (var bucket in buckets)
        {
            bucket.Validate(permits);
        }

        if (buckets.Count == 0)
        {
            return RatePermit.Grant;
        }

        var now = time.GetUtcNow();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            await using var connection = await diary.DataSource.OpenConnectionAsync(timeout.Token).ConfigureAwait(false);
            await using var batch = new NpgsqlBatch(connection);
            NpgsqlParameter[] Request() =>
            [
                Sql.TextArray(buckets.Select(b => b.Scope)),
                Doubles(buckets.Select(b => b.PerSecond)),
                Doubles(buckets.Select(b => b.Burst)),
                Sql.Instant(now),
                Doubles(buckets.Select(b => b.Window.TotalSeconds)),
                Doubles(buckets.Select(b => b.Hold.TotalSeconds)),
            ];
            var holder = buckets.Any(b => b.IsCounted) ? NewHolder() : 0;
            batch.BatchCommands.Add(Sql.BatchCommand(EnsureRows, Request()));
            batch.BatchCommands.Add(Sql.BatchCommand(LockRows, Sql.TextArray(buckets.Select(b => b.Scope))));
            batch.BatchCommands.Add(Sql.BatchCommand(Take,
                [.. Request(), Double(permits), Sql.Long(holder), Double(InFlightRetry.TotalSeconds)]));
            var sweeping = SweepDue(now);
            if (sweeping)
            {
                batch.BatchCommands.Add(Sql.BatchCommand(Sweep, Sql.Instant(now - RateBucket.MaxRefill), Sql.Instant(now)));
                batch.BatchCommands.Add(Sql.BatchCommand(SweepSends, Sql.Instant(now - TimeSpan.FromMinutes(1))));
            }

            RatePermit permit;
            await using (var reader = await batch.ExecuteReaderAsync(timeout.Token).ConfigureAwait(false))
            {
                await reader.NextResultAsync(timeout.Token).ConfigureAwait(false); // past the locked rows (the insert returns none)
                await reader.ReadAsync(timeout.Token).ConfigureAwait(false); // the take's one row
                permit = reader.GetBoolean(0)
                    ? RatePermit.Grant with { Holder = holder }
                    : RatePermit.Refuse(TimeSpan.FromSeconds(Math.Max(reader.GetDouble(2), 0.001)), reader.GetString(1));
                while (await reader.NextResultAsync(timeout.Token).ConfigureAwait(false))
                {
                }
            }

            if (sweeping && batch.BatchCommands[3].RecordsAffected > 0)
            {
                Log.RateLimitRowsSwept(logger, batch.BatchCommands[3].RecordsAffected); // idle buckets only: counted requests come and go all day
            }

            return permit;
        }
        catch (Exception exception) when (IsStoreFailure(exception, cancellationToken))
        {
            StoreFailed(exception, "take");
            return RatePermit.Grant;
        }
    }

    public async ValueTask BlockAsync(string scope, TimeSpan retryAfter, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(scope);
        if (retryAfter <= TimeSpan.Zero)
        {
            return;
        }

        var now = time.GetUtcNow();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            await using var connection = await diary.DataSource.OpenConnectionAsync(timeout.Token).ConfigureAwait(false);
            await using var command = Sql.Command(connection, null, Block, Sql.Text(scope), Sql.Instant(now), Sql.Instant(now + retryAfter));
            await command.ExecuteNonQueryAsync(timeout.Token).ConfigureAwait(false);
            Log.RateLimitBlockShared(logger, scope, (long)retryAfter.TotalMilliseconds);
        }
        catch (Exception exception) when (IsStoreFailure(exception, cancellationToken))
        {
            StoreFailed(exception, "block");
        }
    }

    public async ValueTask ReleaseAsync(IReadOnlyList<RateBucket> buckets, long holder, bool sent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(buckets);
        var counted = buckets.Where(b => b.IsCounted).ToList();
        if (holder == 0 || counted.Count == 0)
        {
            return; // nothing counted (no counted bucket, or granted while the store was away)
        }

        var now = time.GetUtcNow();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            await using var connection = await diary.DataSource.OpenConnectionAsync(timeout.Token).ConfigureAwait(false);
            var scopes = Sql.TextArray(counted.Select(b => b.Scope));
            await using var command = sent
                ? Sql.Command(connection, null, ReleaseSent, scopes, Sql.Long(holder), Sql.Instant(now), Doubles(counted.Select(b => b.Window.TotalSeconds)))
                : Sql.Command(connection, null, ReleaseUnsent, scopes, Sql.Long(holder));
            await command.ExecuteNonQueryAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception exception) when (IsStoreFailure(exception, cancellationToken))
        {
            StoreFailed(exception, "release");
        }
    }

    /// <summary>A random non-zero id for one granted request (unique among the requests counted at one time).</summary>
    private static long NewHolder()
    {
        long holder;
        do
        {
            holder = Random.Shared.NextInt64(long.MinValue, long.MaxValue);
        }
        while (holder == 0);
        return holder;
    }

    private static NpgsqlParameter Double(double value) => new() { NpgsqlDbType = NpgsqlDbType.Double, Value = value };

    private static NpgsqlParameter Doubles(IEnumerable<double> values) =>
        new() { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Double, Value = values.ToArray() };

    private static bool IsStoreFailure(Exception exception, CancellationToken caller) =>
        exception is NpgsqlException or TimeoutException or InvalidOperationException
        || (exception is OperationCanceledException && !caller.IsCancellationRequested);

    private bool SweepDue(DateTimeOffset now)
    {
        lock (_gate)
        {
            if (now < _nextSweep)
            {
                return false;
            }

            _nextSweep = now + SweepInterval;
            return true;
        }
    }

    /// <summary>Logs a failure at most once per <see cref="FailureLogInterval"/>, with how many were not logged since.</summary>
    private void StoreFailed(Exception exception, string operation)
    {
        var now = time.GetUtcNow();
        int skipped;
        lock (_gate)
        {
            if (now - _lastFailureLog < FailureLogInterval)
            {
                _failuresNotLogged++;
                return;
            }

            _lastFailureLog = now;
            skipped = _failuresNotLogged;
            _failuresNotLogged = 0;
        }

        Log.RateLimitStoreFailed(logger, exception, operation, skipped);
    }
}
