using System.ComponentModel.DataAnnotations;
using BreatheBot.Core.Configuration;
using BreatheBot.Core.Content;
using Microsoft.Extensions.Options;

namespace BreatheBot.Core.Conversations;

/// <summary>How the conversation flow behaves. Bound from the "Conversation" section.</summary>
public sealed class ConversationOptions
{
    public const string SectionName = "Conversation";

    /// <summary>When to check in after an episode (content.md §6: default 30 minutes).</summary>
    [TimeSpanRange("00:01:00", "1.00:00:00")]
    public TimeSpan FollowUpDelay { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How long a follow-up question waits for an answer before it expires politely.</summary>
    [TimeSpanRange("00:05:00", "2.00:00:00")]
    public TimeSpan FollowUpAnswerWindow { get; set; } = TimeSpan.FromHours(3);

    /// <summary>An unanswered triage question older than this expires with a message (also after a restart).</summary>
    [TimeSpanRange("00:05:00", "2.00:00:00")]
    public TimeSpan QuestionTimeout { get; set; } = TimeSpan.FromHours(2);

    /// <summary>A pacer wake-up later than this (e.g. after downtime) offers to restart instead of replaying phases.</summary>
    [TimeSpanRange("00:00:02", "00:10:00")]
    public TimeSpan PacerLateTolerance { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Sustained-pressure hold per side, 30–90 s (content.md §5: default 60).</summary>
    [Range(30, 90)]
    public int HoldSeconds { get; set; } = 60;

    /// <summary>How often the hold timer message is updated.</summary>
    [Range(5, 90)]
    public int HoldTickSeconds { get; set; } = 15;

    /// <summary>Default breathing length, 1–5 minutes (content.md §4: default 3).</summary>
    [Range(1, 5)]
    public int DefaultBreathingMinutes { get; set; } = 3;

    /// <summary>Emergency number(s) shown with urgent advice (content.md §1: default "112 / 999 / 911 / 000").</summary>
    [Required(AllowEmptyStrings = false)]
    [MinLength(2)]
    public string EmergencyNumbers { get; set; } = Wording.DefaultEmergencyNumbers;

    /// <summary>The local non-emergency line, e.g. "NHS 111".</summary>
    [Required(AllowEmptyStrings = false)]
    [MinLength(2)]
    public string NonEmergencyLine { get; set; } = Wording.DefaultNonEmergencyLine;

    /// <summary>A scheduled channel session or reminder that fell due while the bot was down still fires if this late; older ones are skipped.</summary>
    [TimeSpanRange("00:00:00", "02:00:00")]
    public TimeSpan ChannelScheduleGrace { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long a channel's settings are kept after the bot is removed from it.</summary>
    [TimeSpanRange("00:00:00", "365.00:00:00")]
    public TimeSpan ChannelSettingsRetention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>
    /// After an emergency warning sign, for this long every new flow first repeats the emergency advice and asks
    /// "Have you got help?", and massage is not offered at all (content.md §2).
    /// </summary>
    [TimeSpanRange("00:00:00", "7.00:00:00")]
    public TimeSpan MassagePauseAfterEmergency { get; set; } = TimeSpan.FromHours(12);

    private readonly Dictionary<Platform, Func<string, string, string>> _commandSyntax = [];

    /// <summary>
    /// An adapter whose platform types a command's argument differently (Discord puts it in a named slash-command option)
    /// says how, so examples in replies show what the person must really type. Not a setting: adapters call it when added.
    /// </summary>
    public void SetCommandSyntax(Platform platform, Func<string, string, string> withArgument)
    {
        ArgumentNullException.ThrowIfNull(withArgument);
        _commandSyntax[platform] = withArgument;
    }

    /// <summary>"/command argument" as typed on <paramref name="platform"/> (that form unless its adapter said otherwise).</summary>
    public string CommandWithArgument(Platform platform, string command, string argument) =>
        _commandSyntax.TryGetValue(platform, out var syntax) ? syntax(command, argument) : "/" + command + " " + argument;
}

/// <summary>Rules that span fields, beyond the data annotations.</summary>
public sealed class ConversationOptionsCrossFieldValidator : IValidateOptions<ConversationOptions>
{
    public ValidateOptionsResult Validate(string? name, ConversationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = new ValidateOptionsResultBuilder();
        if (options.HoldTickSeconds > options.HoldSeconds)
        {
            builder.AddError($"Conversation:HoldTickSeconds ({options.HoldTickSeconds}) must not exceed Conversation:HoldSeconds ({options.HoldSeconds}).");
        }

        if (options.FollowUpAnswerWindow < options.FollowUpDelay / 2)
        {
            builder.AddError("Conversation:FollowUpAnswerWindow must be at least half of Conversation:FollowUpDelay, or follow-ups would expire before anyone sees them.");
        }

        return builder.Build();
    }
}
