namespace BreatheBot.Core.Commands;

/// <summary>Where a command appears in a platform's command menu.</summary>
[Flags]
public enum CommandScope
{
    Private = 1,
    Group = 2,
    Everywhere = Private | Group,
}

/// <summary>A command the core understands, for adapters to register in their menus (setMyCommands, slash commands).</summary>
public sealed record BotCommandInfo(string Name, string Description, CommandScope Scope);

/// <summary>The commands every adapter registers. The core is the single source of truth for names and descriptions.</summary>
public static class BotCommands
{
    public const string Start = "start";
    public const string Headache = "headache";
    public const string Breathe = "breathe";
    public const string Points = "points";
    public const string Help = "help";
    public const string Stop = "stop";
    public const string History = "history";
    public const string Stats = "stats";
    public const string Export = "export";
    public const string Report = "report";
    public const string Forget = "forget";
    public const string Privacy = "privacy";
    public const string Settings = "settings";
    public const string Link = "link";
    public const string Log = "log";
    public const string ChannelStats = "channelstats";

    /// <summary>Commands about a person's own data: private chat only, never answered with data in a group.</summary>
    public static bool IsPersonal(string name) =>
        name is Headache or Points or History or Stats or Report or Export or Forget or Settings or Link or Log;

    public static IReadOnlyList<BotCommandInfo> All { get; } =
    [
        new(Headache, "A headache is starting: check, breathe, ease it", CommandScope.Everywhere),
        new(Breathe, "A guided slow-breathing exercise", CommandScope.Everywhere),
        new(Points, "Trigger-point self-massage steps", CommandScope.Everywhere),
        new(Help, "What I can do, and when to get help", CommandScope.Everywhere),
        new(Stop, "Stop what we're doing", CommandScope.Everywhere),
        new(History, "Your recent episodes: edit or delete one", CommandScope.Private),
        new(Log, "Log a past headache (one you didn't record at the time)", CommandScope.Private),
        new(Stats, "What helps you: your own figures and a chart", CommandScope.Private),
        new(Report, "A PDF report of your diary for your doctor", CommandScope.Private),
        new(Export, "Download your whole diary (CSV and JSON)", CommandScope.Private),
        new(Forget, "Delete everything I store about you", CommandScope.Private),
        new(Privacy, "What I store and how to delete it", CommandScope.Everywhere),
        new(Settings, "Time zone, breathing, follow-up, emergency number", CommandScope.Private),
        new(Link, "Use one diary on Telegram and Discord", CommandScope.Private),
        new(ChannelStats, "Channel counts for admins (no personal data)", CommandScope.Group),
        new(Start, "Welcome and how I work", CommandScope.Private),
    ];
}
