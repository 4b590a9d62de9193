using System.ComponentModel.DataAnnotations;
using BreatheBot.Core.Commands;
using BreatheBot.Core.Configuration;

namespace BreatheBot.DiscordAdapter;

/// <summary>
/// Settings of the Discord adapter, bound from the <c>Discord</c> configuration section.
/// The adapter is enabled only when <see cref="BotToken"/> is set. Delays are options so tests can shrink them to milliseconds.
/// </summary>
public sealed class DiscordOptions
{
    public const string SectionName = "Discord";

    /// <summary>The bot token from the Developer Portal (Bot page). A secret: keep it in user-secrets or an environment variable.</summary>
    public string? BotToken { get; set; }

    /// <summary>The application id (General Information page), used to register slash commands and answer interactions.</summary>
    public string? ApplicationId { get; set; }

    /// <summary>REST base URL including the version. Tests point it at loopback.</summary>
    public string ApiBaseUrl { get; set; } = "https://discord.com/api/v10";

    /// <summary>Optional gateway URL; when set, <c>GET /gateway/bot</c> is not called.</summary>
    public string? GatewayUrl { get; set; }

    /// <summary>When set, slash commands are registered in this guild only (instant updates while developing; they do not appear in DMs).</summary>
    public string? DevGuildId { get; set; }

    /// <summary>Gateway intents. Default GUILDS | GUILD_MESSAGES | DIRECT_MESSAGES = 4609 (no privileged intent).</summary>
    [Range(0, int.MaxValue)]
    public int Intents { get; set; } = GatewayIntents.Default;

    /// <summary>The URL in the required <c>User-Agent: DiscordBot (url, version)</c> header.</summary>
    [Required(AllowEmptyStrings = false)]
    public string UserAgentUrl { get; set; } = "https://github.com/breathebot/breathebot";

    /// <summary>Shard of this process and the shard count. Shard 0 receives all DMs.</summary>
    [Range(0, int.MaxValue)]
    public int ShardId { get; set; }

    [Range(1, int.MaxValue)]
    public int ShardCount { get; set; } = 1;

    /// <summary>Small JSON file holding the daily Identify count and the registered command hash (0600). A relative path is taken from the data directory (<c>Data:Directory</c>), like Storage:Path.</summary>
    public string StateFile { get; set; } = "discord-state.json";

    /// <summary>Register slash commands at start (only when the command set changed).</summary>
    public bool RegisterCommands { get; set; } = true;

    /// <summary>
    /// More commands only guild admins (ADMINISTRATOR or MANAGE_GUILD) may run in guilds, hidden from others by default.
    /// <c>/settings</c> (in a channel) and <c>/channelstats</c> are always admin-only there; see <see cref="IsGuildAdminCommand"/>.
    /// </summary>
    public IList<string> AdminCommands { get; } = [];

    [TimeSpanRange("00:00:00.010", "00:05:00")]
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(15);
    [TimeSpanRange("00:00:00.010", "00:05:00")]
    public TimeSpan HelloTimeout { get; set; } = TimeSpan.FromSeconds(20);
    [TimeSpanRange("00:00:00.010", "00:05:00")]
    public TimeSpan ReadyTimeout { get; set; } = TimeSpan.FromSeconds(15);
    [TimeSpanRange("00:00:00.010", "00:05:00")]
    public TimeSpan CloseTimeout { get; set; } = TimeSpan.FromSeconds(5);
    [TimeSpanRange("00:00:00.010", "00:10:00")]
    public TimeSpan ReconnectBackoffBase { get; set; } = TimeSpan.FromSeconds(1);
    [TimeSpanRange("00:00:00.010", "01:00:00")]
    public TimeSpan ReconnectBackoffCap { get; set; } = TimeSpan.FromSeconds(60);
    [TimeSpanRange("00:00:01", "01:00:00")]
    public TimeSpan BackoffResetAfter { get; set; } = TimeSpan.FromSeconds(60);
    [TimeSpanRange("00:00:00", "00:01:00")]
    public TimeSpan ReconnectJitterMax { get; set; } = TimeSpan.FromMilliseconds(500);
    [TimeSpanRange("00:00:00", "00:01:00")]
    public TimeSpan InvalidSessionDelayMin { get; set; } = TimeSpan.FromSeconds(1);
    [TimeSpanRange("00:00:00", "00:01:00")]
    public TimeSpan InvalidSessionDelayMax { get; set; } = TimeSpan.FromSeconds(5);
    [TimeSpanRange("00:00:00.010", "00:01:00")]
    public TimeSpan IdentifyInterval { get; set; } = TimeSpan.FromSeconds(5);
    [TimeSpanRange("00:00:00", "00:01:00")]
    public TimeSpan IdentifyExtraJitterMax { get; set; } = TimeSpan.FromSeconds(1.5);

    /// <summary>Discord allows 1000 Identify calls a day and resets the token beyond; above this the adapter stops and alerts.</summary>
    [Range(1, 1000, ErrorMessage = "Discord:MaxIdentifiesPerDay must be from 1 to 1000 (Discord resets the token at 1000 a day).")]
    public int MaxIdentifiesPerDay { get; set; } = 900;

    /// <summary>An interaction not answered after this long is deferred (type 5/6); Discord's hard limit is 3 s.</summary>
    public TimeSpan InteractionDeferAfter { get; set; } = TimeSpan.FromSeconds(1.5);

    [Range(0, 20)]
    public int RestMaxRateLimitRetries { get; set; } = 4;
    [Range(0, 20)]
    public int RestMaxServerErrorRetries { get; set; } = 3;
    [TimeSpanRange("00:00:00.010", "00:05:00")]
    public TimeSpan RestServerErrorBaseDelay { get; set; } = TimeSpan.FromSeconds(1);
    [TimeSpanRange("00:00:00", "00:00:05")]
    public TimeSpan RestResetSlack { get; set; } = TimeSpan.FromMilliseconds(50);
    [TimeSpanRange("00:00:01", "1.00:00:00")]
    public TimeSpan RestBanPause { get; set; } = TimeSpan.FromMinutes(15);
    [TimeSpanRange("00:00:01", "00:05:00")]
    public TimeSpan RestRequestTimeout { get; set; } = TimeSpan.FromSeconds(30);
    /// <summary>
    /// Cluster mode (PostgreSQL): bot-token requests per second of ALL nodes together, from one shared bucket (bursts
    /// of a twentieth of it), below Discord's global 50/s for a margin: requests granted evenly can still reach Discord
    /// bunched. One node alone keeps its own 50/s gate only.
    /// </summary>
    [Range(1, 50)]
    public int ClusterRequestsPerSecond { get; set; } = 40;
    [Range(1, 10_000)]
    public int InvalidRequestWarnThreshold { get; set; } = 1000;
    [Range(1, 10_000)]
    public int InvalidRequestFailThreshold { get; set; } = 5000;

    [Range(1, 1_000_000)]
    public int DispatchQueueCapacity { get; set; } = 1024;
    [Range(1, 256)]
    public int HandlerConcurrency { get; set; } = 4;
    [TimeSpanRange("00:00:00.010", "01:00:00")]
    public TimeSpan SlowHandlerWarning { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// In a server channel only admins may run it (refused privately by the adapter; the core checks too): the channel's
    /// settings, its counts, and any configured <see cref="AdminCommands"/>.
    /// </summary>
    internal bool IsGuildAdminCommand(string name) =>
        name is BotCommands.Settings or BotCommands.ChannelStats || AdminCommands.Contains(name, StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Registered with <c>default_member_permissions</c> = Manage Server, so the client hides it from other members.
    /// Not <c>/settings</c>: it is also everyone's personal command in DMs.
    /// </summary>
    internal bool IsHiddenFromNonAdmins(string name) =>
        name is BotCommands.ChannelStats || AdminCommands.Contains(name, StringComparer.OrdinalIgnoreCase);

    internal string UserAgent => $"DiscordBot ({UserAgentUrl}, {typeof(DiscordOptions).Assembly.GetName().Version?.ToString(3) ?? "1.0.0"})";
}

/// <summary>Gateway intent bits used by BreatheBot.</summary>
public static class GatewayIntents
{
    public const int Guilds = 1 << 0;
    public const int GuildMembers = 1 << 1;
    public const int GuildPresences = 1 << 8;
    public const int GuildMessages = 1 << 9;
    public const int DirectMessages = 1 << 12;
    public const int MessageContent = 1 << 15;
    public const int Default = Guilds | GuildMessages | DirectMessages;
    public const int Privileged = GuildMembers | GuildPresences | MessageContent;
}
