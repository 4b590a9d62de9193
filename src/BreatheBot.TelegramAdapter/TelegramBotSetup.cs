using BreatheBot.Core.Commands;
using BreatheBot.TelegramAdapter.Diagnostics;
using Microsoft.Extensions.Logging;
using Telegram.Bot;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace BreatheBot.TelegramAdapter;

/// <summary>Start-up calls shared by polling and webhook mode: who am I, and the command menus per scope.</summary>
internal sealed class TelegramBotSetup(ITelegramBotClient client, TelegramBotIdentity identity, ILogger<TelegramBotSetup> logger)
{
    /// <summary>The update kinds BreatheBot asks for, always explicitly (never null, which would keep an old setting).</summary>
    public static readonly UpdateType[] AllowedUpdates = [UpdateType.Message, UpdateType.CallbackQuery, UpdateType.MyChatMember];

    public async Task<User> ConnectAsync(CancellationToken cancellationToken)
    {
        var me = await identity.GetAsync(cancellationToken).ConfigureAwait(false);
        Log.Connected(logger, me.Username ?? string.Empty, me.Id);
        return me;
    }

    /// <summary>setMyCommands for private chats and for groups (idempotent, called at every start).</summary>
    public async Task RegisterCommandsAsync(CancellationToken cancellationToken)
    {
        var inPrivate = Commands(CommandScope.Private);
        var inGroups = Commands(CommandScope.Group);
        await client.SetMyCommands(commands: inPrivate, scope: BotCommandScope.AllPrivateChats(), cancellationToken: cancellationToken).ConfigureAwait(false);
        await client.SetMyCommands(commands: inGroups, scope: BotCommandScope.AllGroupChats(), cancellationToken: cancellationToken).ConfigureAwait(false);
        Log.CommandsRegistered(logger, inPrivate.Count, inGroups.Count);
    }

    private static List<BotCommand> Commands(CommandScope scope) =>
    [
        .. BotCommands.All
            .Where(c => c.Scope.HasFlag(scope))
            .Select(c => new BotCommand { Command = c.Name, Description = c.Description }),
    ];
}
