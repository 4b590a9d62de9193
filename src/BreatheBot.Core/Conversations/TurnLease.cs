using BreatheBot.Core.Cluster;

namespace BreatheBot.Core.Conversations;

/// <summary>
/// What a turn holds while it runs and until the sender accepted its replies: the conversation's in-process gate and,
/// with a cluster store, its cluster-wide lock (<see cref="ILockedTurn"/>). Disposing releases both (the cluster lock
/// first), so the next turn of the conversation, on any node, starts after this one's replies are on their way.
/// </summary>
internal sealed class TurnLease(KeyedGate<ConversationKey>.Lease gate, ILockedTurn? locked) : IAsyncDisposable
{
    private int _disposed;

    public ILockedTurn? Locked => locked;

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        try
        {
            if (locked is not null)
            {
                await locked.DisposeAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            gate.Dispose();
        }
    }
}
