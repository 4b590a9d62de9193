using BreatheBot.Core.Conversations;
using BreatheBot.Core.Episodes;
using BreatheBot.Core.Messaging;
using Microsoft.Extensions.Options;

namespace BreatheBot.Core.Tests.Support;

/// <summary>
/// Drives the pure engine like a chat would: keeps the state, the profile and the saved episodes between turns,
/// and a clock the test moves. Every reply of every turn is kept for assertions.
/// </summary>
internal sealed class EngineDriver
{
    public static readonly DateTimeOffset Start = new(2026, 3, 10, 9, 0, 0, TimeSpan.Zero);

    public EngineDriver(ConversationOptions? options = null, ChatKind chat = ChatKind.Private, ConversationEngine? engine = null)
    {
        Options = options ?? new ConversationOptions();
        Engine = engine ?? new ConversationEngine(Microsoft.Extensions.Options.Options.Create(Options));
        Chat = chat;
        Key = chat == ChatKind.Private
            ? ConversationKey.Private(Platform.Telegram, "100", "100")
            : ConversationKey.Channel(Platform.Telegram, "-500");
    }

    public ConversationOptions Options { get; }

    public ConversationEngine Engine { get; }

    public ChatKind Chat { get; }

    public ConversationKey Key { get; }

    public ConversationState State { get; set; } = new IdleState();

    public UserProfile? Profile { get; set; }

    public DateTimeOffset Now { get; set; } = Start;

    public Dictionary<string, Episode> Episodes { get; } = [];

    /// <summary>Daily check-in answers saved, by id (person and day).</summary>
    public Dictionary<string, DayRecord> Days { get; } = [];

    public List<IReadOnlyList<Reply>> Turns { get; } = [];

    public IReadOnlyList<Reply> LastReplies => Turns.Count == 0 ? [] : Turns[^1];

    public IReadOnlyList<string> LastKeys => [.. LastReplies.Select(r => r.Key)];

    public Episode? Episode => Episodes.Values.OrderBy(e => e.StartedAt).LastOrDefault();

    public IReadOnlyList<Reply> Send(string text, string sender = "100", bool admin = false)
    {
        var trimmed = text.Trim();
        InboundEvent inbound = trimmed.StartsWith('/')
            ? new CommandReceived(Key, Chat, sender, Now, null, trimmed[1..].Split(' ')[0].ToLowerInvariant(), trimmed.Contains(' ', StringComparison.Ordinal) ? trimmed[(trimmed.IndexOf(' ', StringComparison.Ordinal) + 1)..] : null) { SenderIsAdmin = admin }
            : new TextReceived(Key, Chat, sender, Now, null, text) { SenderIsAdmin = admin };
        return Run(inbound);
    }

    /// <summary>
    /// Presses a button as a person would: on the newest message showing it, so the press carries that message's stamp
    /// (a button never shown is pressed as if on the current question).
    /// </summary>
    public IReadOnlyList<Reply> Press(string choiceId, string sender = "100", bool admin = false) =>
        Run(new ChoiceSelected(Key, Chat, sender, Now, null, choiceId) { SenderIsAdmin = admin, PromptId = ShownStamp(choiceId) ?? State.PromptId });

    /// <summary>Presses a button on an older message, with the stamp it was sent with.</summary>
    public IReadOnlyList<Reply> PressOn(Reply shown, string choiceId, string sender = "100") =>
        Run(new ChoiceSelected(Key, Chat, sender, Now, null, choiceId) { PromptId = ChoicesOf(shown).Single(c => c.Id == choiceId).PromptId });

    private int? ShownStamp(string choiceId)
    {
        for (var turn = Turns.Count - 1; turn >= 0; turn--)
        {
            for (var i = Turns[turn].Count - 1; i >= 0; i--)
            {
                if (ChoicesOf(Turns[turn][i]).FirstOrDefault(c => c.Id == choiceId) is { } shown)
                {
                    return shown.PromptId;
                }
            }
        }

        return null;
    }

    /// <summary>Moves the clock to the pending wake-up (plus <paramref name="late"/>) and fires it.</summary>
    public IReadOnlyList<Reply> Tick(TimeSpan late = default)
    {
        var due = State.WakeAt ?? throw new InvalidOperationException($"No wake-up pending at step {State.StepName}.");
        Now = due + late;
        return Run(new TimerFired(Key, Chat, Now, due));
    }

    /// <summary>Fires wake-ups until the state has none or <paramref name="until"/> says stop.</summary>
    public List<Reply> TickUntil(Func<ConversationState, bool> until, int max = 1000)
    {
        var all = new List<Reply>();
        for (var i = 0; i < max && State.WakeAt is not null && !until(State); i++)
        {
            all.AddRange(Tick());
        }

        return all;
    }

    /// <summary>
    /// Hands the engine the episodes and check-in days saved so far whenever it asks for the diary (<see cref="ConversationEngine.NeedsDiary"/>),
    /// as ConversationService does. On by default; off for transcripts of a service that has no episode store.
    /// </summary>
    public bool WithDiary { get; set; } = true;

    public IReadOnlyList<Reply> Run(InboundEvent inbound)
    {
        // As the service does: the person's diary, newest first, when the turn needs it.
        var inputs = WithDiary && ConversationEngine.NeedsDiary(State, inbound)
            ? new TurnInputs { Diary = [.. Episodes.Values.Where(e => e.UserKey == inbound.Key.UserKey).OrderByDescending(e => e.StartedAt)], Days = [.. Days.Values.Where(d => d.UserKey == inbound.Key.UserKey).OrderByDescending(d => d.Day)] }
            : null;
        var result = Engine.Handle(State, inbound, Profile, Now, inputs);
        State = result.State;
        if (result.ProfileToSave is not null)
        {
            Profile = result.ProfileToSave;
        }

        foreach (var episode in result.EpisodesToSave)
        {
            Episodes[episode.Id] = episode;
        }

        foreach (var id in result.DeleteEpisodes)
        {
            Episodes.Remove(id);
        }

        foreach (var day in result.DaysToSave)
        {
            Days[day.Id] = day;
        }

        Turns.Add(result.Replies);
        return result.Replies;
    }

    public IEnumerable<Reply> AllReplies => Turns.SelectMany(t => t);

    public static string TextOf(Reply reply) => reply switch
    {
        TextReply t => t.Text,
        EditReply e => e.Text,
        MoveToPrivateReply m => m.Text,
        _ => string.Empty,
    };

    public static IReadOnlyList<ReplyChoice> ChoicesOf(Reply reply) => reply switch
    {
        TextReply t => t.Choices,
        EditReply e => e.Choices,
        _ => [],
    };

    /// <summary>Answers the full /headache triage with "none" to both screens, pain 6, back of head, pressing, no features, desk stress, no medication.</summary>
    public void AnswerTriageUpToBreathing(int pain = 6)
    {
        Send("/headache");
        Press("e:none");
        Press("s:none");
        Press("pb:" + pain);
        Press("loc:1");
        Press("loc:done");
        Press("ch:0");
        Press("ft:done");
        Press("tr:0");
        Press("tr:done");
        Press("med:0");
    }
}
