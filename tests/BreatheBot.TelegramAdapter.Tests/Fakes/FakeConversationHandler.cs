using System.Collections.Concurrent;
using BreatheBot.Core.Conversations;
using BreatheBot.Core.Messaging;

namespace BreatheBot.TelegramAdapter.Tests.Fakes;

/// <summary>
/// Stands in for the core: records every event, answers with scripted replies through the registered Telegram sender,
/// and drops a redelivered DeliveryId like the real core. <see cref="Durable"/> outlives a host restart.
/// </summary>
public sealed class FakeConversationHandler(IEnumerable<IReplySender> senders, FakeConversationHandler.DurableState durable) : IConversationHandler
{
    /// <summary>What the "database" remembers across restarts.</summary>
    public sealed class DurableState
    {
        public ConcurrentDictionary<string, bool> SeenDeliveries { get; } = new();

        public ConcurrentQueue<InboundEvent> Events { get; } = new();

        public ConcurrentQueue<(string From, string To)> Migrations { get; } = new();

        public Func<InboundEvent, IReadOnlyList<Reply>> Respond { get; set; } = _ => [];

        /// <summary>Runs inside a turn before it is durable (to throw, or to block).</summary>
        public Func<InboundEvent, CancellationToken, Task>? BeforeDurable { get; set; }

        public IReadOnlyList<InboundEvent> Handled => [.. Events];
    }

    public DurableState Durable => durable;

    public async Task<TurnReceipt> HandleAsync(InboundEvent inbound, IReplySender? replyVia = null, CancellationToken cancellationToken = default)
    {
        if (inbound.DeliveryId is { } id && durable.SeenDeliveries.ContainsKey(id))
        {
            return new TurnReceipt(true, Task.CompletedTask);
        }

        if (durable.BeforeDurable is { } before)
        {
            await before(inbound, cancellationToken);
        }

        if (inbound.DeliveryId is { } delivered)
        {
            durable.SeenDeliveries[delivered] = true;
        }

        durable.Events.Enqueue(inbound);
        var replies = durable.Respond(inbound);
        var sender = replyVia ?? senders.First(s => s.Platform == inbound.Key.Platform);
        var delivery = replies.Count == 0 ? Task.CompletedTask : sender.SendAsync(inbound.Key, inbound.Chat, replies, CancellationToken.None);
        return new TurnReceipt(false, delivery);
    }

    public Task MigrateChatAsync(Platform platform, string fromChatId, string toChatId, CancellationToken cancellationToken = default)
    {
        durable.Migrations.Enqueue((fromChatId, toChatId));
        return Task.CompletedTask;
    }
}
