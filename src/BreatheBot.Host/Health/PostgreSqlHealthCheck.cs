using System.Globalization;
using BreatheBot.Storage.PostgreSql;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace BreatheBot.Host.Health;

/// <summary>
/// The PostgreSQL diary answers: a connection from the pool runs <c>SELECT 1</c> within 5 s. Unhealthy names the
/// server (host, port, database), never the connection string.
/// </summary>
internal sealed class PostgreSqlHealthCheck(PostgreSqlDiary diary, TimeProvider time) : IHealthCheck
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var started = time.GetTimestamp();
        try
        {
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(Timeout);
            await using var command = diary.DataSource.CreateCommand("SELECT 1");
            await command.ExecuteScalarAsync(limit.Token).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"the {diary.Describe()} did not answer within {Timeout.TotalSeconds:0} s ({exception.GetType().Name})");
        }

        var elapsed = time.GetElapsedTime(started);
        return HealthCheckResult.Healthy(
            string.Create(CultureInfo.InvariantCulture, $"the {diary.Describe()} answered in {elapsed.TotalMilliseconds:0.#} ms"),
            new Dictionary<string, object> { ["queryMs"] = Math.Round(elapsed.TotalMilliseconds, 1) });
    }
}
