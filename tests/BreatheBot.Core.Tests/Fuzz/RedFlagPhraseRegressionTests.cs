using BreatheBot.Core.Content;
using BreatheBot.Core.Conversations;
using BreatheBot.Core.Tests.Support;

namespace BreatheBot.Core.Tests.Fuzz;

/// <summary>
/// Found by the fuzz (seed 20261129): typed text holding U+FFFE (a noncharacter: well-formed UTF-16, valid in UTF-8 and
/// JSON, so a person can send it) or a lone surrogate (e.g. a message cut in the middle of an emoji) makes
/// <c>RedFlagPhrases.Normalise</c> (src/BreatheBot.Core/Content/RedFlagPhrases.cs, <c>text.Normalize(NormalizationForm.FormKC)</c>)
/// throw ArgumentException "String contains invalid Unicode code points". The engine throws for any private-chat text at
/// any step; the person gets the service's "error" reply and their flow is reset to idle.
/// Fixed in RedFlagPhrases (text that cannot be normalised is matched as typed).
/// </summary>
public sealed class RedFlagPhraseRegressionTests
{

    [Theory]
    [InlineData("ok \uFFFE")]
    [InlineData("ok \uD800")]
    [InlineData("\uDC00 worst headache")]
    public void Match_text_with_code_points_normalisation_rejects_does_not_throw(string text)
    {
        var exception = Record.Exception(() => RedFlagPhrases.Match(text));

        Assert.Null(exception);
    }

    [Theory]
    [InlineData("\uFFFE")]
    [InlineData("\uDC00")]
    public void Handle_such_text_keeps_the_person_at_their_step(string text)
    {
        var chat = new EngineDriver();
        chat.Send("/headache");

        var replies = chat.Send(text);

        Assert.IsType<ScreeningState>(chat.State);
        Assert.DoesNotContain(replies, r => r.Key == "error");
    }
}
