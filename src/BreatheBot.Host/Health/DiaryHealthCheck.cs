using System.Globalization;
using BreatheBot.Storage.LiteDb;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace BreatheBot.Host.Health;

/// <summary>
/// The diary is alive and committing: its engine has not stopped itself, and an empty write goes through the single
/// writer thread and commits within <see cref="LiteDbOptions.LockTimeout"/>. So a stopped engine, a writer that has
/// been closed, and a writer thread that is stuck (or a disk too slow to commit) all report Unhealthy. The probe holds
/// the write lock for one empty transaction; it writes no document.
/// </summary>
internal sealed class DiaryHealthCheck(DiaryDatabase database, IOptions<LiteDbOptions> options, TimeProvider time) : IHealthCheck
{
    public const string Name = "storage";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (database.EngineStopped.IsCancellationRequested || database.StopCause is not null)
        {
            return Stopped();
        }

        var timeout = options.Value.LockTimeout;
        var started = time.GetTimestamp();
        try
        {
            await database.Writer.WriteAsync(static _ => { }, cancellationToken).WaitAsync(timeout, time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return HealthCheckResult.Unhealthy(string.Create(CultureInfo.InvariantCulture, $"the diary writer did not commit an empty write within {timeout.TotalSeconds:0.#} s (Storage:LockTimeout): it is stuck or the disk is too slow"));
        }
        catch (ObjectDisposedException)
        {
            return HealthCheckResult.Unhealthy("the diary writer has stopped (the database is closing)");
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return database.StopCause is not null
                ? Stopped()
                : HealthCheckResult.Unhealthy($"the diary writer failed an empty write ({exception.GetType().Name})");
        }

        var elapsed = time.GetElapsedTime(started);
        return HealthCheckResult.Healthy(
            string.Create(CultureInfo.InvariantCulture, $"the diary writer committed in {elapsed.TotalMilliseconds:0.#} ms"),
            new Dictionary<string, object> { ["commitMs"] = Math.Round(elapsed.TotalMilliseconds, 1) });
    }

    private HealthCheckResult Stopped() => HealthCheckResult.Unhealthy(
        $"the diary database engine has stopped ({database.StopCause?.GetType().Name ?? "unknown error"}); BreatheBot must restart");
}
