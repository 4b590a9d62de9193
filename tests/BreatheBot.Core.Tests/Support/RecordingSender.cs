using System.Collections.Concurrent;
using BreatheBot.Core.Conversations;
using BreatheBot.Core.Messaging;

namespace BreatheBot.Core.Tests.Support;

/// <summary>Records every reply per conversation, in delivery order.</summary>
internal sealed class RecordingSender(Platform platform = Platform.Telegram) : IReplySender
{
    public ConcurrentDictionary<ConversationKey, ConcurrentQueue<Reply>> Sent { get; } = new();

    public Func<ConversationKey, Task>? OnSend { get; set; }

    public Platform Platform => platform;

    public async Task SendAsync(ConversationKey key, ChatKind chat, IReadOnlyList<Reply> replies, CancellationToken cancellationToken)
    {
        if (OnSend is not null)
        {
            await OnSend(key);
        }

        var queue = Sent.GetOrAdd(key, _ => new ConcurrentQueue<Reply>());
        foreach (var reply in replies)
        {
            queue.Enqueue(reply);
        }
    }

    public IReadOnlyList<string> KeysFor(ConversationKey key) => Sent.TryGetValue(key, out var q) ? [.. q.Select(r => r.Key)] : [];
}
