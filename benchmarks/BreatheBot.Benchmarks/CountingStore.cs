using BreatheBot.Core.Cluster;
using BreatheBot.Core.Conversations;
using BreatheBot.Core.Episodes;
using BreatheBot.Core.Outbox;
using BreatheBot.Core.Storage;

namespace BreatheBot.Benchmarks;

/// <summary>What a node asked its store to make durable (pgnodes, pgpacer), counted by <see cref="CountingStore"/>.</summary>
internal sealed class WriteCounts
{
    private long _turnCommits;
    private long _plainCommits;
    private long _markSentCalls;
    private long _rowsDeleted;
    private long _rowsWritten;
    private long _outboxRows;
    private long _turnLocks;
    private long _sweepQueries;

    /// <summary>Commits of turns holding the cluster lock (<see cref="ILockedTurn.CommitAsync"/>).</summary>
    public long TurnCommits => Interlocked.Read(ref _turnCommits);

    /// <summary>Commits without the cluster lock (<see cref="IConversationStore.CommitAsync"/>).</summary>
    public long PlainCommits => Interlocked.Read(ref _plainCommits);

    public long Commits => TurnCommits + PlainCommits;

    /// <summary><see cref="IOutboxStore.MarkSentAsync"/> calls: each is one DELETE in its own transaction.</summary>
    public long MarkSentCalls => Interlocked.Read(ref _markSentCalls);

    /// <summary>Outbox rows those calls delete.</summary>
    public long RowsDeleted => Interlocked.Read(ref _rowsDeleted);

    /// <summary>Rows inserted or updated by commits: the conversation, episodes, profile, check-in days, outbox entries.</summary>
    public long RowsWritten => Interlocked.Read(ref _rowsWritten);

    /// <summary>Of <see cref="RowsWritten"/>, the outbox entries.</summary>
    public long OutboxRows => Interlocked.Read(ref _outboxRows);

    /// <summary><see cref="IClusterStore.BeginTurnAsync"/> calls (lock + load).</summary>
    public long TurnLocks => Interlocked.Read(ref _turnLocks);

    /// <summary>The sweep's statements (orphaned outbox claim, overdue wake-ups): reads unless a node died.</summary>
    public long SweepQueries => Interlocked.Read(ref _sweepQueries);

    /// <summary>Transactions that must reach the WAL on disk before they return: commits and mark-sent deletes.</summary>
    public long DurableWrites => Commits + MarkSentCalls;

    public WriteSnapshot Snapshot() => new(TurnCommits, PlainCommits, MarkSentCalls, RowsWritten, RowsDeleted, OutboxRows, TurnLocks, SweepQueries);

    public void Committed(TurnCommit commit, bool locked)
    {
        Interlocked.Increment(ref locked ? ref _turnCommits : ref _plainCommits);
        var rows = 1 + commit.Episodes.Count + (commit.Profile is null ? 0 : 1) + commit.Days.Count + commit.Outbox.Count + commit.DeleteEpisodes.Count;
        Interlocked.Add(ref _rowsWritten, rows);
        Interlocked.Add(ref _outboxRows, commit.Outbox.Count);
    }

    public void MarkedSent(int rows)
    {
        Interlocked.Increment(ref _markSentCalls);
        Interlocked.Add(ref _rowsDeleted, rows);
    }

    public void Locked() => Interlocked.Increment(ref _turnLocks);

    public void Swept() => Interlocked.Increment(ref _sweepQueries);
}

/// <summary>The counters at one moment; the difference of two is what happened in between.</summary>
internal readonly record struct WriteSnapshot(long TurnCommits, long PlainCommits, long MarkSentCalls, long RowsWritten, long RowsDeleted, long OutboxRows, long TurnLocks, long SweepQueries)
{
    public long Commits => TurnCommits + PlainCommits;

    public static WriteSnapshot operator -(WriteSnapshot a, WriteSnapshot b) => new(
        a.TurnCommits - b.TurnCommits, a.PlainCommits - b.PlainCommits, a.MarkSentCalls - b.MarkSentCalls, a.RowsWritten - b.RowsWritten,
        a.RowsDeleted - b.RowsDeleted, a.OutboxRows - b.OutboxRows, a.TurnLocks - b.TurnLocks, a.SweepQueries - b.SweepQueries);
}

/// <summary>
/// Passes every call to the real store and counts the durable writes. This class on its own hides
/// <see cref="IClusterStore"/> from <see cref="ConversationService"/> (so a node runs without the cluster lock: the
/// single-node mode's in-process gate only); <see cref="CountingClusterStore"/> passes it on.
/// </summary>
internal class CountingStore(IConversationStore inner, WriteCounts counts) : IConversationStore, IOutboxStore
{
    protected IConversationStore Inner => inner;

    protected WriteCounts Counts => counts;

    public ValueTask<StoredConversation?> LoadAsync(ConversationKey key, CancellationToken cancellationToken) => inner.LoadAsync(key, cancellationToken);

    public ValueTask<IReadOnlyList<StoredConversation>> LoadScheduledAsync(CancellationToken cancellationToken) => inner.LoadScheduledAsync(cancellationToken);

    public ValueTask<UserProfile?> LoadProfileAsync(string userKey, CancellationToken cancellationToken) => inner.LoadProfileAsync(userKey, cancellationToken);

    public async ValueTask CommitAsync(TurnCommit commit, CancellationToken cancellationToken)
    {
        await inner.CommitAsync(commit, cancellationToken);
        counts.Committed(commit, locked: false);
    }

    public ValueTask<string> ResolvePersonAsync(string userKey, CancellationToken cancellationToken) => inner.ResolvePersonAsync(userKey, cancellationToken);

    public ValueTask<LinkCode?> FindLinkCodeAsync(string code, CancellationToken cancellationToken) => inner.FindLinkCodeAsync(code, cancellationToken);

    public ValueTask MoveChatAsync(ConversationKey from, ConversationKey to, CancellationToken cancellationToken) => inner.MoveChatAsync(from, to, cancellationToken);

    public ValueTask<IReadOnlyList<OutboxEntry>> LoadUnsentAsync(CancellationToken cancellationToken) => ((IOutboxStore)inner).LoadUnsentAsync(cancellationToken);

    public async ValueTask MarkSentAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        await ((IOutboxStore)inner).MarkSentAsync(ids, cancellationToken);
        counts.MarkedSent(ids.Count);
    }
}

/// <summary>As <see cref="CountingStore"/>, with the cluster lock: turns begin through the real store's lock.</summary>
internal sealed class CountingClusterStore(IConversationStore inner, WriteCounts counts) : CountingStore(inner, counts), IClusterStore
{
    private IClusterStore Cluster => (IClusterStore)Inner;

    public async ValueTask<ILockedTurn> BeginTurnAsync(ConversationKey key, CancellationToken cancellationToken)
    {
        var turn = await Cluster.BeginTurnAsync(key, cancellationToken);
        Counts.Locked();
        return new CountingTurn(turn, Counts);
    }

    public ValueTask<IReadOnlyList<ConversationKey>> FindOrphanedOutboxAsync(int limit, CancellationToken cancellationToken)
    {
        Counts.Swept();
        return Cluster.FindOrphanedOutboxAsync(limit, cancellationToken);
    }

    public ValueTask<IReadOnlyList<StoredConversation>> FindOverdueWakeUpsAsync(DateTimeOffset dueBefore, int limit, CancellationToken cancellationToken)
    {
        Counts.Swept();
        return Cluster.FindOverdueWakeUpsAsync(dueBefore, limit, cancellationToken);
    }

    private sealed class CountingTurn(ILockedTurn inner, WriteCounts counts) : ILockedTurn
    {
        public StoredConversation? Conversation => inner.Conversation;

        public IReadOnlyList<OutboxEntry> LeftOver => inner.LeftOver;

        public async ValueTask CommitAsync(TurnCommit commit, CancellationToken cancellationToken)
        {
            await inner.CommitAsync(commit, cancellationToken);
            counts.Committed(commit, locked: true);
        }

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
