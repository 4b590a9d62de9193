using BreatheBot.Core.Cluster;
using BreatheBot.Storage.PostgreSql.Diagnostics;
using Microsoft.Extensions.Logging;

namespace BreatheBot.Storage.PostgreSql;

/// <summary>
/// Failed delivery attempts counted by every node together: one row per delivery that has failed, its count raised
/// by an upsert (<c>failures + 1 … RETURNING failures</c>: concurrent failures on two nodes get distinct numbers) and
/// deleted when the delivery is done. A count older than <see cref="Expiry"/> starts again at 1, and such rows are
/// deleted along with a write at most once per <see cref="PruneInterval"/> per node. Errors reach the caller (who
/// treats an unknown count as "may retry").
/// </summary>
public sealed class PostgreSqlDeliveryAttempts(PostgreSqlDiary diary, TimeProvider time, ILogger<PostgreSqlDeliveryAttempts> logger) : IDeliveryAttempts
{
    /// <summary>How long a count is kept after its last failure (Telegram keeps an unconfirmed update for a day).</summary>
    public static readonly TimeSpan Expiry = TimeSpan.FromDays(1);

    /// <summary>How often (at most) a node's write also deletes expired rows.</summary>
    public static readonly TimeSpan PruneInterval = TimeSpan.FromHours(1);

    private const string Upsert = """
        INSERT INTO delivery_attempts (platform, delivery_id, failures, last_failed_at) VALUES ($1, $2, 1, $3)
        ON CONFLICT (platform, delivery_id) DO UPDATE SET
            failures = CASE WHEN delivery_attempts.last_failed_at < $4 THEN 1 ELSE delivery_attempts.failures + 1 END,
            last_failed_at = EXCLUDED.last_failed_at
        RETURNING failures
        """;

    private long _nextPruneTicks = long.MinValue; // the first write of this node prunes

    public async ValueTask<int> FailedAsync(string platform, string deliveryId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(platform);
        ArgumentException.ThrowIfNullOrEmpty(deliveryId);
        var now = time.GetUtcNow();
        var expired = now - Expiry;
        await using var connection = await diary.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        int? pruned = null;
        if (TakePruneTurn(now))
        {
            await using var prune = Sql.Command(connection, null, "DELETE FROM delivery_attempts WHERE last_failed_at < $1", Sql.Instant(expired));
            pruned = await prune.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using var upsert = Sql.Command(connection, null, Upsert, Sql.Text(platform), Sql.Text(deliveryId), Sql.Instant(now), Sql.Instant(expired));
        var failures = (int)(await upsert.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        if (pruned > 0)
        {
            Log.DeliveryAttemptsPruned(logger, pruned.Value);
        }

        return failures;
    }

    public async ValueTask DoneAsync(string platform, string deliveryId, CancellationToken cancellationToken)
    {
        await using var command = diary.DataSource.CreateCommand("DELETE FROM delivery_attempts WHERE platform = $1 AND delivery_id = $2");
        command.Parameters.Add(Sql.Text(platform));
        command.Parameters.Add(Sql.Text(deliveryId));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>True for one caller once <see cref="PruneInterval"/> has passed since this node last pruned.</summary>
    private bool TakePruneTurn(DateTimeOffset now)
    {
        var due = Interlocked.Read(ref _nextPruneTicks);
        return now.UtcTicks >= due
            && Interlocked.CompareExchange(ref _nextPruneTicks, (now + PruneInterval).UtcTicks, due) == due;
    }
}
