using System.Collections.Concurrent;
using BreatheBot.Core.Conversations;
using BreatheBot.Core.Diagnostics;
using BreatheBot.Core.Messaging;
using Microsoft.Extensions.Logging;

namespace BreatheBot.Core.Outbox;

/// <summary>
/// Hands a turn's replies to the platform's sender and, with a durable outbox (<see cref="IOutboxStore"/>), marks each
/// entry sent as soon as the sender confirms it: a crash then repeats at most the sends in flight, and loses none.
/// Holds the conversation's gate until the sender returned (replies of one conversation go out in order), never until
/// the confirmations (a sender with its own queue, Telegram's, coalesces a backlog across turns).
/// Without a durable outbox the replies are delivered from memory only, as before the outbox.
/// </summary>
internal sealed class ReplyDelivery(
    IOutboxStore? store,
    IReadOnlyDictionary<Platform, IReplySender> senders,
    BreatheBotMetrics metrics,
    ILogger logger,
    CancellationToken shutdown)
{
    private readonly ConcurrentDictionary<Task, byte> _confirming = new();
    private long _sending; // replies handed to a sender whose SendAsync has not returned
    private long _unconfirmed; // durable replies not yet confirmed and marked
    private long _droppedAtStop; // replies (without an outbox) whose delivery the shutdown cancelled
    private int _resumed;

    public bool Durable => store is not null;

    /// <summary>The turn's replies as outbox entries numbered after <paramref name="lastSequence"/> (none without a durable store).</summary>
    public IReadOnlyList<OutboxEntry> EntriesFor(ConversationKey key, ChatKind chat, long lastSequence, IReadOnlyList<Reply> replies, DateTimeOffset now)
    {
        if (store is null || replies.Count == 0)
        {
            return [];
        }

        var entries = new OutboxEntry[replies.Count];
        for (var i = 0; i < replies.Count; i++)
        {
            entries[i] = new OutboxEntry(OutboxEntry.NewId(), key, chat, lastSequence + i + 1, ReplySerializer.Serialize(replies[i]), now);
        }

        return entries;
    }

    /// <summary>
    /// Delivers in the background and releases <paramref name="lease"/> once the sender has the replies. With a durable
    /// store <paramref name="entries"/> are the turn's committed entries (one per reply, same order). Replies of nodes
    /// that are gone, claimed with the turn (<see cref="TurnLease.Locked"/>'s LeftOver), go first, through the
    /// platform's registered sender.
    /// </summary>
    public async Task DeliverAsync(
        TurnLease lease, ConversationKey key, ChatKind chat, IReadOnlyList<Reply> replies,
        IReadOnlyList<OutboxEntry> entries, IReplySender? replyVia)
    {
        if (lease.Locked?.LeftOver is { Count: > 0 } leftOver)
        {
            await SendClaimedAsync(lease, key, leftOver, release: false).ConfigureAwait(false);
        }

        var outgoing = new OutgoingReply[replies.Count];
        for (var i = 0; i < replies.Count; i++)
        {
            outgoing[i] = new OutgoingReply(entries.Count == replies.Count ? entries[i].Id : OutboxEntry.NewId(), replies[i]);
        }

        await SendAsync(lease, key, chat, outgoing, durable: entries.Count == replies.Count && store is not null, replyVia).ConfigureAwait(false);
    }

    /// <summary>
    /// Sends entries this node has claimed (a dead node's, or a previous run's), in order, through the platform's
    /// registered sender; an unreadable entry is logged once and dropped. Releases the lease after, unless told not to.
    /// </summary>
    public async Task SendClaimedAsync(TurnLease lease, ConversationKey key, IReadOnlyList<OutboxEntry> claimed, bool release = true)
    {
        var readable = await ReadableAsync(key, claimed).ConfigureAwait(false);
        if (readable.Count > 0)
        {
            await SendAsync(lease, key, claimed[^1].Chat, readable, durable: true, replyVia: null, release).ConfigureAwait(false);
        }
        else if (release)
        {
            await lease.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task<List<OutgoingReply>> ReadableAsync(ConversationKey key, IEnumerable<OutboxEntry> entries)
    {
        var readable = new List<OutgoingReply>();
        var unreadable = new List<string>();
        foreach (var entry in entries.OrderBy(e => e.Sequence))
        {
            if (ReplySerializer.TryDeserialize(entry.Payload, out var reply, out var problem))
            {
                readable.Add(new OutgoingReply(entry.Id, reply));
            }
            else
            {
                Log.UnreadableOutboxEntry(logger, entry.Id, key.ToString(), problem ?? "unknown");
                unreadable.Add(entry.Id);
            }
        }

        if (unreadable.Count > 0)
        {
            await MarkAsync(key, unreadable, counted: false).ConfigureAwait(false);
        }

        return readable;
    }

    /// <summary>
    /// At start: the entries a previous run left unsent (see <see cref="SendLeftOverAsync"/>). Only the first call does
    /// anything: later entries are this run's own, already on their way.
    /// </summary>
    public async Task<IReadOnlyList<Task>> ResumeAsync(Func<ConversationKey, CancellationToken, ValueTask<TurnLease>> acquire, CancellationToken cancellationToken)
    {
        if (store is null || Interlocked.Exchange(ref _resumed, 1) == 1)
        {
            return [];
        }

        var unsent = await store.LoadUnsentAsync(cancellationToken).ConfigureAwait(false);
        var deliveries = await SendLeftOverAsync(unsent, acquire, cancellationToken).ConfigureAwait(false);
        Log.OutboxResumed(logger, unsent.Count, deliveries.Count);
        return deliveries;
    }

    /// <summary>
    /// Sends entries nobody is sending (a previous run's, or a dead node's claimed by this one), per conversation in
    /// order, through the platform's registered sender (an interaction or button press they answered is long gone). An
    /// unreadable entry is logged once and dropped. Takes each conversation's lease (<paramref name="acquire"/>) before
    /// returning, so no new turn of it overtakes its old replies. Returns one delivery per conversation.
    /// </summary>
    public async Task<IReadOnlyList<Task>> SendLeftOverAsync(
        IReadOnlyList<OutboxEntry> unsent, Func<ConversationKey, CancellationToken, ValueTask<TurnLease>> acquire, CancellationToken cancellationToken)
    {
        var deliveries = new List<Task>();
        foreach (var group in unsent.GroupBy(e => e.Key))
        {
            var readable = await ReadableAsync(group.Key, group).ConfigureAwait(false);
            if (readable.Count > 0)
            {
                var lease = await acquire(group.Key, cancellationToken).ConfigureAwait(false);
                deliveries.Add(SendAsync(lease, group.Key, group.Last().Chat, readable, durable: true, replyVia: null));
            }
        }

        return deliveries;
    }

    /// <summary>Waits for the platform to confirm what was handed over (bounded by the token).</summary>
    public async Task WhenConfirmedAsync(CancellationToken cancellationToken)
    {
        while (!_confirming.IsEmpty)
        {
            await Task.WhenAll(_confirming.Keys).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Says in one line what a stop left behind: in the outbox for the next start, or (without one) lost.</summary>
    public void ReportStop()
    {
        var left = Interlocked.Read(ref _unconfirmed);
        if (left > 0)
        {
            Log.RepliesLeftInOutbox(logger, left);
        }

        var dropped = Interlocked.Read(ref _droppedAtStop) + (store is null ? Interlocked.Read(ref _sending) : 0);
        if (dropped > 0)
        {
            Log.RepliesDroppedAtStop(logger, dropped);
        }
    }

    private async Task SendAsync(TurnLease lease, ConversationKey key, ChatKind chat, IReadOnlyList<OutgoingReply> replies, bool durable, IReplySender? replyVia, bool release = true)
    {
        try
        {
            var sender = replyVia ?? (senders.TryGetValue(key.Platform, out var registered) ? registered : null);
            if (sender is null)
            {
                Log.NoSender(logger, key.Platform.ToString(), key.ToString(), replies.Count);
                if (durable)
                {
                    await MarkAsync(key, [.. replies.Select(r => r.Id)], counted: false).ConfigureAwait(false); // nobody could ever send them
                }

                return;
            }

            if (durable)
            {
                Interlocked.Add(ref _unconfirmed, replies.Count);
            }

            // watching starts before sending: each entry is marked the moment its reply is confirmed
            var confirmed = ConfirmAsync(key, replies, durable);
            _confirming.TryAdd(confirmed, 0);
            _ = confirmed.ContinueWith(static (t, state) => ((ConcurrentDictionary<Task, byte>)state!).TryRemove(t, out _), _confirming,
                CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

            Interlocked.Add(ref _sending, replies.Count);
            try
            {
                await sender.SendAsync(key, chat, replies, shutdown).ConfigureAwait(false);
                if (replies.All(r => r.Done.IsCompleted))
                {
                    // Everything was confirmed in the call (a sender without its own queue): the delivery ends once the
                    // entries are marked, so "delivered" means "out of the outbox" and a stop right after leaves nothing.
                    await confirmed.ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (shutdown.IsCancellationRequested)
            {
                Interlocked.Add(ref _droppedAtStop, durable ? 0 : replies.Count(r => !r.Done.IsCompleted));
                Abandon(replies);
            }
            catch (Exception exception)
            {
                Log.DeliveryFailed(logger, exception, key.ToString());
                Abandon(replies); // kept in the outbox: the next start tries them again
            }
            finally
            {
                Interlocked.Add(ref _sending, -replies.Count);
            }
        }
        finally
        {
            if (release)
            {
                await lease.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static void Abandon(IReadOnlyList<OutgoingReply> replies)
    {
        foreach (var reply in replies)
        {
            reply.Abandon(); // no-op for those already confirmed
        }
    }

    /// <summary>Marks entries sent as their replies are confirmed, in order; consecutive confirmations share one write.</summary>
    private async Task ConfirmAsync(ConversationKey key, IReadOnlyList<OutgoingReply> replies, bool durable)
    {
        var ready = new List<string>();
        foreach (var reply in replies)
        {
            if (!reply.Done.IsCompleted && ready.Count > 0)
            {
                await MarkAsync(key, ready, counted: true).ConfigureAwait(false);
                ready = [];
            }

            try
            {
                await reply.Done.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                continue; // abandoned: stays in the outbox
            }

            metrics.RepliesSent(key.Platform, 1);
            if (durable)
            {
                ready.Add(reply.Id);
            }
        }

        if (ready.Count > 0)
        {
            await MarkAsync(key, ready, counted: true).ConfigureAwait(false);
        }
    }

    private async Task MarkAsync(ConversationKey key, IReadOnlyList<string> ids, bool counted)
    {
        try
        {
            await store!.MarkSentAsync(ids, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            Log.MarkSentFailed(logger, exception, ids.Count, key.ToString());
        }
        finally
        {
            if (counted)
            {
                Interlocked.Add(ref _unconfirmed, -ids.Count);
            }
        }
    }
}
