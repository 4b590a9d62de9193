using BreatheBot.Core.Content;
using BreatheBot.Core.Conversations;
using BreatheBot.Core.Episodes;
using BreatheBot.Core.Messaging;
using BreatheBot.Core.Tests.Support;
using static BreatheBot.Core.Tests.Insights.DiaryFixtures;

namespace BreatheBot.Core.Tests.Insights;

/// <summary>Issue 14 item 8, through the engine: what the diary and the prompts show, corrected.</summary>
public sealed class DiaryCorrectionsConversationTests
{
    private static IReadOnlyList<Reply> Run(EngineDriver chat, InboundEvent inbound, IReadOnlyList<Episode> diary)
    {
        var result = chat.Engine.Handle(chat.State, inbound, chat.Profile, chat.Now, new TurnInputs { Diary = diary });
        chat.State = result.State;
        chat.Profile = result.ProfileToSave ?? chat.Profile;
        chat.Turns.Add(result.Replies);
        return result.Replies;
    }

    [Fact]
    public void The_stats_chart_never_counts_a_follow_up_after_a_painkiller_as_pain_after_self_care()
    {
        var chat = new EngineDriver { Now = Now };
        chat.Send("/start");
        List<Episode> diary =
        [
            Episode(3, before: 7, afterBreathing: 6, followUp: 1, medication: MedicationKind.SimplePainkiller, steps: [SelfCareStep.Breathing]),
            Episode(2, before: 7, afterBreathing: 6, followUp: 4, medication: MedicationKind.None, steps: [SelfCareStep.Breathing]),
            Episode(1, before: 7, followUp: 2, medication: MedicationKind.Triptan),
        ];

        var replies = Run(chat, new CommandReceived(chat.Key, chat.Chat, "100", chat.Now, null, "stats", "30d"), diary);

        var chart = Assert.IsType<ChartReply>(replies[1]);
        Assert.Equal([6, 4, null], chart.Chart.Episodes.Select(e => e.After));
        Assert.Equal(InsightsWording.ChartCaption, chart.Caption);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(5)]
    public void The_length_question_presents_the_configured_default_as_the_good_start(int defaultMinutes)
    {
        var chat = new EngineDriver(new ConversationOptions { DefaultBreathingMinutes = defaultMinutes });
        chat.AnswerTriageUpToBreathing();

        var question = Assert.Single(chat.Press("bp:0"));
        Assert.Equal("breathing.length", question.Key);
        Assert.Equal(Wording.BreathingLengthPrompt(defaultMinutes), EngineDriver.TextOf(question));
        Assert.Contains($"About {defaultMinutes} minutes", EngineDriver.TextOf(question), StringComparison.Ordinal);
        var recommended = Assert.Single(EngineDriver.ChoicesOf(question), c => c.Label.EndsWith("(recommended)", StringComparison.Ordinal));
        Assert.Equal($"bl:{defaultMinutes}", recommended.Id);

        chat.Send("/settings");
        var settings = Assert.Single(chat.Press("set:len"));
        Assert.Equal(Wording.BreathingLengthPrompt(defaultMinutes), EngineDriver.TextOf(settings));
        Assert.Equal($"sl:{defaultMinutes}", Assert.Single(EngineDriver.ChoicesOf(settings), c => c.Label.EndsWith("(recommended)", StringComparison.Ordinal)).Id);
    }

    [Theory]
    [InlineData("timezone berlin", "Europe/Berlin")]
    [InlineData("TimeZone Europe/paris", "Europe/Paris")]
    [InlineData("time zone new york", "America/New_York")]
    [InlineData("tz UTC", "UTC")]
    public void Settings_timezone_with_a_zone_sets_it_directly(string argument, string expected)
    {
        var chat = new EngineDriver();

        chat.Send("/start");

        var replies = chat.Send("/settings " + argument);

        Assert.Equal(expected, chat.Profile!.TimeZoneId);
        Assert.Equal(["settings.tz.saved"], replies.Select(r => r.Key));
        Assert.Equal(InsightsWording.TimeZoneSaved(expected), EngineDriver.TextOf(replies[0]));
    }

    [Fact]
    public void Settings_timezone_during_a_headache_keeps_the_episode_going_and_asks_its_question_again()
    {
        var chat = new EngineDriver();
        chat.Send("/headache");
        chat.Press("e:none");
        chat.Press("s:none");

        var replies = chat.Send("/settings timezone berlin");

        Assert.Equal(["settings.tz.saved", "pain.before"], replies.Select(r => r.Key));
        Assert.Equal("Europe/Berlin", chat.Profile!.TimeZoneId);
        Assert.Equal(["triage.location"], chat.Send("6").Select(r => r.Key));
        Assert.Equal(6, chat.Episode!.PainBefore);
    }

    [Fact]
    public void Settings_timezone_with_an_unknown_zone_says_so_naming_examples_and_changes_nothing()
    {
        var chat = new EngineDriver();
        chat.Send("/start");
        chat.Send("/settings timezone berlin");

        var replies = chat.Send("/settings timezone Mars/Olympus_Mons");

        Assert.Equal(["settings.tz.unknown"], replies.Select(r => r.Key));
        Assert.Contains("Europe/Berlin", EngineDriver.TextOf(replies[0]), StringComparison.Ordinal);
        Assert.Contains("berlin", EngineDriver.TextOf(replies[0]), StringComparison.Ordinal);
        Assert.Equal("Europe/Berlin", chat.Profile!.TimeZoneId);
    }

    [Fact]
    public void Settings_timezone_without_a_zone_asks_for_one()
    {
        var chat = new EngineDriver();
        chat.Send("/start");
        Assert.Equal(["settings.tz"], chat.Send("/settings timezone").Select(r => r.Key));
        chat.Send("berlin");
        Assert.Equal("Europe/Berlin", chat.Profile!.TimeZoneId);
    }
}
