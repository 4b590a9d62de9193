using System.Collections.Concurrent;
using System.Diagnostics;
using BreatheBot.Core.Cluster;
using BreatheBot.Core.Content;
using BreatheBot.Core.Diagnostics;
using BreatheBot.Core.Episodes;
using BreatheBot.Core.Insights;
using BreatheBot.Core.Messaging;
using BreatheBot.Core.Outbox;
using BreatheBot.Core.Storage;
using Microsoft.Extensions.Logging;

namespace BreatheBot.Core.Conversations;

/// <summary>
/// Runs turns: load → engine → commit (durable, with the turn's replies as outbox entries when the store is an
/// <see cref="IOutboxStore"/>) → deliver, marking each reply sent once the platform confirmed it; one turn at a time per
/// conversation and concurrently across conversations. Owns the wake-up scheduler and, at start, sends what a previous
/// run left in the outbox. A failing turn is logged (never with the user's words), answered with a
/// calm fixed message and reset; it never affects another conversation.
/// </summary>
public sealed partial class ConversationService : IConversationHandler, IAsyncDisposable, IDisposable
{
    /// <summary>How long a stop waits for the platform to confirm replies already handed over (bounded by the host's timeout too).</summary>
    public static readonly TimeSpan ConfirmationWaitAtStop = TimeSpan.FromSeconds(5);

    /// <summary>How many recent platform delivery ids are kept per conversation for dropping redeliveries.</summary>
    public const int RecentDeliveryIdsKept = 64;

    private readonly ConversationEngine _engine;
    private readonly IConversationStore _store;
    private readonly IClusterStore? _cluster;
    private ClusterSweep? _sweep;
    private readonly IEpisodeStore? _episodes;
    private readonly IChartRenderer? _charts;
    private readonly ReplyDelivery _delivery;
    private readonly IReportRenderer? _reports;
    private readonly TimeProvider _time;
    private readonly ILogger<ConversationService> _logger;
    private readonly KeyedGate<ConversationKey> _gates = new();
    private readonly WakeUpScheduler _scheduler;
    private readonly ConcurrentDictionary<Task, byte> _inFlight = new();
    private readonly CancellationTokenSource _shutdown = new();
    private readonly BreatheBotMetrics _metrics;
    private readonly bool _ownsMetrics;
    private readonly ConcurrentDictionary<ConversationKey, byte> _pacing = new();
    private int _disposed;

    public ConversationService(
        ConversationEngine engine,
        IConversationStore store,
        IEnumerable<IReplySender> senders,
        TimeProvider time,
        ILogger<ConversationService> logger,
        IEpisodeStore? episodes = null,
        IChartRenderer? charts = null,
        BreatheBotMetrics? metrics = null,
        IReportRenderer? reports = null)
    {
        ArgumentNullException.ThrowIfNull(senders);
        _engine = engine;
        _store = store;
        _cluster = store as IClusterStore;
        _episodes = episodes;
        _charts = charts;
        _reports = reports;
        _time = time;
        _logger = logger;
        _scheduler = new WakeUpScheduler(time, OnWakeUp);
        _ownsMetrics = metrics is null;
        _metrics = metrics ?? new BreatheBotMetrics();
        _delivery = new ReplyDelivery(store as IOutboxStore, senders.ToDictionary(s => s.Platform), _metrics, logger, _shutdown.Token);
        _metrics.ObserveConversations(() => ActiveConversations, () => PendingWakeUps, () => _pacing.Count);
    }

    /// <summary>Conversations currently holding or waiting for their gate (for tests and metrics).</summary>
    public int ActiveConversations => _gates.Count;

    /// <summary>Wake-ups armed right now.</summary>
    public int PendingWakeUps => _scheduler.PendingCount;

    public async Task<TurnReceipt> HandleAsync(InboundEvent inbound, IReplySender? replyVia = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inbound);
        var key = inbound.Key;
        var turnStarted = Stopwatch.GetTimestamp();
        var outcome = "failed";
        var lease = await AcquireAsync(key, cancellationToken).ConfigureAwait(false);
        var handedOver = false;
        try
        {
            var now = _time.GetUtcNow();
            // a new conversation numbers its outbox from the clock, so numbers never go back after /forget erased it
            var stored = (lease.Locked is { } locked ? locked.Conversation : await _store.LoadAsync(key, cancellationToken).ConfigureAwait(false))
                ?? new StoredConversation(key, inbound.Chat, new IdleState(), now, []) { OutboxSequence = now.ToUnixTimeMilliseconds() * 1000 };

            if (inbound.DeliveryId is { } deliveryId && stored.RecentDeliveryIds.Contains(deliveryId))
            {
                Log.DuplicateDropped(_logger, key.ToString());
                outcome = "duplicate";
                return new TurnReceipt(Duplicate: true, Task.CompletedTask);
            }

            if (inbound is TimerFired timer && stored.WakeAt != timer.DueAt)
            {
                // Another turn (maybe on another node) moved the conversation on: nothing to do, nothing to write, and
                // no re-arming here, so only the node that ran the last real turn keeps the conversation's timer.
                Log.StaleWakeUpIgnored(_logger, key.ToString());
                outcome = "stale";
                return new TurnReceipt(Duplicate: true, Task.CompletedTask);
            }

            var inputs = await LookUpAsync(stored, inbound, cancellationToken).ConfigureAwait(false);
            var profile = key.IsChannel ? null : await _store.LoadProfileAsync(inputs.PersonKey!, cancellationToken).ConfigureAwait(false);

            TurnResult result;
            var engineFailed = false;
            try
            {
                result = _engine.Handle(stored.State, inbound, profile, now, inputs);
                result = result with { Replies = RenderFiles(result.Replies) };
                if (stored.StateWasReset && inbound is not TimerFired)
                {
                    result = result with { Replies = [new TextReply("state.reset", Wording.StateReset), .. result.Replies] };
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                engineFailed = true;
                Log.TurnFailed(_logger, exception, key.ToString(), stored.State.StepName, inbound.GetType().Name);
                // A new number too: buttons shown before the failure belong to an earlier question now.
                result = new TurnResult(new IdleState { PromptId = stored.State.PromptId + 1 }, [new TextReply("error", Wording.SomethingWentWrong)], [], null);
            }

            var recent = inbound.DeliveryId is null
                ? stored.RecentDeliveryIds
                : [.. stored.RecentDeliveryIds.TakeLast(RecentDeliveryIdsKept - 1), inbound.DeliveryId];
            var chat = inbound is TimerFired ? stored.Chat : inbound.Chat;
            // From memory only: a /forget turn's own replies (the outbox would keep the person's chat id in the file), and a
            // wake-up that only edits messages already sent (the pacer's phases): each edit is superseded by the next within
            // seconds, so a lost one costs nothing and a durable one would cost a write and a delete per phase. A person's
            // own edit-only turn (a ticked option) is committed: they wait to see the tick, and a crash must not lose it.
            var outbox = result.ForgetUsers.Count > 0 || (inbound is TimerFired && OnlyEdits(result.Replies))
                ? []
                : _delivery.EntriesFor(key, chat, stored.OutboxSequence, result.Replies, now);
            var next = stored with
            {
                State = result.State,
                UpdatedAt = now,
                RecentDeliveryIds = recent,
                Chat = chat,
                StateWasReset = false,
                OutboxSequence = outbox.Count > 0 ? outbox[^1].Sequence : stored.OutboxSequence,
            };

            var started = Stopwatch.GetTimestamp();
            try
            {
                var commit = new TurnCommit(next, result.EpisodesToSave, result.ProfileToSave)
                {
                    ForgetUsers = result.ForgetUsers,
                    DeleteEpisodes = result.DeleteEpisodes,
                    Days = result.DaysToSave,
                    CreateLinkCode = result.CreateLinkCode,
                    LinkToPerson = result.LinkToPerson,
                    Outbox = outbox,
                };
                await (lease.Locked is { } lockedTurn ? lockedTurn.CommitAsync(commit, cancellationToken) : _store.CommitAsync(commit, cancellationToken)).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                Log.CommitFailed(_logger, exception, key.ToString());
                throw;
            }

            var committed = Stopwatch.GetElapsedTime(started);
            Log.TurnCompleted(_logger, key.ToString(), inbound.GetType().Name, stored.State.StepName, next.State.StepName, result.Replies.Count,
                committed.TotalMilliseconds);
            _metrics.CommitCompleted(committed);
            _metrics.StepChanged(stored.State, next.State);
            TrackPacer(key, next.State);
            outcome = engineFailed ? "error" : "ok"; // error: the engine threw; answered with the calm fallback and reset

            _scheduler.Schedule(key, next.Chat, next.WakeAt);
            var delivered = Deliver(lease, key, next.Chat, result.Replies, outbox, replyVia);
            handedOver = true;
            return new TurnReceipt(Duplicate: false, delivered);
        }
        finally
        {
            if (!handedOver)
            {
                await ReleaseAsync(lease, key).ConfigureAwait(false);
            }

            _metrics.TurnCompleted(key.Platform, inbound, outcome, Stopwatch.GetElapsedTime(turnStarted));
        }
    }

    /// <summary>
    /// The conversation's in-process gate and, with a cluster store, its cluster-wide lock (taken after the gate, so
    /// this node's turns of one conversation queue here rather than on the database).
    /// </summary>
    private async ValueTask<TurnLease> AcquireAsync(ConversationKey key, CancellationToken cancellationToken)
    {
        var gate = await _gates.AcquireAsync(key, cancellationToken).ConfigureAwait(false);
        if (_cluster is null)
        {
            return new TurnLease(gate, null);
        }

        try
        {
            return new TurnLease(gate, await _cluster.BeginTurnAsync(key, cancellationToken).ConfigureAwait(false));
        }
        catch
        {
            gate.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Ends a turn that delivers nothing of its own (a repeat, a stale wake-up, a failure): replies of dead nodes it
    /// claimed with its lock are still sent (they are this node's now), then the lease is released.
    /// </summary>
    private async Task ReleaseAsync(TurnLease lease, ConversationKey key)
    {
        if (lease.Locked?.LeftOver is { Count: > 0 } leftOver)
        {
            _ = Track(_delivery.SendClaimedAsync(lease, key, leftOver));
            return;
        }

        await lease.DisposeAsync().ConfigureAwait(false);
    }

    private static bool OnlyEdits(IReadOnlyList<Reply> replies) => replies.Count > 0 && replies.All(r => r is EditReply);

    /// <summary>Pacers armed: conversations whose step is the breathing pacer (removed when they leave it).</summary>
    private void TrackPacer(ConversationKey key, ConversationState state)
    {
        if (state is BreathingState)
        {
            _pacing.TryAdd(key, 0);
        }
        else
        {
            _pacing.TryRemove(key, out _);
        }
    }

    public async Task MigrateChatAsync(Platform platform, string fromChatId, string toChatId, CancellationToken cancellationToken = default)
    {
        var from = ConversationKey.Channel(platform, fromChatId);
        var to = ConversationKey.Channel(platform, toChatId);
        using var fromLease = await _gates.AcquireAsync(from, cancellationToken).ConfigureAwait(false);
        using var toLease = await _gates.AcquireAsync(to, cancellationToken).ConfigureAwait(false);
        await _store.MoveChatAsync(from, to, cancellationToken).ConfigureAwait(false);
        _scheduler.Schedule(from, ChatKind.Group, null);
        var moved = await _store.LoadAsync(to, cancellationToken).ConfigureAwait(false);
        if (moved is not null)
        {
            _scheduler.Schedule(to, moved.Chat, moved.WakeAt);
        }

        Log.ChatMoved(_logger, from.ToString(), to.ToString());
    }

    private Task Deliver(TurnLease lease, ConversationKey key, ChatKind chat, IReadOnlyList<Reply> replies,
        IReadOnlyList<OutboxEntry> outbox, IReplySender? replyVia)
    {
        if (replies.Count == 0)
        {
            return ReleaseAsync(lease, key); // replies of dead nodes claimed with the lock still go
        }

        return Track(_delivery.DeliverAsync(lease, key, chat, replies, outbox, replyVia));
    }
}
