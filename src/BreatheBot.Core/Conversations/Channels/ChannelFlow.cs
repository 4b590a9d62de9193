using System.Globalization;
using BreatheBot.Core.Channels;
using BreatheBot.Core.Commands;
using BreatheBot.Core.Content;
using BreatheBot.Core.Episodes;
using BreatheBot.Core.Messaging;

using BreatheBot.Core.Privacy;

namespace BreatheBot.Core.Conversations;

/// <summary>
/// A group channel (content.md §8): never ask or show anything about a person's health here. Personal flows move to
/// a private chat. The channel gets shared breathing breaks (on /breathe or on a schedule), desk-break reminders,
/// settings for its admins and aggregate counts.
/// </summary>
internal sealed class ChannelFlow(StepKit kit, ChannelSettingsFlow settings)
{
    private readonly StepKit _kit = kit;

    private readonly ChannelSettingsFlow _settings = settings;

    public ConversationState Handle(Turn turn, ConversationState state)
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
                return _settings.OnChannelSettingsButton(turn, channel, choice.ChoiceId);

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
                return _settings.OnChannelSettingsCommand(turn, channel, command.Argument);
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
    internal static ChannelState Reschedule(ChannelState channel, DateTimeOffset now) =>
        (channel with
        {
            NextSessionAt = ChannelSchedule.NextSession(channel.Settings, now),
            NextReminderAt = ChannelSchedule.NextReminder(channel.Settings, now),
        }).Rearmed();
}
