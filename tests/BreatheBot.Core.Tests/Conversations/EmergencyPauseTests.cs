using BreatheBot.Core.Content;
using BreatheBot.Core.Conversations;
using BreatheBot.Core.Messaging;
using BreatheBot.Core.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace BreatheBot.Core.Tests.Conversations;

/// <summary>
/// content.md §2 "After an emergency flag": for Conversation:MassagePauseAfterEmergency every new flow first repeats
/// the emergency message and asks "Have you got help?"; massage stays off for the whole pause.
/// </summary>
public sealed class EmergencyPauseTests
{
    private readonly FakeTimeProvider _time = new(EngineDriver.Start);

    /// <summary>An emergency flag at the fake clock's start; the chat's clock then follows the fake time provider.</summary>
    private EngineDriver Flagged(TimeSpan? pause = null)
    {
        var chat = new EngineDriver(new ConversationOptions { EmergencyNumbers = "999", MassagePauseAfterEmergency = pause ?? TimeSpan.FromHours(12) });
        chat.Now = _time.GetUtcNow();
        chat.Send("/headache");
        chat.Press("e:yes");
        chat.Press("rf:help");
        return chat;
    }

    private void Advance(EngineDriver chat, TimeSpan by)
    {
        _time.Advance(by);
        chat.Now = _time.GetUtcNow();
    }

    public static TheoryData<string[]> Entries => new()
    {
        { ["/headache"] },
        { ["/breathe"] },
        { ["/points"] },
        { ["/start"] },
        { ["/start breathe"] },
        { ["menu", "Breathing exercise"] },
        { ["menu", "Pressure-point steps"] },
    };

    [Theory]
    [MemberData(nameof(Entries))]
    public void Within_the_pause_every_new_flow_first_repeats_the_advice_and_asks_have_you_got_help(string[] entry)
    {
        var chat = Flagged();
        Advance(chat, TimeSpan.FromHours(11));
        IReadOnlyList<Reply> replies = [];
        foreach (var line in entry)
        {
            replies = chat.Send(line);
        }

        Assert.IsType<EmergencyCheckState>(chat.State);
        var advice = Assert.Single(replies, r => r.Key == "triage.emergency.advice");
        Assert.StartsWith("Call 999 now", EngineDriver.TextOf(advice), StringComparison.Ordinal);
        var question = (TextReply)replies[^1];
        Assert.Equal(Wording.GotHelpQuestion, question.Text);
        Assert.Equal([Wording.HelpOnItsWay, Wording.NotYet], question.Choices.Select(c => c.Label));
    }

    [Fact]
    public void Right_after_emergency_advice_breathe_none_of_these_does_not_skip_to_breathing()
    {
        var chat = new EngineDriver();
        chat.Send("/headache");
        chat.Press("e:yes");
        chat.Send("/breathe");
        Assert.IsType<EmergencyCheckState>(chat.State);
        chat.Send("none of these");
        Assert.IsType<EmergencyCheckState>(chat.State);
        Assert.DoesNotContain(chat.AllReplies, r => r.Key is "breathing.preset" or "pain.before");
    }

    [Theory]
    [InlineData("Not yet")]
    [InlineData("no")]
    [InlineData("none")]
    public void Not_yet_repeats_the_advice_and_offers_nothing_else(string typed)
    {
        var chat = Flagged();
        Advance(chat, TimeSpan.FromHours(1));
        chat.Send("/breathe");
        var replies = chat.Send(typed);

        var only = Assert.Single(replies);
        Assert.Equal("triage.emergency.advice", only.Key);
        Assert.Empty(EngineDriver.ChoicesOf(only));
        Assert.IsType<IdleState>(chat.State);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("not sure")]
    [InlineData("maybe later")]
    public void Anything_but_yes_or_not_yet_asks_again(string typed)
    {
        var chat = Flagged();
        chat.Send("/headache");
        var replies = chat.Send(typed);
        Assert.Equal(Wording.YesNoReask, EngineDriver.TextOf(replies[0]));
        Assert.Contains(replies, r => r.Key == "triage.emergency.advice");
        Assert.IsType<EmergencyCheckState>(chat.State);
    }

    [Theory]
    [InlineData("yes")]
    [InlineData("I've been seen")]
    public void Yes_lets_breathing_go_on_screened_as_usual(string typed)
    {
        var chat = Flagged();
        Advance(chat, TimeSpan.FromHours(2));
        chat.Send("/breathe");
        chat.Send(typed);
        Assert.IsType<BreathePurposeState>(chat.State);
        chat.Send("headache");
        Assert.IsType<ScreeningState>(chat.State);
        chat.Send("no");
        chat.Send("no");
        chat.Send("5");
        Assert.IsType<BreathingPresetState>(chat.State);
    }

    [Fact]
    public void Massage_stays_off_for_the_whole_pause_and_returns_after_it()
    {
        var chat = Flagged(TimeSpan.FromHours(12));
        Advance(chat, TimeSpan.FromHours(12) - TimeSpan.FromMinutes(1));
        foreach (var line in new[] { "/points", "yes", "no", "no", "5", "2" })
        {
            chat.Send(line);
        }

        Assert.Equal(["points.skipped.recent-emergency", "breathing.preset"], chat.LastKeys);
        Assert.DoesNotContain(chat.AllReplies, r => r.Key is "points.contraindications" or "points.step");

        Advance(chat, TimeSpan.FromMinutes(2));
        var first = chat.Send("/points");
        Assert.DoesNotContain(first, r => r.Key == "triage.emergency.got-help");
        foreach (var line in new[] { "no", "no", "5", "2", "pressing", "done" })
        {
            chat.Send(line);
        }

        Assert.Equal(["points.contraindications"], chat.LastKeys);
    }

    [Fact]
    public void After_the_pause_a_new_flow_starts_with_the_screen_again()
    {
        var chat = Flagged(TimeSpan.FromHours(1));
        Advance(chat, TimeSpan.FromHours(1));
        Assert.Equal("triage.emergency", chat.Send("/headache")[^1].Key);
        Assert.IsType<ScreeningState>(chat.State);
    }
}
