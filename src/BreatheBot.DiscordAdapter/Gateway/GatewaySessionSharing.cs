using BreatheBot.DiscordAdapter.Model;
using BreatheBot.DiscordAdapter.State;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BreatheBot.DiscordAdapter.Gateway;

/// <summary>
/// Keeps a shard's gateway session (id, resume URL, last sequence) in the shared state while this node owns the shard,
/// so the node that takes it over next RESUMEs it: Discord then replays what was dispatched in between, and nothing sent
/// to the bot during the handover is lost. Only when the state is shared by several nodes
/// (<see cref="IDiscordStateStore.SharedAcrossNodes"/>); otherwise every call does nothing and a start identifies anew.
/// The sequence is written at most every <see cref="SaveInterval"/> and when the owner stops, so a killed owner's
/// successor may be replayed a few events the owner had already handled (the core's delivery ids drop those).
/// </summary>
internal sealed class GatewaySessionSharing(IDiscordStateStore store, IOptions<DiscordOptions> options, ILogger<GatewaySessionSharing> logger)
{
    internal static readonly TimeSpan SaveInterval = TimeSpan.FromSeconds(1);
    private GatewaySessionSnapshot? _saved;

    public bool Enabled => store.SharedAcrossNodes;

    /// <summary>The shard's key in the shared state, "id/count".</summary>
    public string ShardKey => FormattableString.Invariant($"{options.Value.ShardId}/{options.Value.ShardCount}");

    /// <summary>Takes the session the shard's last owner left (or none), replacing whatever this node had before.</summary>
    public async Task RestoreAsync(GatewaySession session, CancellationToken cancellationToken)
    {
        if (!Enabled)
        {
            return;
        }

        var state = await store.LoadAsync(cancellationToken).ConfigureAwait(false);
        var stored = state.Sessions?.GetValueOrDefault(ShardKey);
        var snapshot = stored is null ? GatewaySessionSnapshot.Empty : new GatewaySessionSnapshot(stored.SessionId, stored.ResumeUrl, stored.Sequence);
        session.Restore(snapshot);
        _saved = snapshot;
        Log.SessionRestored(logger, ShardKey, snapshot.CanResume, snapshot.LastSequence);
    }

    /// <summary>Writes the session when it changed since the last write.</summary>
    public async Task SaveAsync(GatewaySession session, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!Enabled)
        {
            return;
        }

        var snapshot = session.Snapshot();
        if (snapshot == _saved)
        {
            return;
        }

        var key = ShardKey;
        var now = time.GetUtcNow();
        await store.UpdateAsync(state =>
        {
            state.Sessions ??= new Dictionary<string, StoredGatewaySession>(StringComparer.Ordinal);
            if (snapshot.CanResume)
            {
                state.Sessions[key] = new StoredGatewaySession { SessionId = snapshot.SessionId, ResumeUrl = snapshot.ResumeUrl, Sequence = snapshot.LastSequence, SavedAt = now };
            }
            else
            {
                state.Sessions.Remove(key);
            }
        }, cancellationToken).ConfigureAwait(false);
        _saved = snapshot;
    }

    /// <summary>Saves every <see cref="SaveInterval"/> until cancelled (the lease is lost or the owner stops).</summary>
    public async Task RunAsync(GatewaySession session, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!Enabled)
        {
            return;
        }

        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(SaveInterval, time, cancellationToken).ConfigureAwait(false);
                await SaveAsync(session, time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Log.SessionNotSaved(logger, ShardKey, ex.GetType().Name); // the next round tries again
            }
        }
    }
}

internal static partial class Log
{
    [LoggerMessage(3561, LogLevel.Information, "Discord shard {Shard}: the shared state holds a resumable session: {Resumable} (sequence {Sequence})")]
    public static partial void SessionRestored(ILogger logger, string shard, bool resumable, int? sequence);

    [LoggerMessage(3562, LogLevel.Warning, "Discord shard {Shard}: the gateway session could not be written to the shared state ({ErrorType}); retried")]
    public static partial void SessionNotSaved(ILogger logger, string shard, string errorType);
}
