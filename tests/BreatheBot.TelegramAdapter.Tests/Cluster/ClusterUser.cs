using System.Globalization;
using System.Text.Json.Nodes;
using BreatheBot.Core.Content;
using BreatheBot.Core.Conversations;
using BreatheBot.Core.Messaging;
using BreatheBot.TelegramAdapter.Tests.Fakes;

namespace BreatheBot.TelegramAdapter.Tests.Cluster;

/// <summary>What a simulated person does with their headache, which decides the timers their conversation arms.</summary>
public enum UserPlan
{
    /// <summary>Skips breathing, ends early (the follow-up is armed), waits for the follow-up and answers it.</summary>
    FollowUp,

    /// <summary>Runs the breathing pacer (a wake-up per phase) until a few ticks after the kill, then finishes.</summary>
    Pacer,

    /// <summary>Starts later, skips breathing: mid-flow when the node dies; done at the "saved" message.</summary>
    Late,
}

/// <summary>
/// One person in a private chat: sends /headache at <see cref="StartAt"/>, then answers each new question the short, safe
/// way (sometimes by typing), never with two answers in flight, and never sooner than <see cref="ThinkTime"/> after the
/// bot's last message in the chat (so one chat's messages are spaced even when they come from different nodes).
/// </summary>
public sealed class ClusterUser(int index, long chat, UserPlan plan, DateTimeOffset startAt, Random random, bool tick = true)
{
    public static readonly TimeSpan ThinkTime = TimeSpan.FromMilliseconds(400);

    private readonly Lock _gate = new();
    private DateTimeOffset _lastBotActivity = DateTimeOffset.MinValue;
    private int _botCalls;

    public int Index { get; } = index;

    public long Chat { get; } = chat;

    public UserPlan Plan { get; } = plan;

    /// <summary>When the person sends /headache (the run may set it later: the late people start when the kill draws near).</summary>
    public DateTimeOffset StartAt { get; set; } = startAt;

    /// <summary>The pacer is running (its message with the Stop button is the latest question).</summary>
    public bool PacerSeen { get; private set; }

    public bool Started { get; private set; }

    public bool Done { get; private set; }

    public DateTimeOffset? DoneAt { get; private set; }

    /// <summary>Told "This episode is saved in your diary": the diary must hold a completed episode.</summary>
    public bool ToldSaved { get; private set; }

    /// <summary>The main menu came back without the "saved" message: a reply lost.</summary>
    public bool WrapUpLost { get; private set; }

    public bool PacerStopped { get; private set; }

    /// <summary>The person's updates, numbered in the order sent (index = the person's message number).</summary>
    public List<(int UpdateId, DateTimeOffset At, string Note)> Updates { get; } = [];

    public ConversationKey Key => ConversationKey.Private(Platform.Telegram, Id, Id);

    public string Id => Chat.ToString(CultureInfo.InvariantCulture);

    /// <summary>Successful sends and edits seen in this chat so far.</summary>
    public int BotCalls
    {
        get
        {
            lock (_gate)
            {
                return _botCalls;
            }
        }
    }

    private int LastAnsweredMessage { get; set; }

    private string? LastAnsweredMarkup { get; set; }

    /// <summary>From the fake's <see cref="FakeTelegramServer.CallCompleted"/>: the bot showed something in this chat.</summary>
    public void Saw(DateTimeOffset at)
    {
        lock (_gate)
        {
            _botCalls++;
            _lastBotActivity = at;
        }
    }

    /// <summary>
    /// One look at the chat; true when the person did something. <paramref name="stopPacer"/> says whether a running pacer
    /// may be stopped now (the run decides: a few ticks after the kill).
    /// </summary>
    public bool Step(FakeTelegramServer server, DateTimeOffset now, Func<ClusterUser, bool> stopPacer)
    {
        if (Done)
        {
            return false;
        }

        if (!Started)
        {
            if (now < StartAt)
            {
                return false;
            }

            Started = true;
            Type(server, "/headache");
            return true;
        }

        lock (_gate)
        {
            if (now - _lastBotActivity < ThinkTime)
            {
                return false;
            }
        }

        var messages = server.MessagesIn(Chat);
        ToldSaved |= messages.Any(m => m.PlainText.Contains(Soak.FaultSoak.SavedText, StringComparison.Ordinal));
        var finished = Plan == UserPlan.FollowUp
            ? messages.Any(m => m.PlainText.Contains(Wording.FollowUpThanks, StringComparison.Ordinal))
            : ToldSaved;
        if (finished)
        {
            Finish(now);
            return true;
        }

        var latest = messages.LastOrDefault(m => m.ReplyMarkup is not null);
        if (latest is null)
        {
            return false;
        }

        var buttons = Buttons(latest);
        if (buttons.Any(b => b.Id == "pc:stop"))
        {
            PacerSeen = true;
            // the pacer: its message is edited in place once per phase; stopped once the run says so
            if (!PacerStopped && stopPacer(this))
            {
                PacerStopped = true;
                Press(server, latest, buttons.First(b => b.Id == "pc:stop"));
                return true;
            }

            return false;
        }

        if (latest.MessageId < LastAnsweredMessage || (latest.MessageId == LastAnsweredMessage && latest.ReplyMarkup == LastAnsweredMarkup))
        {
            return false;
        }

        LastAnsweredMessage = latest.MessageId;
        LastAnsweredMarkup = latest.ReplyMarkup;
        if (buttons.Any(b => b.Id == "m:headache"))
        {
            // the main menu: the flow ended without the message that should have ended it
            WrapUpLost = !ToldSaved || Plan == UserPlan.FollowUp;
            Finish(now);
            return true;
        }

        Answer(server, latest, buttons);
        return true;
    }

    private void Finish(DateTimeOffset now)
    {
        Done = true;
        DoneAt = now;
    }

    private void Answer(FakeTelegramServer server, StoredMessage message, List<(string Label, string Id, string Data)> buttons)
    {
        if (buttons.Count == 0)
        {
            return;
        }

        string[] preferred =
        [
            "e:none", "s:none", "ci:none", "ot:skip", "op:no", "mu:skip", "ps:skip", "bl:1", "pb:5", "pr:3", "pm:3", "pf:0",
            Plan == UserPlan.Pacer ? "bp:0" : "bp:skip",
        ];
        var done = buttons.FirstOrDefault(b => b.Id.EndsWith(":done", StringComparison.Ordinal));
        if (!tick && done.Data is not null)
        {
            // a multi-select answered in words ("back of the head"), so the question is never edited in place
            var first = buttons.First(b => b.Data != done.Data);
            Type(server, message.PlainText.Contains("Done if none", StringComparison.Ordinal) ? "done" : first.Label);
            return;
        }

        (string Label, string Id, string Data) choice;
        if (buttons.FirstOrDefault(b => preferred.Contains(b.Id)) is { Data: not null } wanted)
        {
            choice = wanted;
        }
        else if (done.Data is not null)
        {
            // a multi-select: tick the first option, then Done
            choice = !tick || buttons.Any(b => b.Label.StartsWith(Wording.Selected, StringComparison.Ordinal)) ? done : buttons[0];
        }
        else
        {
            choice = buttons[0];
        }

        if (random.NextDouble() < 0.2 && Typed(choice.Id) is { } typed)
        {
            Type(server, typed);
        }
        else
        {
            Press(server, message, choice);
        }
    }

    private void Press(FakeTelegramServer server, StoredMessage message, (string Label, string Id, string Data) choice)
    {
        var at = DateTimeOffset.UtcNow;
        Record(server.Click(Chat, Chat, message.MessageId, choice.Data), at, "presses " + choice.Id);
    }

    private void Type(FakeTelegramServer server, string text)
    {
        var at = DateTimeOffset.UtcNow;
        Record(server.UserText(Chat, Chat, text), at, "types " + text);
    }

    private void Record(int updateId, DateTimeOffset at, string note)
    {
        lock (_gate)
        {
            // the reply to this update is what the person waits for now
            _lastBotActivity = DateTimeOffset.MaxValue;
        }

        Updates.Add((updateId, at, note));
    }

    /// <summary>What a person could type instead of pressing (the core's own aliases), or null.</summary>
    private static string? Typed(string choiceId) => choiceId switch
    {
        "e:none" or "s:none" or "ci:none" or "op:no" => "no",
        "bp:skip" or "ot:skip" or "mu:skip" or "ps:skip" => "skip",
        "bp:0" => "resonance",
        _ when choiceId.Length > 3 && choiceId[..3] is "pb:" or "pr:" or "pm:" or "pf:" or "bl:" => choiceId[3..],
        _ => null,
    };

    private static List<(string Label, string Id, string Data)> Buttons(StoredMessage message) =>
        [.. JsonNode.Parse(message.ReplyMarkup!)!["inline_keyboard"]!.AsArray()
            .SelectMany(row => row!.AsArray())
            .Select(b => (Label: b!["text"]!.GetValue<string>(), Data: b["callback_data"]?.GetValue<string>()))
            .Where(b => b.Data is not null && TelegramUpdateMapper.TryReadCallbackData(b.Data, out _, out _))
            .Select(b => (b.Label, Id: EndToEnd.BotHarness.ChoiceOf(b.Data!), Data: b.Data!))];
}
