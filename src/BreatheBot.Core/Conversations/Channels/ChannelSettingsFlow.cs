using System.Globalization;
using BreatheBot.Core.Channels;
using BreatheBot.Core.Commands;
using BreatheBot.Core.Content;
using BreatheBot.Core.Episodes;
using BreatheBot.Core.Messaging;

using BreatheBot.Core.Privacy;

namespace BreatheBot.Core.Conversations;

/// <summary>A channel's settings (admins only): shared sessions, desk-break reminders, time zone; by buttons or "/settings item value".</summary>
internal sealed class ChannelSettingsFlow(StepKit kit)
{
    private readonly StepKit _kit = kit;

    internal const string SettingsSlot = "settings";

    public ConversationState OnChannelSettingsCommand(Turn turn, ChannelState channel, string? argument)
    {
        if (!turn.Inbound.SenderIsAdmin)
        {
            turn.Say("channel.admins-only", ChannelWording.AdminsOnly);
            return channel;
        }

        var parts = (argument ?? string.Empty).Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length == 2)
        {
            var settings = channel.Settings;
            switch (parts[0].ToLowerInvariant())
            {
                case "time" when TimeOnly.TryParseExact(parts[1], ["H:mm", "HH:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time):
                    return SaveChannelSettings(turn, channel, settings with { SessionAt = time }, edit: false);
                case "timezone" when TimeZoneNames.TryResolve(parts[1], out var zone):
                    return SaveChannelSettings(turn, channel, settings with { TimeZoneId = zone.Id }, edit: false);
                default:
                    turn.Say("channel.settings.unknown", ChannelWording.SettingUnreadable(SettingsSyntax(turn)));
                    return channel;
            }
        }

        turn.Say("channel.settings", ChannelWording.Summary(channel.Settings, SettingsSyntax(turn)), SettingsMenu, SettingsSlot);
        return channel with { Editing = null };
    }

    private static readonly IReadOnlyList<ReplyChoice> SettingsMenu =
    [
        new("cs:edit:0", "Breathing time"),
        new("cs:edit:1", "Days"),
        new("cs:edit:2", "Time zone"),
        new("cs:edit:3", "Reminders"),
        new("cs:edit:4", "Working hours"),
        new("cs:edit:5", "Quiet hours"),
        new("cs:edit:6", "Breathing exercise"),
        new("cs:done", "Done"),
    ];

    /// <summary>The exercises an admin may choose for the channel (resonance is the default); buttons state their real lengths.</summary>
    internal static readonly (string Id, BreathingPreset Preset, int Minutes)[] SessionExercises =
    [
        ("r3", BreathingPreset.Resonance, 3), ("r5", BreathingPreset.Resonance, 5), ("b3", BreathingPreset.Box, 3), ("478", BreathingPreset.FourSevenEight, 3),
    ];

    private static readonly string[] SessionTimes = ["off", "08:30", "09:00", "09:30", "10:00", "11:00", "12:30", "14:00", "15:00", "16:00"];
    private static readonly string[] ChannelZones = ["UTC", "Europe/London", "Europe/Berlin", "America/New_York", "America/Chicago", "America/Los_Angeles", "Asia/Kolkata", "Australia/Sydney"];

    private static IReadOnlyList<ReplyChoice> OptionsFor(ChannelSettingItem item) => item switch
    {
        ChannelSettingItem.SessionTime => [.. SessionTimes.Select(t => new ReplyChoice("cs:set:0:" + t, t == "off" ? "Off" : t))],
        ChannelSettingItem.SessionDays => [new("cs:set:1:weekdays", "Weekdays"), new("cs:set:1:everyday", "Every day")],
        ChannelSettingItem.TimeZone => [.. ChannelZones.Select(z => new ReplyChoice("cs:set:2:" + z, z))],
        ChannelSettingItem.Reminders => [new("cs:set:3:0", "Off"), new("cs:set:3:1", "Every hour"), new("cs:set:3:2", "Every 2 hours"), new("cs:set:3:3", "Every 3 hours")],
        ChannelSettingItem.WorkingHours => [new("cs:set:4:08-16", "08:00–16:00"), new("cs:set:4:09-17", "09:00–17:00"), new("cs:set:4:10-18", "10:00–18:00")],
        ChannelSettingItem.QuietHours => [new("cs:set:5:none", "None"), new("cs:set:5:12-13", "12:00–13:00"), new("cs:set:5:22-07", "22:00–07:00")],
        _ => [.. SessionExercises.Select(e => new ReplyChoice("cs:set:6:" + e.Id, ChannelWording.SessionExercise(e.Preset, e.Minutes)))],
    };

    public ConversationState OnChannelSettingsButton(Turn turn, ChannelState channel, string choiceId)
    {
        if (!turn.Inbound.SenderIsAdmin)
        {
            turn.Add(new NoticeReply("channel.admins-only", ChannelWording.AdminsOnly));
            return channel;
        }

        var parts = choiceId.Split(':');
        if (parts is ["cs", "done"])
        {
            turn.Edit("channel.settings", SettingsSlot, ChannelWording.Summary(channel.Settings, SettingsSyntax(turn)).Split("\n\n")[0], []);
            return channel with { Editing = null };
        }

        if (parts is ["cs", "edit", var itemText] && int.TryParse(itemText, CultureInfo.InvariantCulture, out var itemNumber) && Enum.IsDefined((ChannelSettingItem)itemNumber))
        {
            var item = (ChannelSettingItem)itemNumber;
            turn.Edit("channel.settings", SettingsSlot, ChannelWording.Ask(item), OptionsFor(item));
            return channel with { Editing = item };
        }

        if (parts.Length >= 4 && parts[0] == "cs" && parts[1] == "set" && TryApply(channel.Settings, parts[2], string.Join(':', parts[3..]), out var updated))
        {
            return SaveChannelSettings(turn, channel, updated, edit: true);
        }

        turn.Add(new NoticeReply("stale", Wording.StaleButton));
        return channel;
    }

    private static bool TryApply(ChannelSettings settings, string item, string value, out ChannelSettings updated)
    {
        updated = settings;
        switch (item)
        {
            case "0":
                if (value == "off")
                {
                    updated = settings with { SessionAt = null };
                    return true;
                }

                if (TimeOnly.TryParseExact(value, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
                {
                    updated = settings with { SessionAt = time };
                    return true;
                }

                return false;
            case "1":
                updated = settings with { SessionDays = value == "everyday" ? SessionDays.EveryDay : SessionDays.Weekdays };
                return value is "everyday" or "weekdays";
            case "2":
                if (ChannelZones.Contains(value))
                {
                    updated = settings with { TimeZoneId = value };
                    return true;
                }

                return false;
            case "3":
                updated = settings with { ReminderEveryHours = value switch { "1" => 1, "2" => 2, "3" => 3, _ => null } };
                return value is "0" or "1" or "2" or "3";
            case "4":
                var hours = value switch { "08-16" => (8, 16), "09-17" => (9, 17), "10-18" => (10, 18), _ => (0, 0) };
                updated = settings with { WorkStart = new TimeOnly(hours.Item1, 0), WorkEnd = new TimeOnly(hours.Item2, 0) };
                return hours.Item2 > 0;
            case "5":
                updated = value switch
                {
                    "none" => settings with { QuietFrom = null, QuietTo = null },
                    "12-13" => settings with { QuietFrom = new TimeOnly(12, 0), QuietTo = new TimeOnly(13, 0) },
                    "22-07" => settings with { QuietFrom = new TimeOnly(22, 0), QuietTo = new TimeOnly(7, 0) },
                    _ => settings,
                };
                return value is "none" or "12-13" or "22-07";
            case "6":
                foreach (var exercise in SessionExercises)
                {
                    if (exercise.Id == value)
                    {
                        updated = settings with { SessionPreset = exercise.Preset, SessionMinutes = exercise.Minutes };
                        return true;
                    }
                }

                return false;
            default:
                return false;
        }
    }

    /// <summary>How /settings with a typed change is written on this conversation's platform (the adapter's syntax).</summary>
    private Func<string, string> SettingsSyntax(Turn turn) =>
        argument => _kit.Options.CommandWithArgument(turn.Inbound.Key.Platform, BotCommands.Settings, argument);

    private ChannelState SaveChannelSettings(Turn turn, ChannelState channel, ChannelSettings settings, bool edit)
    {
        var updated = ChannelFlow.Reschedule(channel with { Settings = settings, Editing = null }, turn.Now);
        if (edit)
        {
            turn.Edit("channel.settings", SettingsSlot, ChannelWording.Summary(settings, SettingsSyntax(turn)), SettingsMenu);
        }
        else
        {
            turn.Say("channel.settings", ChannelWording.Summary(settings, SettingsSyntax(turn)), SettingsMenu, SettingsSlot);
        }

        return updated;
    }
}
