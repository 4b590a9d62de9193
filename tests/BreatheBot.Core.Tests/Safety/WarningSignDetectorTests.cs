using BreatheBot.Core.Safety;

namespace BreatheBot.Core.Tests.Safety;

/// <summary>content.md §2 "Typed at any step", message by message: the issue's examples and the detector's edges.</summary>
public sealed class WarningSignDetectorTests
{
    [Theory]
    [InlineData("my speech sounds drunk", "E2")]
    [InlineData("my arm feels floppy", "E2")]
    [InlineData("I went out cold", "E5")]
    [InlineData("I've got two of everything", "E2")]
    [InlineData("pretty sure this is a stroke", "E2")]
    [InlineData("my words are all jumbled", "E2")]
    [InlineData("my hand won't do what I tell it", "E2")]
    [InlineData("one side of my mouth has dropped", "E2")]
    [InlineData("I keeled over", "E5")]
    [InlineData("everything's doubled", "E2")]
    [InlineData("I whacked my head and now I'm throwing up", "E4")]
    [InlineData("it went off like a gunshot in my head", "E1")]
    [InlineData("this is the worst headache of my life", "E1")]
    [InlineData("I have a fever and a stiff neck", "E3")]
    [InlineData("my right eye is red and really painful", "E6")]
    [InlineData("could this be meningitis", "E3")]
    [InlineData("I had a seizure", "E5")]
    public void The_issues_examples_and_each_sign_interrupt_with_their_code(string text, string code)
    {
        var result = WarningSignDetector.Classify(text);
        Assert.Equal(SignOutcome.Emergency, result.Outcome);
        Assert.Contains(code, result.Codes);
    }

    [Theory]
    [InlineData("I'm dying to get home")]
    [InlineData("I'm dying to sit down")]
    [InlineData("work is killing me")]
    [InlineData("confused about the settings")]
    [InlineData("what a rash decision")]
    [InlineData("a rash choice of lunch")]
    [InlineData("no fever or stiff neck, just tired")]
    [InlineData("not my worst one")]
    [InlineData("I can't see why it started")]
    [InlineData("3")]
    [InlineData("back of my head")]
    [InlineData("stress at work")]
    [InlineData("yes")]
    [InlineData("no")]
    [InlineData("not sure")]
    [InlineData("number 5")]
    [InlineData("")]
    [InlineData("   ")]
    public void Figures_of_speech_denials_and_answers_are_everyday(string text)
    {
        Assert.Equal(SignOutcome.Everyday, WarningSignDetector.Classify(text).Outcome);
    }

    [Theory]
    [InlineData("I have a stiff neck", HalfSign.StiffNeck)]
    [InlineData("I think I have a fever", HalfSign.Fever)]
    [InlineData("my vision is a bit blurry", HalfSign.BlurredVision)]
    [InlineData("I had a knock on the head last week", HalfSign.HeadKnock)]
    [InlineData("there's a rash on my chest", HalfSign.Rash)]
    [InlineData("I nearly fainted", HalfSign.NearFaint)]
    public void Half_a_sign_asks_one_question(string text, HalfSign half)
    {
        var result = WarningSignDetector.Classify(text);
        Assert.Equal(SignOutcome.Clarify, result.Outcome);
        Assert.Equal(half, result.Half);
        Assert.False(string.IsNullOrWhiteSpace(HalfSigns.Question(half)));
    }

    [Theory]
    [InlineData("had a seizur this morning", "E5")]
    [InlineData("i think im having a stroak", "E2")]
    [InlineData("my face is numbb on one side", "E2")]
    [InlineData("I'm worried about menengitis", "E3")]
    [InlineData("worst headake of my life", "E1")]
    [InlineData("ｓｔｉｆｆ ｎｅｃｋ and a ｆｅｖｅｒ", "E3")]
    [InlineData("I CAN’T MOVE MY ARM", "E2")]
    public void Typos_apostrophes_case_and_full_width_letters_are_read_through(string text, string code)
    {
        Assert.Contains(code, WarningSignDetector.Classify(text).Codes);
    }

    [Theory]
    [InlineData("I'm on strike from screens tonight")]
    [InlineData("strobe lights at the gig set it off")]
    [InlineData("it's getting worse")]
    [InlineData("fewer headaches this month")]
    public void Real_words_one_letter_from_a_sign_word_are_not_corrected_into_it(string text)
    {
        Assert.Equal(SignOutcome.Everyday, WarningSignDetector.Classify(text).Outcome);
    }

    [Theory]
    [InlineData(HalfSign.StiffNeck, "and a fever too", "E3")]
    [InlineData(HalfSign.Fever, "my neck is stiff as well", "E3")]
    [InlineData(HalfSign.HeadKnock, "I've been sick twice since", "E4")]
    [InlineData(HalfSign.BlurredVision, "and my eye hurts", "E6")]
    public void The_missing_half_typed_next_completes_the_sign(HalfSign pending, string text, string code)
    {
        var result = WarningSignDetector.Classify(text, pending);
        Assert.Equal(SignOutcome.Emergency, result.Outcome);
        Assert.Contains(code, result.Codes);
    }

    [Theory]
    [InlineData("\uFFFE")]
    [InlineData("ok \uD800")]
    [InlineData("\uDC00 worst headache ever")]
    public void Text_that_is_not_valid_unicode_is_read_as_typed_instead_of_failing(string text)
    {
        var result = WarningSignDetector.Classify(text);
        Assert.Equal(text.Contains("worst", StringComparison.Ordinal) ? SignOutcome.Emergency : SignOutcome.Everyday, result.Outcome);
    }
}
