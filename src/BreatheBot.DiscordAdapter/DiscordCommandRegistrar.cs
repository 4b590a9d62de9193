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
        state.CommandsHash = hash;
        await store.SaveAsync(state, cancellationToken).ConfigureAwait(false);
        Log.CommandsRegistered(logger, commands.Count, guildId is null ? "global" : "dev guild");
        return true;
    }

    internal static List<ApplicationCommandPayload> Build(DiscordOptions options, bool guildScoped)
    {
        var list = new List<ApplicationCommandPayload>();
        foreach (var command in BotCommands.All)
        {
            if (guildScoped && !command.Scope.HasFlag(CommandScope.Group))
            {
                continue; // guild commands never appear in DMs
            }

            var contexts = new List<int>();
            if (command.Scope.HasFlag(CommandScope.Group))
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
                Description = command.Description.Length > 100 ? command.Description[..100] : command.Description,
                Type = 1,
                Contexts = guildScoped ? null : contexts,
                IntegrationTypes = guildScoped ? null : [GuildInstall],
                DefaultMemberPermissions = options.AdminCommands.Contains(command.Name, StringComparer.OrdinalIgnoreCase) ? "32" : null,
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
