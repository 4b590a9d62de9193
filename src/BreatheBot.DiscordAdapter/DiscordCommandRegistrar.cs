using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using BreatheBot.Core.Commands;
using BreatheBot.DiscordAdapter.Model;
using BreatheBot.DiscordAdapter.Rest;
using BreatheBot.DiscordAdapter.State;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BreatheBot.DiscordAdapter;

/// <summary>
/// Registers the core's commands as slash commands with one bulk overwrite (global, or the dev guild), and only when the
/// command set changed since the last registration (its hash is kept in the state file).
/// </summary>
internal sealed class DiscordCommandRegistrar(
    IOptions<DiscordOptions> options,
    IDiscordRestClient rest,
    IDiscordStateStore store,
    ILogger<DiscordCommandRegistrar> logger)
{
    private const int ContextGuild = 0;
    private const int ContextBotDm = 1;
    private const int GuildInstall = 0;

    /// <summary>
    /// On Discord /settings also works in a server channel: there it is the channel's settings, for admins (the core's
    /// list has it for private chats only). One optional text option carries a typed change, e.g. "time 09:45".
    /// </summary>
    internal const string SettingsDescription = "Your settings (in a DM), or this channel's settings (server admins)";
    internal const string SettingsOption = "change";
    internal const string SettingsOptionDescription = "Channel admins: time 09:45, or timezone Europe/Paris";

    /// <summary>/report's optional period: 30d, 90d or all (the core refuses anything else with a reply naming them).</summary>
    internal const string ReportOption = "period";
    internal const string ReportOptionDescription = "30d, 90d or all (the last 90 days when left out)";

    /// <summary>
    /// How a command with a typed argument is written on Discord, for the examples in replies (the core's
    /// <c>ConversationOptions.SetCommandSyntax</c>): /settings takes it in its <c>change</c> option.
    /// </summary>
    internal static string TypedSyntax(string command, string argument) =>
        command == BotCommands.Settings ? $"/{command} {SettingsOption}: {argument}" : $"/{command} {argument}";

    /// <summary>Returns true when the commands were sent, false when they were unchanged.</summary>
    public async Task<bool> EnsureRegisteredAsync(CancellationToken cancellationToken)
    {
        var guildId = string.IsNullOrEmpty(options.Value.DevGuildId) ? null : options.Value.DevGuildId;
        var commands = Build(options.Value, guildScoped: guildId is not null);
        var json = JsonSerializer.SerializeToUtf8Bytes(commands, DiscordJsonContext.Default.ListApplicationCommandPayload);
        var hash = Convert.ToHexString(SHA256.HashData([.. Encoding.UTF8.GetBytes((guildId ?? "global") + "|" + options.Value.ApplicationId + "|"), .. json]));

        var state = await store.LoadAsync(cancellationToken).ConfigureAwait(false);
        if (state.CommandsHash == hash)
        {
            Log.CommandsUnchanged(logger, commands.Count);
            return false;
        }

        await rest.BulkOverwriteCommandsAsync(guildId, commands, cancellationToken).ConfigureAwait(false);
        await store.UpdateAsync(s => s.CommandsHash = hash, cancellationToken).ConfigureAwait(false);
        Log.CommandsRegistered(logger, commands.Count, guildId is null ? "global" : "dev guild");
        return true;
    }

    internal static List<ApplicationCommandPayload> Build(DiscordOptions options, bool guildScoped)
    {
        var list = new List<ApplicationCommandPayload>();
        foreach (var command in BotCommands.All)
        {
            var isSettings = command.Name == BotCommands.Settings;
            var inGuilds = command.Scope.HasFlag(CommandScope.Group) || isSettings;
            if (guildScoped && !inGuilds)
            {
                continue; // guild commands never appear in DMs
            }

            var contexts = new List<int>();
            if (inGuilds)
            {
                contexts.Add(ContextGuild);
            }

            if (command.Scope.HasFlag(CommandScope.Private))
            {
                contexts.Add(ContextBotDm);
            }

            list.Add(new ApplicationCommandPayload
            {
                Name = command.Name.ToLowerInvariant(),
                Description = isSettings ? SettingsDescription : command.Description.Length > 100 ? command.Description[..100] : command.Description,
                Type = 1,
                Contexts = guildScoped ? null : contexts,
                IntegrationTypes = guildScoped ? null : [GuildInstall],
                DefaultMemberPermissions = options.IsHiddenFromNonAdmins(command.Name) ? "32" : null,
                Options = isSettings ? [new ApplicationCommandOptionPayload { Name = SettingsOption, Description = SettingsOptionDescription }]
                    : command.Name == BotCommands.Report ? [new ApplicationCommandOptionPayload { Name = ReportOption, Description = ReportOptionDescription }]
                    : null,
            });
        }

        return list;
    }
}

internal static partial class Log
{
    [LoggerMessage(3600, LogLevel.Information, "Discord slash commands unchanged ({Count}); not re-registered")]
    public static partial void CommandsUnchanged(ILogger logger, int count);

    [LoggerMessage(3601, LogLevel.Information, "Discord slash commands registered ({Count}, {Scope})")]
    public static partial void CommandsRegistered(ILogger logger, int count, string scope);
}
