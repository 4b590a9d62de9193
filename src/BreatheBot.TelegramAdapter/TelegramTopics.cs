using System.Collections.Concurrent;

namespace BreatheBot.TelegramAdapter;

/// <summary>
/// Forum supergroups: replies go to the topic the group's conversation was last addressed from
/// (a group is one shared conversation, so its replies follow the last command or press). The General topic has no
/// thread id, and sending one there fails, so a message from General clears it.
/// </summary>
internal sealed class TelegramTopics
{
    private readonly ConcurrentDictionary<long, int> _threads = new();

    public void Observe(long chatId, int? threadId, bool isTopicMessage)
    {
        if (isTopicMessage && threadId is { } thread)
        {
            _threads[chatId] = thread;
        }
        else
        {
            _threads.TryRemove(chatId, out _);
        }
    }

    public int? ThreadOf(long chatId) => _threads.TryGetValue(chatId, out var thread) ? thread : null;

    public void Move(long fromChatId, long toChatId)
    {
        if (_threads.TryRemove(fromChatId, out var thread))
        {
            _threads[toChatId] = thread;
        }
    }
}
