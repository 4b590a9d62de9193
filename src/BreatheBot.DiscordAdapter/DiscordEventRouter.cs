using System.Text.Json;
using BreatheBot.Core.Commands;
using BreatheBot.Core.Conversations;
using BreatheBot.Core.Messaging;
using BreatheBot.DiscordAdapter.Gateway;
using BreatheBot.DiscordAdapter.Interactions;
using BreatheBot.DiscordAdapter.Model;
using BreatheBot.DiscordAdapter.Rest;
using BreatheBot.DiscordAdapter.State;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BreatheBot.DiscordAdapter;

/// <summary>
/// One unit of handler work: a core event (possibly answering an interaction), or a refusal answered by the adapter alone.
/// Work items of one conversation share a partition so they reach the core in arrival order.
/// </summary>
internal sealed record WorkItem(string Partition, InboundEvent? Inbound, InteractionContext? Interaction, string? Refusal = null);

/// <summary>
/// Translates gateway dispatches into core events (adapters translate; the core decides). Runs on the dispatcher's reading
/// loop, so it does no I/O: it only parses, filters and remembers a little (own user id, known guilds, recent ids, and
/// the channels of each guild it has a conversation in, which <see cref="GuildChannelMap"/> persists in the background).
/// </summary>
internal sealed class DiscordEventRouter(
    IOptions<DiscordOptions> options,
    IDiscordRestClient rest,
    DmChannelCache dms,
    GuildChannelMap guildChannels,
    TimeProvider time,
    ILogger<DiscordEventRouter> logger)
{
    internal const string ForeignButton = "These buttons belong to someone else's session. Start your own with /breathe or /headache.";
    internal const string ExpiredButton = "This button has expired. Use /help to see what I can do.";
    internal const string UnknownCommand = "I don't know that command. Use /help to see what I can do.";
    internal const string AdminOnly = "Only server admins (Manage Server) can use this command here.";

    private readonly RecentIds _seen = new(4096);
    private readonly HashSet<string> _knownGuilds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string?> _systemChannels = new(StringComparer.Ordinal);
    private bool _warnedEmptyContent;

    public string? SelfId { get; private set; }

    /// <summary>The work for one dispatch: usually one item; a guild removal tells every channel of that guild.</summary>
    public IReadOnlyList<WorkItem> RouteAll(GatewayDispatch dispatch)
    {
        if (dispatch.Type == "GUILD_DELETE")
        {
            try
            {
                return OnGuildDelete(dispatch.Data.Deserialize(DiscordJsonContext.Default.UnavailableGuild), dispatch.ReceivedAt);
            }
            catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
            {
                Log.DispatchUnreadable(logger, dispatch.Type, dispatch.Sequence, ex.GetType().Name);
                return [];
            }
        }

        return Route(dispatch) is { } item ? [item] : [];
    }

    /// <summary>The work for a dispatch that maps to at most one item (GUILD_DELETE only goes through <see cref="RouteAll"/>).</summary>
    public WorkItem? Route(GatewayDispatch dispatch)
    {
        try
        {
            return dispatch.Type switch
            {
                "READY" => OnReady(dispatch.Data.Deserialize(DiscordJsonContext.Default.ReadyData)),
                "MESSAGE_CREATE" => OnMessage(dispatch.Data.Deserialize(DiscordJsonContext.Default.DiscordMessage), dispatch.ReceivedAt),
                "INTERACTION_CREATE" => OnInteraction(dispatch.Data.Deserialize(DiscordJsonContext.Default.Interaction), dispatch.ReceivedAt),
                "GUILD_CREATE" => OnGuildCreate(dispatch.Data.Deserialize(DiscordJsonContext.Default.GuildCreateData), dispatch.ReceivedAt),
                _ => null,
            };
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            Log.DispatchUnreadable(logger, dispatch.Type, dispatch.Sequence, ex.GetType().Name);
            return null;
        }
    }

    private WorkItem? OnReady(ReadyData? ready)
    {
        SelfId = ready?.User?.Id ?? SelfId;
        foreach (var guild in ready?.Guilds ?? [])
        {
            _knownGuilds.Add(guild.Id);
        }

        return null;
    }

    private WorkItem? OnMessage(DiscordMessage? message, DateTimeOffset receivedAt)
    {
        if (message?.Author is not { } author
            || author.Bot == true || author.System == true || author.Id == SelfId || message.WebhookId is not null)
        {
            return null; // bots (ourselves included), system messages and webhooks never drive a conversation
        }

        if (!_seen.Add("m:" + message.Id))
        {
            Log.DuplicateDropped(logger, "MESSAGE_CREATE", message.Id);
            return null;
        }

        if (message.GuildId is not null)
        {
            // In guild channels the bot acts on slash commands and buttons only.
            if (string.IsNullOrEmpty(message.Content) && (options.Value.Intents & GatewayIntents.MessageContent) == 0 && !_warnedEmptyContent)
            {
                _warnedEmptyContent = true;
                Log.GuildMessageWithoutContent(logger);
            }

            return null;
        }

        var text = message.Content ?? "";
        if (text.Trim().Length == 0)
        {
            return null;
        }

        if (dms.BelongsToSomeoneElse(message.ChannelId, author.Id))
        {
            Log.ForeignDmChannel(logger, "MESSAGE_CREATE", message.Id);
            return null;
        }

        dms.Remember(author.Id, message.ChannelId);
        var key = ConversationKey.Private(Platform.Discord, message.ChannelId, author.Id);
        var at = message.Timestamp ?? receivedAt;
        InboundEvent inbound = TryParseTypedCommand(text, out var name, out var argument)
            ? new CommandReceived(key, ChatKind.Private, author.Id, at, message.Id, name, argument)
            : new TextReceived(key, ChatKind.Private, author.Id, at, message.Id, text);
        return new WorkItem(key.ToString(), inbound, null);
    }

    private WorkItem? OnInteraction(Interaction? interaction, DateTimeOffset receivedAt)
    {
        if (interaction?.Invoker is not { } user || user.Bot == true || interaction.ChannelId is null)
        {
            return null;
        }

        if (!_seen.Add("i:" + interaction.Id))
        {
            Log.DuplicateDropped(logger, "INTERACTION_CREATE", interaction.Id);
            return null; // a replayed interaction was answered the first time; answering again gives 40060
        }

        var guild = interaction.GuildId is not null;
        var key = guild
            ? ConversationKey.Channel(Platform.Discord, interaction.ChannelId)
            : ConversationKey.Private(Platform.Discord, interaction.ChannelId, user.Id);
        var chat = guild ? ChatKind.Group : ChatKind.Private;
        var foreignDm = false;
        if (!guild && dms.BelongsToSomeoneElse(interaction.ChannelId, user.Id))
        {
            // another person's DM channel: answered (privately) with a refusal, never acted on
            Log.ForeignDmChannel(logger, "INTERACTION_CREATE", interaction.Id);
            foreignDm = true;
        }

        if (!guild)
        {
            if (!foreignDm)
            {
                dms.Remember(user.Id, interaction.ChannelId);
            }
        }
        else
        {
            guildChannels.Remember(interaction.GuildId!, interaction.ChannelId); // so a removal from the guild reaches this channel
        }

        var context = new InteractionContext(interaction, key, chat, user.Id, rest, options.Value, time, logger, receivedAt);
        var isAdmin = guild && DiscordPermissions.IsAdmin(interaction.Member?.Permissions); // channel overwrites included
        WorkItem Refuse(string text) => new(key.ToString(), null, context, text);
        if (foreignDm)
        {
            return interaction.Type switch
            {
                3 => Refuse(ForeignButton),
                2 or 5 => Refuse(ExpiredButton),
                _ => DisposeAndIgnore(context),
            };
        }

        switch (interaction.Type)
        {
            case 2: // APPLICATION_COMMAND
                var name = interaction.Data?.Name?.ToLowerInvariant() ?? "";
                if (!BotCommands.All.Any(c => c.Name == name))
                {
                    return Refuse(UnknownCommand);
                }

                if (guild && options.Value.IsGuildAdminCommand(name) && !isAdmin)
                {
                    return Refuse(AdminOnly);
                }

                Log.CommandReceived(logger, name, key.ToString());
                return new WorkItem(key.ToString(),
                    new CommandReceived(key, chat, user.Id, receivedAt, interaction.Id, name, InteractionParsing.CommandArgument(interaction.Data))
                    {
                        SenderIsAdmin = isAdmin,
                    },
                    context);

            case 3: // MESSAGE_COMPONENT
                if (!CustomIds.TryDecode(interaction.Data?.CustomId, out var id))
                {
                    return Refuse(ExpiredButton);
                }

                if (!id.IsForAnyone && id.Owner != user.Id)
                {
                    Log.ForeignButtonRefused(logger, key.ToString());
                    return Refuse(ForeignButton);
                }

                if (id.ConversationTag != CustomIds.Tag(key))
                {
                    return Refuse(ExpiredButton); // a button of another conversation
                }

                return new WorkItem(key.ToString(), new ChoiceSelected(key, chat, user.Id, receivedAt, interaction.Id, id.ChoiceId) { SenderIsAdmin = isAdmin, PromptId = id.PromptId }, context);

            case 5: // MODAL_SUBMIT: BreatheBot sends no modals yet; a typed value counts as text in a DM
                var value = InteractionParsing.ModalValues(interaction.Data).Values.FirstOrDefault();
                if (guild || string.IsNullOrWhiteSpace(value))
                {
                    return Refuse(ExpiredButton);
                }

                return new WorkItem(key.ToString(), new TextReceived(key, chat, user.Id, receivedAt, interaction.Id, value), context);

            default: // PING and AUTOCOMPLETE are not used over the gateway
                context.Dispose();
                return null;
        }
    }

    private static WorkItem? DisposeAndIgnore(InteractionContext context)
    {
        context.Dispose();
        return null;
    }

    private WorkItem? OnGuildCreate(GuildCreateData? guild, DateTimeOffset receivedAt)
    {
        if (guild is null || guild.Unavailable == true)
        {
            if (guild is not null)
            {
                _knownGuilds.Add(guild.Id);
            }

            return null;
        }

        _systemChannels[guild.Id] = guild.SystemChannelId;
        if (!_knownGuilds.Add(guild.Id))
        {
            return null; // a guild from READY becoming available, not a join
        }

        Log.GuildJoined(logger, guild.Id);
        if (guild.SystemChannelId is not { } channelId || SelfId is null || DiscordPermissions.CanPost(guild, channelId, SelfId) == false)
        {
            Log.WelcomeSkipped(logger, guild.Id);
            return null;
        }

        guildChannels.Remember(guild.Id, channelId);
        var key = ConversationKey.Channel(Platform.Discord, channelId);
        var joined = (guild.JoinedAt ?? receivedAt).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        return new WorkItem(key.ToString(), new MembershipChanged(key, ChatKind.Group, "", receivedAt, $"guild-join:{guild.Id}:{joined}", true), null);
    }

    /// <summary>
    /// The bot was removed from a guild (not an outage): every channel of that guild with a conversation is told, so its
    /// schedules stop (the core keeps the settings for a while, then deletes them).
    /// </summary>
    private IReadOnlyList<WorkItem> OnGuildDelete(UnavailableGuild? guild, DateTimeOffset receivedAt)
    {
        if (guild is null || guild.Unavailable == true)
        {
            return []; // an outage, not a removal
        }

        _knownGuilds.Remove(guild.Id);
        var channels = new SortedSet<string>(guildChannels.Forget(guild.Id), StringComparer.Ordinal);
        if (_systemChannels.Remove(guild.Id, out var systemChannel) && systemChannel is not null)
        {
            channels.Add(systemChannel);
        }

        Log.GuildLeft(logger, guild.Id, channels.Count);
        return [.. channels.Select(channelId =>
        {
            var key = ConversationKey.Channel(Platform.Discord, channelId);
            return new WorkItem(key.ToString(), new MembershipChanged(key, ChatKind.Group, "", receivedAt, null, false), null);
        })];
    }

    /// <summary>"/headache" or "/start payload" typed in a DM (the client's slash menu is not always used).</summary>
    private static bool TryParseTypedCommand(string text, out string name, out string? argument)
    {
        name = "";
        argument = null;
        var trimmed = text.Trim();
        if (trimmed.Length < 2 || trimmed[0] != '/')
        {
            return false;
        }

        var space = trimmed.IndexOf(' ', StringComparison.Ordinal);
        var candidate = (space < 0 ? trimmed[1..] : trimmed[1..space]).ToLowerInvariant();
        if (!BotCommands.All.Any(c => c.Name == candidate))
        {
            return false;
        }

        name = candidate;
        argument = space < 0 ? null : trimmed[(space + 1)..].Trim() is { Length: > 0 } rest ? rest : null;
        return true;
    }
}

/// <summary>Reads the nested shapes of interaction data.</summary>
internal static class InteractionParsing
{
    /// <summary>Sub-command names and option values joined by spaces, or null when the command has no options.</summary>
    public static string? CommandArgument(InteractionData? data)
    {
        if (data?.Options is not { Count: > 0 } options)
        {
            return null;
        }

        var parts = new List<string>();
        void Walk(IEnumerable<CommandOption> list)
        {
            foreach (var option in list)
            {
                if (option.Type is 1 or 2)
                {
                    parts.Add(option.Name);
                }
                else if (option.Value is { } value)
                {
                    parts.Add(value.ValueKind == JsonValueKind.String ? value.GetString() ?? "" : value.GetRawText());
                }

                if (option.Options is { } nested)
                {
                    Walk(nested);
                }
            }
        }

        Walk(options);
        return parts.Count == 0 ? null : string.Join(' ', parts);
    }

    /// <summary>Text input values by custom id, from Label (type 18) or legacy Action Row (type 1) shapes.</summary>
    public static Dictionary<string, string> ModalValues(InteractionData? data)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        void Take(Component? c)
        {
            if (c is { Type: 4, CustomId: { } id })
            {
                values[id] = c.Value ?? "";
            }
        }

        foreach (var top in data?.Components ?? [])
        {
            if (top.Type == 18)
            {
                Take(top.Child);
            }
            else if (top.Type == 1)
            {
                foreach (var inner in top.Components ?? [])
                {
                    Take(inner);
                }
            }
        }

        return values;
    }
}

/// <summary>A bounded set of recently seen ids (events may be delivered more than once, and resumes replay).</summary>
internal sealed class RecentIds(int capacity)
{
    private readonly HashSet<string> _set = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();

    public bool Add(string id)
    {
        if (!_set.Add(id))
        {
            return false;
        }

        _order.Enqueue(id);
        if (_order.Count > capacity)
        {
            _set.Remove(_order.Dequeue());
        }

        return true;
    }
}

internal static partial class Log
{
    [LoggerMessage(3403, LogLevel.Warning, "Discord dispatch {Type} (s {Sequence}) could not be read ({ErrorType}); skipped")]
    public static partial void DispatchUnreadable(ILogger logger, string type, int? sequence, string errorType);

    [LoggerMessage(3404, LogLevel.Debug, "Discord {Type} {Id} seen before; dropped")]
    public static partial void DuplicateDropped(ILogger logger, string type, string id);

    [LoggerMessage(3405, LogLevel.Information, "A guild message arrived without content: MESSAGE_CONTENT is not requested, so in guilds BreatheBot acts on slash commands only (by design)")]
    public static partial void GuildMessageWithoutContent(ILogger logger);

    [LoggerMessage(3406, LogLevel.Information, "Discord command /{Command} in {Conversation}")]
    public static partial void CommandReceived(ILogger logger, string command, string conversation);

    [LoggerMessage(3407, LogLevel.Information, "Discord button press in {Conversation} refused: it belongs to another person")]
    public static partial void ForeignButtonRefused(ILogger logger, string conversation);

    [LoggerMessage(3408, LogLevel.Information, "Discord bot joined guild {GuildId}")]
    public static partial void GuildJoined(ILogger logger, string guildId);

    [LoggerMessage(3409, LogLevel.Information, "No welcome in guild {GuildId}: no system channel or no permission to post there")]
    public static partial void WelcomeSkipped(ILogger logger, string guildId);

    [LoggerMessage(3417, LogLevel.Warning, "Discord {Type} {Id} claims a DM channel known to be another person's; refused")]
    public static partial void ForeignDmChannel(ILogger logger, string type, string id);

    [LoggerMessage(3415, LogLevel.Information, "Discord bot removed from guild {GuildId}; stopping {ChannelCount} channel conversation(s)")]
    public static partial void GuildLeft(ILogger logger, string guildId, int channelCount);
}
