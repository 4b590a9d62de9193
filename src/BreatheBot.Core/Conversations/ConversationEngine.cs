using System.Globalization;
using BreatheBot.Core.Commands;
using BreatheBot.Core.Content;
using BreatheBot.Core.Episodes;
using BreatheBot.Core.Messaging;
using BreatheBot.Core.Privacy;
using BreatheBot.Core.Safety;
using Microsoft.Extensions.Options;

using static BreatheBot.Core.Conversations.EpisodeLifecycle;

namespace BreatheBot.Core.Conversations;

/// <summary>
/// The conversation logic as one pure function: (state, event, profile, now) → (state, replies, episode changes).
/// It never reads the clock, never calls a platform and never touches storage. Interrupts (stop, help, red-flag
/// wording) are checked before any step.
/// </summary>
public sealed partial class ConversationEngine
{
    /// <summary>What every feature receives: options, question asking, per-person values.</summary>
    private readonly StepKit _kit;

    private readonly FollowUpFlow _followUp;

    private readonly TriggerPointsFlow _triggerPoints;

    private readonly BreathingFlow _breathing;

    private readonly RedFlagSteps _redFlags;

    private readonly TriageFlow _triage;

    private readonly DiarySettings _settings;

    private readonly DiaryCommands _diary;

    private readonly WarningSignInterrupt _signs;

    private readonly ChannelFlow _channels;

    /// <summary>A turn without lookups (immutable, so shared).</summary>
    private static readonly TurnInputs NoInputs = new();

    public ConversationEngine(IOptions<ConversationOptions> options, IOptions<PrivacyOptions>? privacy = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        // Who runs the bot, for /privacy (none given: the notice says so).
        _kit = new StepKit(options.Value, privacy?.Value ?? new PrivacyOptions(), this);
        _followUp = new FollowUpFlow(_kit);
        _triggerPoints = new TriggerPointsFlow(_kit, _followUp);
        _breathing = new BreathingFlow(_kit, _triggerPoints, _followUp);
        _redFlags = new RedFlagSteps(_kit);
        _triage = new TriageFlow(_kit, _redFlags, _breathing, _triggerPoints);
        _settings = new DiarySettings(_kit);
        _diary = new DiaryCommands(_kit, _settings);
        _signs = new WarningSignInterrupt(_kit, _redFlags, _followUp);
        _channels = new ChannelFlow(_kit, new ChannelSettingsFlow(_kit));
    }

    public TurnResult Handle(ConversationState state, InboundEvent inbound, UserProfile? profile, DateTimeOffset now) =>
        Handle(state, inbound, profile, now, null);

    /// <summary>
    /// Handles one event. <paramref name="inputs"/> carries what the caller looked up for this turn: the person's
    /// diary when <see cref="NeedsDiary"/> says so, link codes for /link, and the person the account belongs to.
    /// </summary>
    public TurnResult Handle(ConversationState state, InboundEvent inbound, UserProfile? profile, DateTimeOffset now, TurnInputs? inputs)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(inbound);

        var turn = new Turn(inbound, profile, now, inputs ?? NoInputs);
        if (PromptStamps.IsEarlierQuestion(state, inbound))
        {
            return EarlierQuestion(turn, state);
        }

        if (inbound.Key.IsChannel || inbound.Chat == ChatKind.Group)
        {
            return turn.Finish(state, _channels.Handle(turn, state));
        }

        // A resting state's wake-up is the next daily check-in (CheckInFlow).
        return CheckInFlow.Arm(turn.Finish(state, HandlePrivate(turn, state)), turn.Profile, now);
    }

    private ConversationState HandlePrivate(Turn turn, ConversationState state)
    {
        switch (turn.Inbound)
        {
            case TimerFired timer when state is SignCheckState check:
                return check.WakeAt == timer.DueAt ? _signs.SignCheckExpired(turn, check) : state;
            case TimerFired timer:
                // A wake-up that no longer matches the state (the person moved on) is ignored.
                return state.WakeAt == timer.DueAt ? OnTimer(turn, state, timer) : state;
            case MembershipChanged:
                return state;
        }

        var isStartOrHelp = turn.Inbound is CommandReceived { Name: BotCommands.Start or BotCommands.Help };
        if (turn.MarkFirstUse() && !isStartOrHelp)
        {
            turn.Say("disclaimer", Wording.Disclaimer);
        }

        switch (turn.Inbound)
        {
            case CommandReceived command:
                // A command moves on from an unanswered warning-sign question, from where the person was.
                return HandleCommand(turn, state is SignCheckState pending ? _signs.Resumed(turn, pending) : state, command);

            case TextReceived text when state is SignCheckState check:
                return _signs.AnswerSignCheck(turn, check, Input.Typed(text.Text.Trim()));

            case ChoiceSelected choice when state is SignCheckState check:
                return _signs.AnswerSignCheck(turn, check, Input.Pressed(choice.ChoiceId));

            case TextReceived text:
                var typed = text.Text.Trim();
                if (ChildHeadache.Matches(typed))
                {
                    return _triage.ForChild(turn, state);
                }

                if (_signs.TypedWarningSign(turn, state, typed) is { } interrupted)
                {
                    return interrupted;
                }

                if (StopInterrupt.IsStopWord(typed))
                {
                    return StopInterrupt.Stop(turn, state);
                }

                if (StopInterrupt.IsHelpWord(typed))
                {
                    return Help(turn, state);
                }

                if (HeadacheGone.Matches(typed) && _followUp.ItsGone(turn, state) is { } gone)
                {
                    return gone;
                }

                return Answer(turn, state, Input.Typed(typed));

            case ChoiceSelected choice:
                return Answer(turn, state, Input.Pressed(choice.ChoiceId));

            default:
                return state;
        }
    }

    private ConversationState HandleCommand(Turn turn, ConversationState state, CommandReceived command)
    {
        switch (command.Name)
        {
            case BotCommands.Start:
                var payload = command.Argument?.Trim().ToLowerInvariant();
                if (payload is BotCommands.Headache or BotCommands.Breathe or BotCommands.Points)
                {
                    return StartFlow(turn, state, KindFor(payload));
                }

                if (payload is BotCommands.Log)
                {
                    return DiaryEntries.StartLog(turn, state);
                }

                if (payload is BotCommands.History or BotCommands.Stats or BotCommands.Report or BotCommands.Export or BotCommands.Forget or BotCommands.Privacy or BotCommands.Settings or BotCommands.Link)
                {
                    return _diary.Run(turn, state, payload, null);
                }

                turn.Say("welcome", Wording.Welcome);
                if (turn.FirstUse)
                {
                    turn.Say("disclaimer", Wording.Disclaimer);
                }

                return _kit.InEmergencyPause(turn) && state is not FlowState
                    ? _redFlags.AskGotHelp(turn, null)
                    : ShowMenuOrContinue(turn, state);

            case BotCommands.Headache:
                return StartFlow(turn, state, EpisodeKind.Headache);
            case BotCommands.Breathe:
                return StartFlow(turn, state, EpisodeKind.BreathingOnly);
            case BotCommands.Points:
                return StartFlow(turn, state, EpisodeKind.PointsOnly);
            case BotCommands.Help:
                return Help(turn, state);
            case BotCommands.Stop:
                return StopInterrupt.Stop(turn, state);
            case BotCommands.History or BotCommands.Stats or BotCommands.Report or BotCommands.Export or BotCommands.Privacy or BotCommands.Link:
                // Read-only: whatever was running carries on.
                return _diary.Run(turn, state, command.Name, command.Argument);
            case BotCommands.Settings when TimeZoneNames.SettingsArgument(command.Argument) is { Length: > 0 }:
                // "/settings timezone berlin" sets one value: whatever was running carries on.
                return _diary.Run(turn, state, command.Name, command.Argument);
            case BotCommands.Log:
                return DiaryEntries.StartLog(turn, state);
            case BotCommands.Forget or BotCommands.Settings:
                if (state is FlowState running)
                {
                    EndEpisode(turn, running.Episode, running.Episode with { Status = OpenOr(running.Episode, EpisodeStatus.Stopped) });
                }

                return _diary.Run(turn, state, command.Name, command.Argument);
            default:
                turn.Say("command.unknown", Wording.UnknownCommand + "\n\n" + Wording.Help);
                return _kit.Reask(turn, state);
        }
    }

    private static EpisodeKind KindFor(string command) => command switch
    {
        BotCommands.Breathe => EpisodeKind.BreathingOnly,
        BotCommands.Points => EpisodeKind.PointsOnly,
        _ => EpisodeKind.Headache,
    };

    private ConversationState Help(Turn turn, ConversationState state)
    {
        turn.Say("help", $"{Wording.Help}\n\n{Wording.Disclaimer}\n\n{_kit.WarningSigns(turn)}\n\n{Wording.EmergencyLine(_kit.EmergencyNumbers(turn))}");
        return _kit.Reask(turn, state);
    }

    /// <summary>
    /// Starts a new personal flow; one already running is closed and kept. Within the pause after an emergency flag the
    /// advice comes first, with "Have you got help?" (content.md §2).
    /// </summary>
    private ConversationState StartFlow(Turn turn, ConversationState state, EpisodeKind kind)
    {
        if (state is FlowState running)
        {
            var closed = FollowUpSteps.IsFollowUpStep(running)
                ? FollowUpSteps.CancelFollowUp(running.Episode)
                : running.Episode with { Status = OpenOr(running.Episode, EpisodeStatus.Stopped) };
            EndEpisode(turn, running.Episode, closed);
        }

        return _kit.InEmergencyPause(turn) ? _redFlags.AskGotHelp(turn, kind) : TriageFlow.BeginFlow(_kit, turn, kind);
    }

    private ConversationState ShowMenuOrContinue(Turn turn, ConversationState state)
    {
        if (state is FlowState and not FollowUpPendingState)
        {
            return _kit.Reask(turn, state);
        }

        StepKit.SayMenu(turn);
        return state;
    }

    private TurnResult EarlierQuestion(Turn turn, ConversationState state)
    {
        turn.Add(new NoticeReply("choice.earlier", Wording.EarlierQuestionButton));
        if (turn.Inbound is ChoiceSelected { ChoiceId: var id } && PromptStamps.ReportsEmergencySign(id))
        {
            // Safety first (content.md §2: when in doubt, interrupt): a warning sign reported on an earlier screen still
            // gets the emergency advice. It changes nothing else: the current step and episode stay as they are.
            turn.Say("triage.emergency.advice", Wording.EmergencyAdvice(_kit.EmergencyNumbers(turn)));
        }

        return turn.Finish(state, state);
    }
}
