namespace BreatheBot.DiscordAdapter.Tests.Fakes;

/// <summary>
/// Issue 6: no health question is ever sent to a server channel. Every end-to-end host (<c>RealHost</c>) checks all the
/// texts its fake Discord recorded for server channels when it is disposed, so the whole suite is covered.
/// </summary>
internal static class GroupPrivacy
{
    /// <summary>Words of the personal flow's questions and screening (content.md), none of which may appear in a channel.</summary>
    public static readonly IReadOnlyList<string> HealthPhrases =
    [
        "0 to 10",
        "How bad is the pain",
        "How's the pain",
        "Where does it hurt",
        "safety check",
        "Does any of these apply",
        "Have you taken anything",
        "warning sign",
    ];

    /// <summary>
    /// Fixed statements that mention these words without asking anyone anything: the general disclaimer (part of
    /// /privacy, which may be shown in a channel). They are taken out of a text before it is checked.
    /// </summary>
    public static readonly IReadOnlyList<string> Statements = [Core.Content.Wording.Disclaimer];

    private static int _textsChecked;

    /// <summary>How many server-channel texts all hosts of this test run have checked so far.</summary>
    public static int TextsChecked => Volatile.Read(ref _textsChecked);

    /// <summary>The server-channel texts that contain a health question, as "METHOD route: text".</summary>
    public static IReadOnlyList<string> Violations(FakeDiscord fake)
    {
        var texts = fake.GuildChannelTexts();
        Interlocked.Add(ref _textsChecked, texts.Count);
        return [.. texts
            .Where(t => HealthPhrases.Any(p => WithoutStatements(t.Text).Contains(p, StringComparison.OrdinalIgnoreCase)))
            .Select(t => $"{t.Request.Method} {System.Text.RegularExpressions.Regex.Replace(t.Request.Path, "/(interactions|webhooks)/(\\d+)/[^/]+", "/$1/$2/{token}")}: {t.Text}")];
    }

    private static string WithoutStatements(string text) =>
        Statements.Aggregate(text, (current, statement) => current.Replace(statement, "", StringComparison.Ordinal));
}
