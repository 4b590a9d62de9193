using BreatheBot.Core.Conversations;
using BreatheBot.Core.Safety;

namespace BreatheBot.Core.Tests.FollowUp;

/// <summary>"it's gone" typed at any time ends the open episode: the phrases that say so, and the ones that must not.</summary>
public sealed class HeadacheGoneTests
{
    [Theory]
    [InlineData("it's gone")]
    [InlineData("Its gone")]
    [InlineData("IT’S GONE!!")]
    [InlineData("it is gone")]
    [InlineData("it has gone")]
    [InlineData("it's gone now")]
    [InlineData("headache gone")]
    [InlineData("Headache's gone.")]
    [InlineData("the headache has gone away")]
    [InlineData("my headache is finally gone")]
    [InlineData("it's over")]
    [InlineData("it is over!")]
    [InlineData("headache over")]
    [InlineData("the pain has passed")]
    [InlineData("pain's gone, thanks")]
    [InlineData("it went away")]
    [InlineData("migraine stopped")]
    [InlineData("yay it's gone")]
    [InlineData("finally, it's gone at last")]
    [InlineData("no more headache")]
    [InlineData("headache free")]
    [InlineData("all gone")]
    [InlineData("gone")]
    [InlineData("  it's   gone . ")]
    public void Saying_the_headache_has_gone_matches(string text) => Assert.True(HeadacheGone.Matches(text));

    [Theory]
    [InlineData("it's not gone")]
    [InlineData("it isn't gone")]
    [InlineData("its not gone yet")]
    [InlineData("not gone")]
    [InlineData("it's almost gone")]
    [InlineData("it's nearly over")]
    [InlineData("is it gone?")]
    [InlineData("headache gone?")]
    [InlineData("when will it be gone")]
    [InlineData("it's gone worse")]
    [InlineData("it's gone up to 8")]
    [InlineData("the pain has gone to my neck")]
    [InlineData("my vision has gone")]
    [InlineData("my speech has gone")]
    [InlineData("I wish it was gone")]
    [InlineData("it's never gone")]
    [InlineData("over")]
    [InlineData("over 65")]
    [InlineData("gone to bed")]
    [InlineData("it was gone but it's back")]
    [InlineData("")]
    [InlineData("   ")]
    public void Anything_else_does_not_match(string text) => Assert.False(HeadacheGone.Matches(text));

    [Theory]
    [InlineData("it's gone")]
    [InlineData("headache gone")]
    [InlineData("it's over")]
    [InlineData("no more headache")]
    public void The_phrases_are_not_warning_signs(string text) => Assert.Equal(SignOutcome.Everyday, WarningSignDetector.Classify(text).Outcome);
}
