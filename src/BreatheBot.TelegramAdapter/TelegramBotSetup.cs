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

    /// <summary>What /settings does in a group, for the group admins' menu (in private it is the person's own settings).</summary>
    internal const string ChannelSettingsDescription = "Channel settings: shared breathing, reminders (admins)";

    /// <summary>
    /// setMyCommands for private chats, for group members and for group admins (idempotent, called at every start).
    /// Admins' menu (Telegram shows it instead of the members' one) adds the channel's /settings and /channelstats,
    /// which members would only be refused; the core checks the sender either way.
    /// </summary>
    public async Task RegisterCommandsAsync(CancellationToken cancellationToken)
    {
        var inPrivate = Commands(CommandScope.Private);
        var forAdmins = Commands(CommandScope.Group);
        forAdmins.Add(new BotCommand { Command = BotCommands.Settings, Description = ChannelSettingsDescription });
        List<BotCommand> inGroups = [.. forAdmins.Where(c => c.Command is not (BotCommands.Settings or BotCommands.ChannelStats))];
        await client.SetMyCommands(commands: inPrivate, scope: BotCommandScope.AllPrivateChats(), cancellationToken: cancellationToken).ConfigureAwait(false);
        await client.SetMyCommands(commands: inGroups, scope: BotCommandScope.AllGroupChats(), cancellationToken: cancellationToken).ConfigureAwait(false);
        await client.SetMyCommands(commands: forAdmins, scope: BotCommandScope.AllChatAdministrators(), cancellationToken: cancellationToken).ConfigureAwait(false);
        Log.CommandsRegistered(logger, inPrivate.Count, inGroups.Count, forAdmins.Count);
    }

    private static List<BotCommand> Commands(CommandScope scope) =>
    [
        .. BotCommands.All
            .Where(c => c.Scope.HasFlag(scope))
            .Select(c => new BotCommand { Command = c.Name, Description = c.Description }),
    ];
}
