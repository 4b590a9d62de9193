using System.Globalization;
using BreatheBot.Core.Channels;
using BreatheBot.Core.Commands;
using BreatheBot.Core.Content;
using BreatheBot.Core.Episodes;
using BreatheBot.Core.Messaging;

using BreatheBot.Core.Privacy;

using static BreatheBot.Core.Conversations.EpisodeLifecycle;
using static BreatheBot.Core.Conversations.PromptStamps;

namespace BreatheBot.Core.Conversations;

/// <summary>
/// A group channel (content.md §8): never ask or show anything about a person's health here. Personal flows move to
/// a private chat. The channel gets shared breathing breaks (on /breathe or on a schedule), desk-break reminders,
/// settings for its admins and aggregate counts.
/// </summary>
public sealed partial class ConversationEngine
{
    private const string SettingsSlot = "settings";

    private ConversationState HandleChannel(Turn turn, ConversationState state)
    {
        var channel = state as ChannelState ?? new ChannelState();
        if (channel.Removed && turn.Inbound is CommandReceived or ChoiceSelected)
        {
            // Someone used the bot here, so it is back in the channel (a Discord server re-adds the bot as a whole and
            // announces no channel but its system channel): the kept settings apply again.
            channel = Reschedule(channel with { Removed = false, ForgetAt = null }, turn.Now);
        }

        switch (turn.Inbound)
        {
            case TimerFired timer:
                return state.WakeAt == timer.DueAt ? OnChannelTimer(turn, channel, timer) : state;

            case MembershipChanged { Added: true }:
                turn.Say("channel.welcome", Wording.GroupWelcome);
                return Reschedule(channel with { Removed = false, ForgetAt = null }, turn.Now);

            case MembershipChanged { Added: false }:
                // Removed: every schedule stops; the settings are kept for a while, then deleted.
                return (channel with { Removed = true, Session = null, Editing = null, ForgetAt = turn.Now + _kit.Options.ChannelSettingsRetention }).Rearmed();

            case CommandReceived command:
                return OnChannelCommand(turn, channel, command);

            case ChoiceSelected { ChoiceId: "sb:join" }:
                return Join(turn, channel);

            case ChoiceSelected { ChoiceId: "sb:stop" }:
                return StopSharedBreathing(turn, channel);

            case ChoiceSelected choice when choice.ChoiceId.StartsWith("cs:", StringComparison.Ordinal):
                return OnChannelSettingsButton(turn, channel, choice.ChoiceId);

            default:
                // Plain messages and stale buttons in a channel get no reply.
                return state;
        }
    }

    private ConversationState OnChannelCommand(Turn turn, ChannelState channel, CommandReceived command)
    {
        switch (command.Name)
        {
            case BotCommands.Settings:
                // In a channel, /settings is the channel's own settings, for its admins.
                return OnChannelSettingsCommand(turn, channel, command.Argument);
            case var personal when BotCommands.IsPersonal(personal):
                turn.Add(new MoveToPrivateReply("channel.move-private", Wording.MoveToPrivate, Wording.MoveToPrivateButton, command.Name));
                return channel;
            case BotCommands.Privacy:
                turn.Say("privacy", PrivacyNotice.For(turn.Inbound.Key.Platform, _kit.Privacy));
                return channel;
            case BotCommands.Start:
                var payload = command.Argument?.Trim().ToLowerInvariant();
                if (payload is not null && BotCommands.IsPersonal(payload))
                {
                    turn.Add(new MoveToPrivateReply("channel.move-private", Wording.MoveToPrivate, Wording.MoveToPrivateButton, payload));
                    return channel;
                }

                turn.Say("channel.welcome", Wording.GroupWelcome);
                return channel;
            case BotCommands.Breathe:
                return StartSharedBreathing(turn, channel, scheduled: false);
            case BotCommands.Stop:
                return StopSharedBreathing(turn, channel);
            case BotCommands.ChannelStats:
                if (!turn.Inbound.SenderIsAdmin)
                {
                    turn.Say("channel.admins-only", ChannelWording.AdminsOnly);
                    return channel;
                }

                turn.Say("channel.stats", ChannelWording.Stats(channel.Counters));
                return channel;
            default:
                turn.Say("channel.help", Wording.GroupHelp);
                return channel;
        }
    }

    private ConversationState StartSharedBreathing(Turn turn, ChannelState channel, bool scheduled)
    {
        if (channel.Session is not null)
        {
            if (!scheduled)
            {
                turn.Say("channel.breathing.running", Wording.SharedBreathingRunning);
            }

            return channel;
        }

        var settings = channel.Settings;
        var pattern = BreathingPresets.For(settings.SessionPreset);
        var cycles = pattern.CyclesFor(settings.SessionMinutes);
        turn.Say("channel.breathing.start", scheduled ? ChannelWording.ScheduledSessionStart(pattern.Duration(cycles)) : Wording.SharedBreathingStart);
        var first = pattern.Phases[0];
        turn.Say("channel.breathing.pacer", ChannelWording.Pacer(Wording.Pacer(first, 1, cycles, BreathingFlow.Remaining(pattern, cycles, 1, 0)), 0), SharedControls, BreathingFlow.PacerSlot);
        var startedBy = scheduled || turn.Inbound.SenderId.Length == 0 ? null : turn.Inbound.SenderId;
        var session = new SharedSession(pattern.Preset, cycles, 1, 0, turn.Now, turn.Now + TimeSpan.FromSeconds(first.Seconds), [], startedBy);
        return (channel with { Session = session }).Rearmed();
    }

    private static readonly IReadOnlyList<ReplyChoice> SharedControls = [new("sb:join", ChannelWording.JoinLabel), new("sb:stop", "Stop")];

    private static ConversationState Join(Turn turn, ChannelState channel)
    {
        if (channel.Session is not { } session)
        {
            return channel;
        }

        var who = turn.Inbound.SenderId;
        if (who.Length == 0 || session.Joined.Contains(who))
        {
            turn.Add(new NoticeReply("channel.breathing.already-joined", ChannelWording.AlreadyJoined));
            return channel;
        }

        var joined = session with { Joined = [.. session.Joined, who] };
        turn.Add(new NoticeReply("channel.breathing.joined", ChannelWording.Joined));
        var pattern = BreathingPresets.For(session.Preset);
        var phase = pattern.Phases[session.Phase];
        turn.Edit("channel.breathing.pacer", BreathingFlow.PacerSlot,
            ChannelWording.Pacer(Wording.Pacer(phase, session.Cycle, session.TotalCycles, BreathingFlow.Remaining(pattern, session.TotalCycles, session.Cycle, session.Phase)), joined.Joined.Count),
            SharedControls);
        return channel with { Session = joined };
    }

    /// <summary>
    /// A shared session is everyone's, so not anyone may end it: the member who started it with /breathe, or a channel
    /// admin (a scheduled session has no starter: admins only). Anyone else gets a private note where the platform can
    /// show one (a button press), and the session goes on.
    /// </summary>
    private static ConversationState StopSharedBreathing(Turn turn, ChannelState channel)
    {
        if (channel.Session is not { } session)
        {
            return channel;
        }

        var startedIt = session.StartedBy is { } starter && string.Equals(starter, turn.Inbound.SenderId, StringComparison.Ordinal);
        if (!startedIt && !turn.Inbound.SenderIsAdmin)
        {
            turn.Add(new NoticeReply("channel.breathing.stop-refused", ChannelWording.StopRefused));
            return channel;
        }

        turn.Edit("channel.breathing.pacer", BreathingFlow.PacerSlot, Wording.SharedBreathingStopped);
        return EndSession(channel, completed: false);
    }

    private static ChannelState EndSession(ChannelState channel, bool completed)
    {
        var joins = channel.Session?.Joined.Count ?? 0;
        var counters = completed
            ? channel.Counters with { SessionsHeld = channel.Counters.SessionsHeld + 1, TotalJoins = channel.Counters.TotalJoins + joins }
            : channel.Counters with { TotalJoins = channel.Counters.TotalJoins + joins };
        return (channel with { Session = null, Counters = counters }).Rearmed();
    }

    private ConversationState OnChannelTimer(Turn turn, ChannelState channel, TimerFired timer)
    {
        var now = timer.At;
        if (channel.ForgetAt is { } forgetAt && forgetAt <= now)
        {
            // The bot was removed long enough ago: the channel's settings are deleted.
            return new IdleState();
        }

        if (channel.Session is { } session && session.PhaseDueAt <= now)
        {
            channel = AdvanceSession(turn, channel, session, timer);
        }

        if (!channel.Removed && channel.NextSessionAt is { } sessionDue && sessionDue <= now)
        {
            if (ChannelSchedule.ShouldFire(sessionDue, now, _kit.Options.ChannelScheduleGrace) && channel.Session is null)
            {
                channel = (ChannelState)StartSharedBreathing(turn, channel, scheduled: true);
            }

            channel = channel with { NextSessionAt = ChannelSchedule.NextSession(channel.Settings, now) };
        }

        if (!channel.Removed && channel.NextReminderAt is { } reminderDue && reminderDue <= now)
        {
            if (ChannelSchedule.ShouldFire(reminderDue, now, _kit.Options.ChannelScheduleGrace) && channel.Session is null)
            {
                var text = ChannelWording.Reminders[channel.Counters.RemindersSent % ChannelWording.Reminders.Count];
                turn.Say("channel.reminder", text);
                channel = channel with { Counters = channel.Counters with { RemindersSent = channel.Counters.RemindersSent + 1 } };
            }

            channel = channel with { NextReminderAt = ChannelSchedule.NextReminder(channel.Settings, now) };
        }

        return channel.Rearmed();
    }

    private ChannelState AdvanceSession(Turn turn, ChannelState channel, SharedSession session, TimerFired timer)
    {
        if (timer.At - session.PhaseDueAt > _kit.Options.PacerLateTolerance)
        {
            turn.Edit("channel.breathing.pacer", BreathingFlow.PacerSlot, Wording.SharedBreathingStopped);
            return EndSession(channel, completed: false);
        }

        var pattern = BreathingPresets.For(session.Preset);
        var (cycle, phase) = BreathingFlow.NextPhase(pattern, session.Cycle, session.Phase);
        if (cycle > session.TotalCycles)
        {
            turn.Edit("channel.breathing.pacer", BreathingFlow.PacerSlot, ChannelWording.SessionDone(session.Joined.Count));
            return EndSession(channel, completed: true);
        }

        var current = pattern.Phases[phase];
        turn.Edit("channel.breathing.pacer", BreathingFlow.PacerSlot,
            ChannelWording.Pacer(Wording.Pacer(current, cycle, session.TotalCycles, BreathingFlow.Remaining(pattern, session.TotalCycles, cycle, phase)), session.Joined.Count),
            SharedControls);
        return channel with { Session = session with { Cycle = cycle, Phase = phase, PhaseDueAt = session.PhaseDueAt + TimeSpan.FromSeconds(current.Seconds) } };
    }

    /// <summary>Recomputes the next session and reminder from the settings (after a change, or when re-added).</summary>
    private static ChannelState Reschedule(ChannelState channel, DateTimeOffset now) =>
        (channel with
        {
            NextSessionAt = ChannelSchedule.NextSession(channel.Settings, now),
            NextReminderAt = ChannelSchedule.NextReminder(channel.Settings, now),
        }).Rearmed();

    // Admin settings

    private ConversationState OnChannelSettingsCommand(Turn turn, ChannelState channel, string? argument)
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

    private ConversationState OnChannelSettingsButton(Turn turn, ChannelState channel, string choiceId)
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
        var updated = Reschedule(channel with { Settings = settings, Editing = null }, turn.Now);
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
