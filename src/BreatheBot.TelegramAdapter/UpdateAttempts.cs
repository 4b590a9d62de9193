using System.Globalization;
using BreatheBot.Core.Cluster;
using BreatheBot.TelegramAdapter.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BreatheBot.TelegramAdapter;

/// <summary>
/// Counts failed attempts at handling each update (in <see cref="IDeliveryAttempts"/>: in memory with one node, shared
/// by every node in PostgreSQL mode), so that an update whose turn did not become durable is retried (not confirmed)
/// up to <see cref="TelegramOptions.MaxUpdateAttempts"/> times in all: a passing storage error loses nothing, and an
/// update that can never be handled cannot stop receiving for good. When the count itself cannot be reached the
/// update may be retried (an unknown count never gives an update up) and the failure is logged.
/// </summary>
internal sealed class UpdateAttempts(IDeliveryAttempts store, IOptions<TelegramOptions> options, ILogger<UpdateAttempts> logger)
{
    /// <summary>The platform name under which Telegram's update ids are counted.</summary>
    public const string Platform = "telegram";

    public int MaxAttempts => options.Value.MaxUpdateAttempts;

    /// <summary>Records a failed attempt; returns its number (1 for the first failure), or null when it could not be counted.</summary>
    public async Task<int?> FailedAsync(int updateId, CancellationToken cancellationToken)
    {
        try
        {
            return await store.FailedAsync(Platform, Id(updateId), cancellationToken).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // the count is advisory: whatever failed, the update stays unconfirmed and is retried
        catch (Exception ex)
#pragma warning restore CA1031
        {
            if (!cancellationToken.IsCancellationRequested)
            {
                Log.UpdateAttemptsUnreachable(logger, updateId, TelegramReceiver.Reason(ex), ex);
            }

            return null;
        }
    }

    /// <summary>True while <paramref name="attempt"/> (from <see cref="FailedAsync"/>) leaves another try; an unknown count does.</summary>
    public bool MayRetry(int? attempt) => attempt is not { } known || known < MaxAttempts;

    /// <summary>Forgets an update that was handled (or given up); a count that cannot be cleared expires on its own.</summary>
    public async Task DoneAsync(int updateId, CancellationToken cancellationToken)
    {
        try
        {
            await store.DoneAsync(Platform, Id(updateId), cancellationToken).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // the update is handled; a count left behind only expires later
        catch (Exception ex)
#pragma warning restore CA1031
        {
            if (!cancellationToken.IsCancellationRequested)
            {
                Log.UpdateAttemptsNotCleared(logger, updateId, TelegramReceiver.Reason(ex));
            }
        }
    }

    private static string Id(int updateId) => updateId.ToString(CultureInfo.InvariantCulture);

    /// <summary>The update stays unconfirmed: logged with its attempt number when it could be counted.</summary>
    internal static void LogRetry(ILogger logger, int updateId, int? attempt, int maxAttempts, Exception exception)
    {
        if (attempt is { } counted)
        {
            Log.UpdateWillBeRetried(logger, updateId, counted, maxAttempts, exception);
        }
        else
        {
            Log.UpdateWillBeRetriedUncounted(logger, updateId, exception);
        }
    }
}
