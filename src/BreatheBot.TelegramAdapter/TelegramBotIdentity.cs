using Telegram.Bot;
using Telegram.Bot.Types;

namespace BreatheBot.TelegramAdapter;

/// <summary>The bot's own user (getMe), fetched once and cached: its username addresses commands and deep links.</summary>
internal sealed class TelegramBotIdentity(ITelegramBotClient client)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private User? _me;

    public User? Current => Volatile.Read(ref _me);

    public async Task<User> GetAsync(CancellationToken cancellationToken)
    {
        if (Current is { } known)
        {
            return known;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (Current is { } raced)
            {
                return raced;
            }

            var me = await client.GetMe(cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref _me, me);
            return me;
        }
        finally
        {
            _gate.Release();
        }
    }
}
