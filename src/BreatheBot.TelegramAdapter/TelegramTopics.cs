using BreatheBot.Core.Messaging;

namespace BreatheBot.TelegramAdapter;

/// <summary>
/// Forum supergroups: replies go to the topic the group's conversation was last addressed from
/// (a group is one shared conversation, so its replies follow the last command or press). The General topic has no
/// thread id, and sending one there fails, so a message from General clears it.
/// Bounded (<see cref="Capacity"/> groups, <see cref="MaxAge"/> since last use): a forgotten group's replies go to its
/// General topic until someone writes from a topic again.
/// </summary>
internal sealed class TelegramTopics(TimeProvider time)
{
    internal const int Capacity = 10_000;
    internal static readonly TimeSpan MaxAge = TimeSpan.FromDays(7);
    private readonly BoundedMap<long, int> _threads = new(Capacity, MaxAge, time);

    public int Count => _threads.Count;

    public void Observe(long chatId, int? threadId, bool isTopicMessage)
    {
        if (isTopicMessage && threadId is { } thread)
        {
            _threads.Set(chatId, thread);
        }
        else
        {
            _threads.Remove(chatId);
        }
    }

    public int? ThreadOf(long chatId) => _threads.TryGetValue(chatId, out var thread) ? thread : null;

    public void Move(long fromChatId, long toChatId)
    {
        if (_threads.Remove(fromChatId, out var thread))
        {
            _threads.Set(toChatId, thread);
        }
    }
}
