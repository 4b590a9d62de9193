using BreatheBot.Core.Conversations;
using BreatheBot.Core.Episodes;
using BreatheBot.Core.Messaging;
using Microsoft.Extensions.Options;

namespace BreatheBot.Benchmarks;

/// <summary>One measured turn: a state and the event that moves it (the engine is pure, so it can be replayed).</summary>
internal sealed record TurnShape(string Name, ConversationState State, InboundEvent Inbound, UserProfile Profile, DateTimeOffset Now);

/// <summary>
/// The five transcript shapes of B1/B2 (§4.3), reached by driving the real engine through real answers:
/// start (/headache from idle), triage answer (a tapped "None of these"), pacer tick (a breathing phase wake-up),
/// trigger-point step (starting a hold), follow-up (the follow-up wake-up).
/// </summary>
internal static class TurnShapes
{
    public static readonly DateTimeOffset Start = new(2026, 3, 10, 9, 0, 0, TimeSpan.Zero);

    public static readonly string[] Names = ["start", "triage-answer", "pacer-tick", "trigger-point-step", "follow-up"];

    private static readonly string[] Triage = ["/headache", "no", "no", "6", "2", "pressing", "done", "1"];

    public static ConversationEngine NewEngine() => new(Options.Create(new ConversationOptions()));

    public static TurnShape Get(string name, ConversationEngine engine) => name switch
    {
        "start" => Reach(engine, name, [], "idle", chat => chat.Command("headache")),
        "triage-answer" => Reach(engine, name, ["/headache"], "screen-emergency", chat => chat.Choice("e:none")),
        "pacer-tick" => Reach(engine, name, [.. Triage, "nothing", "resonance", "3"], "breathing", chat => chat.Tick()),
        "trigger-point-step" => Reach(engine, name, [.. Triage, "nothing", "resonance", "3", "skip", "4", "none"], "muscle", chat => chat.Choice("mu:hold")),
        "follow-up" => Reach(engine, name, ["/breathe", "headache", "no", "no", "5", "skip breathing"], "follow-up-pending", chat => chat.Tick()),
        _ => throw new ArgumentException($"Unknown shape '{name}'. Known: {string.Join(", ", Names)}", nameof(name)),
    };

    public static TurnShape[] All(ConversationEngine engine) => [.. Names.Select(n => Get(n, engine))];

    /// <summary>The baseline turn: read the event's text, build one reply record, keep the state.</summary>
    public static TurnResult Echo(ConversationState state, InboundEvent inbound)
    {
        var text = inbound switch
        {
            TextReceived t => t.Text.Trim(),
            ChoiceSelected c => c.ChoiceId,
            CommandReceived c => "/" + c.Name,
            TimerFired => "tick",
            _ => string.Empty,
        };
        return new TurnResult(state, [new TextReply("echo", text)], [], null);
    }

    private static TurnShape Reach(ConversationEngine engine, string name, string[] script, string step, Func<Driver, InboundEvent> next)
    {
        var chat = new Driver(engine);
        chat.Run(chat.Command("start"));
        foreach (var line in script)
        {
            chat.Now += TimeSpan.FromSeconds(1);
            chat.Say(line);
        }

        if (chat.State.StepName != step)
        {
            throw new InvalidOperationException($"Shape script reached '{chat.State.StepName}', expected '{step}'.");
        }

        var inbound = next(chat);
        var result = engine.Handle(chat.State, inbound, chat.Profile, inbound.At);
        if (result.Replies.Count == 0 || result.Replies.Any(r => r.Key == "error"))
        {
            throw new InvalidOperationException($"Shape at '{step}' produced no useful reply.");
        }

        return new TurnShape(name, chat.State, inbound, chat.Profile!, inbound.At);
    }

    /// <summary>Keeps state and profile between turns, like a chat would.</summary>
    internal sealed class Driver(ConversationEngine engine)
    {
        public static readonly ConversationKey Key = ConversationKey.Private(Platform.Telegram, "100", "100");

        public ConversationState State { get; private set; } = new IdleState();

        public UserProfile? Profile { get; private set; }

        public DateTimeOffset Now { get; set; } = Start;

        public InboundEvent Command(string name, string? argument = null) => new CommandReceived(Key, ChatKind.Private, "100", Now, null, name, argument);

        public InboundEvent Choice(string id) => new ChoiceSelected(Key, ChatKind.Private, "100", Now, null, id);

        public InboundEvent Tick()
        {
            var due = State.WakeAt ?? throw new InvalidOperationException($"No wake-up at {State.StepName}.");
            Now = due;
            return new TimerFired(Key, ChatKind.Private, due, due);
        }

        public void Say(string text)
        {
            Run(text.StartsWith('/')
                ? Command(text[1..])
                : new TextReceived(Key, ChatKind.Private, "100", Now, null, text));
        }

        public void Run(InboundEvent inbound)
        {
            var result = engine.Handle(State, inbound, Profile, Now);
            State = result.State;
            Profile = result.ProfileToSave ?? Profile;
        }
    }
}
