using BreatheBot.Core.Commands;
using BreatheBot.Core.Content;
using BreatheBot.Core.Episodes;
using BreatheBot.Core.Messaging;

namespace BreatheBot.Core.Conversations;

/// <summary>
/// A group channel (content.md §8): never ask or show anything about a person's health here.
/// Personal flows move to a private chat; /breathe runs a shared breathing break for everyone.
/// </summary>
public sealed partial class ConversationEngine
{
    private ConversationState HandleChannel(Turn turn, ConversationState state)
    {
        switch (turn.Inbound)
        {
            case TimerFired timer:
                return state is SharedBreathingState shared && state.WakeAt == timer.DueAt ? OnSharedTimer(turn, shared, timer) : state;

            case MembershipChanged { Added: true }:
                turn.Say("channel.welcome", Wording.GroupWelcome);
                return new IdleState();

            case MembershipChanged { Added: false }:
                return new IdleState();

            case CommandReceived command:
                switch (command.Name)
                {
                    case BotCommands.Headache or BotCommands.Points:
                        turn.Add(new MoveToPrivateReply("channel.move-private", Wording.MoveToPrivate, Wording.MoveToPrivateButton, command.Name));
                        return state;
                    case BotCommands.Start:
                        var payload = command.Argument?.Trim().ToLowerInvariant();
                        if (payload is BotCommands.Headache or BotCommands.Points)
                        {
                            turn.Add(new MoveToPrivateReply("channel.move-private", Wording.MoveToPrivate, Wording.MoveToPrivateButton, payload));
                            return state;
                        }

                        turn.Say("channel.welcome", Wording.GroupWelcome);
                        return state;
                    case BotCommands.Breathe:
                        return StartSharedBreathing(turn, state);
                    case BotCommands.Stop:
                        return StopSharedBreathing(turn, state);
                    case BotCommands.Help:
                        turn.Say("channel.help", Wording.GroupHelp);
                        return state;
                    default:
                        // Other commands may be personal (or another bot's): never answer them with data here.
                        turn.Say("channel.help", Wording.GroupHelp);
                        return state;
                }

            case ChoiceSelected { ChoiceId: "sb:stop" }:
                return StopSharedBreathing(turn, state);

            default:
                // Plain messages and stale buttons in a channel get no reply.
                return state;
        }
    }

    private ConversationState StartSharedBreathing(Turn turn, ConversationState state)
    {
        if (state is SharedBreathingState)
        {
            turn.Say("channel.breathing.running", Wording.SharedBreathingRunning);
            return state;
        }

        var pattern = BreathingPresets.Resonance;
        var cycles = pattern.CyclesFor(_options.DefaultBreathingMinutes);
        turn.Say("channel.breathing.start", Wording.SharedBreathingStart);
        var first = pattern.Phases[0];
        turn.Say("channel.breathing.pacer", Wording.Pacer(first, 1, cycles, Remaining(pattern, cycles, 1, 0)), SharedControls, PacerSlot);
        return new SharedBreathingState(pattern.Preset, cycles, 1, 0, turn.Now) { WakeAt = turn.Now + TimeSpan.FromSeconds(first.Seconds) };
    }

    private static readonly IReadOnlyList<ReplyChoice> SharedControls = [new("sb:stop", "Stop")];

    private static ConversationState StopSharedBreathing(Turn turn, ConversationState state)
    {
        if (state is not SharedBreathingState)
        {
            return state;
        }

        turn.Edit("channel.breathing.pacer", PacerSlot, Wording.SharedBreathingStopped);
        return new IdleState();
    }

    private ConversationState OnSharedTimer(Turn turn, SharedBreathingState shared, TimerFired timer)
    {
        if (timer.At - timer.DueAt > _options.PacerLateTolerance)
        {
            turn.Edit("channel.breathing.pacer", PacerSlot, Wording.SharedBreathingStopped);
            return new IdleState();
        }

        var pattern = BreathingPresets.For(shared.Preset);
        var phase = shared.Phase + 1;
        var cycle = shared.Cycle;
        if (phase >= pattern.Phases.Count)
        {
            phase = 0;
            cycle++;
        }

        if (cycle > shared.TotalCycles)
        {
            turn.Edit("channel.breathing.pacer", PacerSlot, Wording.SharedBreathingDone);
            return new IdleState();
        }

        var current = pattern.Phases[phase];
        turn.Edit("channel.breathing.pacer", PacerSlot, Wording.Pacer(current, cycle, shared.TotalCycles, Remaining(pattern, shared.TotalCycles, cycle, phase)), SharedControls);
        return shared with { Cycle = cycle, Phase = phase, WakeAt = timer.DueAt + TimeSpan.FromSeconds(current.Seconds) };
    }
}
