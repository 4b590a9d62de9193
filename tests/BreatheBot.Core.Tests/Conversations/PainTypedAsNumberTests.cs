using BreatheBot.Core.Content;
using BreatheBot.Core.Tests.Support;

namespace BreatheBot.Core.Tests.Conversations;

/// <summary>Issue 14 item 8: on the pain question a typed number is the pain value, never a button's position.</summary>
public sealed class PainTypedAsNumberTests
{
    [Theory]
    [InlineData("0", 0)]
    [InlineData("1", 1)]
    [InlineData("6", 6)]
    [InlineData("10", 10)]
    [InlineData("pain 7/10", 7)]
    public void A_typed_number_is_the_pain_value(string typed, int pain)
    {
        var chat = new EngineDriver();
        chat.Send("/headache");
        chat.Press("e:none");
        var question = Assert.Single(chat.Press("s:none"));
        Assert.Equal("pain.before", question.Key);
        Assert.EndsWith(Wording.PainHowToAnswer, EngineDriver.TextOf(question), StringComparison.Ordinal);

        Assert.Equal(["triage.location"], chat.Send(typed).Select(r => r.Key));
        Assert.Equal(pain, chat.Episode!.PainBefore);
    }

    [Fact]
    public void A_number_beyond_the_scale_is_asked_again_not_taken_as_the_last_button()
    {
        var chat = new EngineDriver();
        chat.Send("/headache");
        chat.Press("e:none");
        chat.Press("s:none");

        Assert.Equal(["reprompt"], chat.Send("11").Select(r => r.Key).Take(1));
        Assert.Null(chat.Episode!.PainBefore);
    }

    [Fact]
    public void Every_pain_prompt_says_how_to_answer()
    {
        Assert.All([Wording.PainNow, Wording.PainAfterBreathing, Wording.PainAfterMassage, Wording.PainFollowUp],
            text => Assert.Contains("Type a number from 0 to 10 or tap one.", text, StringComparison.Ordinal));
    }
}
