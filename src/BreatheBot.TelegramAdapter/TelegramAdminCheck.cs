using System.Collections.Concurrent;
using BreatheBot.TelegramAdapter.Diagnostics;
using Microsoft.Extensions.Logging;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;

namespace BreatheBot.TelegramAdapter;

/// <summary>
/// Whether a person may configure a group: creator or administrator per getChatMember, cached briefly
/// (admin lists change rarely; a button press must not wait on the API each time). Any failure means "not an admin".
/// </summary>
internal sealed class TelegramAdminCheck(ITelegramBotClient client, TimeProvider time, ILogger<TelegramAdminCheck> logger)
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<(long Chat, long User), (bool IsAdmin, DateTimeOffset Until)> _cache = new();

    public async Task<bool> IsAdminAsync(long chatId, long userId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_cache.TryGetValue((chatId, userId), out var cached) && cached.Until > now)
        {
            return cached.IsAdmin;
        }

        bool isAdmin;
        try
        {
            var member = await client.GetChatMember(chatId: chatId, userId: userId, cancellationToken: cancellationToken).ConfigureAwait(false);
            isAdmin = member is ChatMemberOwner or ChatMemberAdministrator;
        }
        catch (RequestException ex)
        {
            Log.AdminCheckFailed(logger, chatId, ex is ApiRequestException api ? api.ErrorCode : 0);
            return false; // not cached: the next press asks again
        }

        if (_cache.Count > 10_000)
        {
            _cache.Clear();
        }

        _cache[(chatId, userId)] = (isAdmin, now + CacheFor);
        return isAdmin;
    }
}
