using System.Globalization;
using BreatheBot.Core.Commands;
using BreatheBot.Core.Content;
using BreatheBot.Core.Episodes;
using BreatheBot.Core.Messaging;
using BreatheBot.Core.Privacy;
using BreatheBot.Core.Safety;
using Microsoft.Extensions.Options;

namespace BreatheBot.Core.Conversations;

/// <summary>
/// The conversation logic as one pure function: (state, event, profile, now) → (state, replies, episode changes).
/// It never reads the clock, never calls a platform and never touches storage. Interrupts (stop, help, red-flag
/// wording) are checked before any step.
/// </summary>
public sealed partial class ConversationEngine
{
    private readonly ConversationOptions _options;

    /// <summary>A turn without lookups (immutable, so shared).</summary>
    private static readonly TurnInputs NoInputs = new();

    /// <summary>The questions that depend on the options; built here, read-only afterwards.</summary>
    private readonly Question _resonanceLengthQuestion;
    private readonly Question _boxLengthQuestion;

    /// <summary>Who runs the bot, for /privacy (none given: the notice says so).</summary>
    private readonly PrivacyOptions _privacy;

    public ConversationEngine(IOptions<ConversationOptions> options, IOptions<PrivacyOptions>? privacy = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _privacy = privacy?.Value ?? new PrivacyOptions();
        _resonanceLengthQuestion = BreathingLengthQuestion(BreathingPresets.Resonance, _options.DefaultBreathingMinutes);
        _boxLengthQuestion = BreathingLengthQuestion(BreathingPresets.Box, _options.DefaultBreathingMinutes);
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
        if (IsEarlierQuestion(state, inbound))
        {
            return EarlierQuestion(turn, state);
        }

        var next = inbound.Key.IsChannel || inbound.Chat == ChatKind.Group
            ? HandleChannel(turn, state)
            : HandlePrivate(turn, state);
        return turn.Finish(state, next);
    }

    private ConversationState HandlePrivate(Turn turn, ConversationState state)
    {
        switch (turn.Inbound)
        {
            case TimerFired timer when state is SignCheckState check:
                return check.WakeAt == timer.DueAt ? SignCheckExpired(turn, check) : state;
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
                return HandleCommand(turn, state is SignCheckState pending ? Resumed(turn, pending) : state, command);

            case TextReceived text when state is SignCheckState check:
                return AnswerSignCheck(turn, check, Input.Typed(text.Text.Trim()));

            case ChoiceSelected choice when state is SignCheckState check:
                return AnswerSignCheck(turn, check, Input.Pressed(choice.ChoiceId));

            case TextReceived text:
                var typed = text.Text.Trim();
                if (ChildHeadache.Matches(typed))
                {
                    return ForChild(turn, state);
                }

                if (TypedWarningSign(turn, state, typed) is { } interrupted)
                {
                    return interrupted;
                }

                if (IsStopWord(typed))
                {
                    return Stop(turn, state);
                }

                if (IsHelpWord(typed))
                {
                    return Help(turn, state);
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
                    return StartLog(turn, state);
                }

                if (payload is BotCommands.History or BotCommands.Stats or BotCommands.Export or BotCommands.Forget or BotCommands.Privacy or BotCommands.Settings or BotCommands.Link)
                {
                    return RunDataCommand(turn, state, payload, null);
                }

                turn.Say("welcome", Wording.Welcome);
                if (turn.FirstUse)
                {
                    turn.Say("disclaimer", Wording.Disclaimer);
                }

                return InEmergencyPause(turn) && state is not FlowState
                    ? AskGotHelp(turn, null)
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
                return Stop(turn, state);
            case BotCommands.History or BotCommands.Stats or BotCommands.Export or BotCommands.Privacy or BotCommands.Link:
                // Read-only: whatever was running carries on.
                return RunDataCommand(turn, state, command.Name, command.Argument);
            case BotCommands.Log:
                return StartLog(turn, state);
            case BotCommands.Forget or BotCommands.Settings:
                if (state is FlowState running)
                {
                    EndEpisode(turn, running.Episode, running.Episode with { Status = OpenOr(running.Episode, EpisodeStatus.Stopped) });
                }

                return RunDataCommand(turn, state, command.Name, command.Argument);
            default:
                turn.Say("command.unknown", Wording.UnknownCommand + "\n\n" + Wording.Help);
                return Reask(turn, state);
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
        turn.Say("help", $"{Wording.Help}\n\n{Wording.Disclaimer}\n\n{WarningSigns(turn)}\n\n{Wording.EmergencyLine(EmergencyNumbers(turn))}");
        return Reask(turn, state);
    }

    private ConversationState Stop(Turn turn, ConversationState state)
    {
        if (IsDiaryEntryStep(state))
        {
            return StopDiaryEntry(turn, state);
        }

        if (state is not FlowState flow)
        {
            turn.Say("stop.nothing", Wording.NothingToStop);
            return new IdleState();
        }

        EndEpisode(turn, flow.Episode, IsFollowUpStep(flow)
            ? flow.Episode with { FollowUp = FollowUpStatus.Cancelled }
            : flow.Episode with { Status = OpenOr(flow.Episode, EpisodeStatus.Stopped) });
        turn.Say("stopped", Wording.Stopped);
        return new IdleState();
    }

    private static EpisodeStatus OpenOr(Episode episode, EpisodeStatus status) =>
        episode.Status == EpisodeStatus.Open ? status : episode.Status;

    /// <summary>
    /// Starts a new personal flow; one already running is closed and kept. Within the pause after an emergency flag the
    /// advice comes first, with "Have you got help?" (content.md §2).
    /// </summary>
    private ConversationState StartFlow(Turn turn, ConversationState state, EpisodeKind kind)
    {
        if (state is FlowState running)
        {
            var closed = IsFollowUpStep(running)
                ? running.Episode with { FollowUp = FollowUpStatus.Cancelled }
                : running.Episode with { Status = OpenOr(running.Episode, EpisodeStatus.Stopped) };
            EndEpisode(turn, running.Episode, closed);
        }

        return InEmergencyPause(turn) ? AskGotHelp(turn, kind) : BeginFlow(turn, kind);
    }

    /// <summary>Every personal flow is screened: /headache and /points run both tiers; /breathe asks why first.</summary>
    private ConversationState BeginFlow(Turn turn, EpisodeKind kind) =>
        kind == EpisodeKind.BreathingOnly
            ? Ask(turn, new BreathePurposeState { Episode = NewEpisode(turn, kind) })
            : Ask(turn, new ScreeningState(RedFlagTier.Emergency) { Episode = NewEpisode(turn, kind) });

    private ConversationState ShowMenuOrContinue(Turn turn, ConversationState state)
    {
        if (state is FlowState and not FollowUpPendingState)
        {
            return Reask(turn, state);
        }

        turn.Say("menu", Wording.WhatNext, MenuReplies);
        return state;
    }

    private static readonly QuestionChoice[] MenuChoices =
    [
        new("m:headache", "A headache is starting", "headache", "i have a headache", "headache help"),
        new("m:breathe", "Breathing exercise", "breathe", "breathing"),
        new("m:points", "Pressure-point steps", "points", "massage", "pressure points"),
        new("m:log", "Log a past headache", "log", "log a headache"),
        new("m:help", "Help"),
    ];

    /// <summary>The menu's buttons as replies, built once.</summary>
    private static readonly IReadOnlyList<ReplyChoice> MenuReplies = Array.AsReadOnly(Array.ConvertAll(MenuChoices, c => c.ToReply()));

    private static bool IsStopWord(string text) =>
        TypedAnswer.Normalise(text) is "stop" or "cancel" or "quit" or "exit" or "stop it" or "stop please" or "please stop" or "cancel that" or "end";

    private static bool IsHelpWord(string text) =>
        TypedAnswer.Normalise(text) is "help" or "help please" or "please help" or "what can you do" || text.Trim() == "?";

    /// <summary>Saves a finished or abandoned episode, when it holds anything worth keeping.</summary>
    private static void EndEpisode(Turn turn, Episode original, Episode final)
    {
        if (IsWorthKeeping(final))
        {
            turn.Save(final);
        }
        else if (!ReferenceEquals(original, final) && IsWorthKeeping(original))
        {
            turn.Save(final);
        }
    }

    /// <summary>An episode is kept once the person has answered the first safety question.</summary>
    internal static bool IsWorthKeeping(Episode episode) => episode.EmergencyScreenClear || episode.RedFlagTier is not null;

    /// <summary>A typed or pressed answer.</summary>
    private readonly record struct Input(string? Text, string? ChoiceId)
    {
        public static Input Typed(string text) => new(text, null);

        public static Input Pressed(string choiceId) => new(null, choiceId);

        public bool IsText => Text is not null;
    }

    /// <summary>Collects one turn's output.</summary>
    private sealed class Turn(InboundEvent inbound, UserProfile? profile, DateTimeOffset now, TurnInputs inputs)
    {
        private readonly List<Reply> _replies = [];
        private readonly List<Episode> _episodes = [];
        private List<string>? _forget;
        private bool _profileChanged;

        public TurnInputs Inputs { get; } = inputs;

        /// <summary>The person's stored episodes, when the caller loaded them (see NeedsDiary).</summary>
        public IReadOnlyList<Episode> Diary { get; } = inputs.Diary ?? [];

        private string? _personKey;

        /// <summary>The person this account's diary belongs to ("platform:user"); built when first needed.</summary>
        public string PersonKey => _personKey ??= Inputs.PersonKey ?? Inbound.Key.UserKey;

        public LinkCode? CreateLinkCode { get; set; }

        public LinkCode? LinkToPerson { get; set; }

        public void Forget(string userKey) => (_forget ??= []).Add(userKey);

        private List<string>? _delete;

        /// <summary>Deletes one of the person's episodes in this turn's commit (a write of it in this turn is dropped).</summary>
        public void Delete(string episodeId)
        {
            (_delete ??= []).Add(episodeId);
            var index = IndexOfEpisode(episodeId);
            if (index >= 0)
            {
                _episodes.RemoveAt(index);
            }
        }

        public void SetProfile(UserProfile updated)
        {
            Profile = updated;
            _profileChanged = true;
        }

        public InboundEvent Inbound { get; } = inbound;

        public DateTimeOffset Now { get; } = now;

        public UserProfile? Profile { get; private set; } = profile;

        public bool FirstUse { get; private set; }

        public void Say(string key, string text, IReadOnlyList<ReplyChoice>? choices = null, string? slot = null, bool wordsOnly = false) =>
            _replies.Add(new TextReply(key, text, choices ?? [], slot) { WordsOnly = wordsOnly });

        public void Edit(string key, string slot, string text, IReadOnlyList<ReplyChoice>? choices = null) =>
            _replies.Add(new EditReply(key, slot, text, choices ?? []));

        public void Add(Reply reply) => _replies.Add(reply);

        public void Save(Episode episode)
        {
            var index = IndexOfEpisode(episode.Id);
            if (index >= 0)
            {
                // Ids are unique in the list, so there is at most one to replace (it moves to the end, as before).
                _episodes.RemoveAt(index);
            }

            _episodes.Add(episode with { UpdatedAt = Now });
        }

        private int IndexOfEpisode(string id)
        {
            for (var i = 0; i < _episodes.Count; i++)
            {
                if (_episodes[i].Id == id)
                {
                    return i;
                }
            }

            return -1;
        }

        /// <summary>Creates the profile on first contact; returns true the first time the disclaimer is due.</summary>
        public bool MarkFirstUse()
        {
            if (Profile is null)
            {
                Profile = new UserProfile { UserKey = PersonKey, FirstSeenAt = Now };
                _profileChanged = true;
            }

            if (Profile.DisclaimerShownAt is null)
            {
                Profile = Profile with { DisclaimerShownAt = Now };
                _profileChanged = true;
                FirstUse = true;
            }

            return FirstUse;
        }

        public void RecordEmergency()
        {
            Profile = (Profile ?? new UserProfile { UserKey = PersonKey, FirstSeenAt = Now }) with { LastEmergencyFlagAt = Now };
            _profileChanged = true;
        }

        public TurnResult Finish(ConversationState before, ConversationState after)
        {
            // A flow step whose episode changed is saved with it (once it is worth keeping).
            if (after is FlowState flow && IsWorthKeeping(flow.Episode)
                && (before is not FlowState previous || !ReferenceEquals(previous.Episode, flow.Episode))
                && IndexOfEpisode(flow.Episode.Id) < 0)
            {
                // A step may have stamped it already (the screening answers do, to spare a copy on the busiest path).
                if (!flow.Episode.UpdatedAt.EqualsExact(Now))
                {
                    after = flow = flow with { Episode = flow.Episode with { UpdatedAt = Now } };
                }

                _episodes.Add(flow.Episode);
            }

            var promptId = NextPromptId(before, after, _replies);
            StampChoices(_replies, promptId);
            if (after.PromptId != promptId)
            {
                after = after with { PromptId = promptId };
            }

            if (_forget is { Count: > 0 })
            {
                // Nothing about a forgotten person is written after their data is erased.
                return new TurnResult(new IdleState { PromptId = promptId }, _replies, [], null) { ForgetUsers = [.. _forget] };
            }

            return new TurnResult(after, _replies, _episodes, _profileChanged ? Profile : null)
            {
                CreateLinkCode = CreateLinkCode,
                LinkToPerson = LinkToPerson,
                DeleteEpisodes = _delete is null ? [] : [.. _delete],
            };
        }
    }
}
