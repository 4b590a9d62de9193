using BreatheBot.Core.Content;

namespace BreatheBot.TelegramAdapter.Tests.Fakes;

/// <summary>
/// Privacy across the suite: every test class in the <see cref="GroupChatsCollection"/> hands its fake server's
/// group-chat record (<see cref="FakeTelegramServer.GroupTexts"/>) to this fixture when a test ends. Each hand-over is
/// checked at once (so the failing test is named), and when the collection is done the whole record is checked again
/// and must not be empty (so the check can never pass by seeing nothing).
/// </summary>
public sealed class GroupChatAudit : IDisposable
{
    /// <summary>Phrases of the health questions the bot asks in private; none may ever reach a group.</summary>
    public static readonly IReadOnlyList<string> HealthQuestionPhrases =
    [
        "0 to 10",
        "How bad is the pain",
        "Where does it hurt",
        "safety check",
        "Have you taken anything",
        "warning sign",
        Wording.EmergencyScreenIntro,
        Wording.PainNow,
        Wording.Location,
        Wording.Medication,
        .. RedFlags.EmergencyTier.Select(f => f.Question),
        .. RedFlags.SameDayTier.Select(f => f.Question),
    ];

    private readonly Lock _gate = new();
    private readonly List<GroupText> _all = [];

    /// <summary>How many group texts the audit has seen so far.</summary>
    public int Seen
    {
        get
        {
            lock (_gate)
            {
                return _all.Count;
            }
        }
    }

    /// <summary>The texts (or button labels) that contain a health question phrase, described for a failure message.</summary>
    public static IReadOnlyList<string> Leaks(IEnumerable<GroupText> texts) =>
    [
        .. from text in texts
           from shown in text.Buttons.Prepend(text.Text)
           from phrase in HealthQuestionPhrases
           where shown.Contains(phrase, StringComparison.OrdinalIgnoreCase)
           select $"{text.Method} to {text.ChatId}: \"{shown}\" contains \"{phrase}\"",
    ];

    /// <summary>Adds everything the server recorded in group chats to the suite's record, and fails on any health question.</summary>
    public void Collect(FakeTelegramServer server)
    {
        ArgumentNullException.ThrowIfNull(server);
        var texts = server.GroupTexts;
        lock (_gate)
        {
            _all.AddRange(texts);
        }

        var leaks = Leaks(texts);
        Assert.True(leaks.Count == 0, "A health question reached a group chat:\n" + string.Join('\n', leaks));
    }

    public void Dispose()
    {
        List<GroupText> all;
        lock (_gate)
        {
            all = [.. _all];
        }

        var leaks = Leaks(all);
        if (leaks.Count > 0)
        {
            throw new InvalidOperationException("A health question reached a group chat during the suite:\n" + string.Join('\n', leaks));
        }

        if (all.Count == 0)
        {
            throw new InvalidOperationException("The group-chat privacy audit saw no group text at all: nothing was checked.");
        }
    }
}

/// <summary>The group and channel end-to-end tests: they share the <see cref="GroupChatAudit"/>.</summary>
[CollectionDefinition(Name)]
public sealed class GroupChatsCollection : ICollectionFixture<GroupChatAudit>
{
    public const string Name = "Group chats";
}
