using BreatheBot.Core.Diary;

namespace BreatheBot.Core.Tests.Diary;

/// <summary>How long a headache lasted, as typed.</summary>
public sealed class DurationTextTests
{
    [Theory]
    [InlineData("3h", 180)]
    [InlineData("3 h", 180)]
    [InlineData("3 hours", 180)]
    [InlineData("3 hrs", 180)]
    [InlineData("1 hour", 60)]
    [InlineData("an hour", 60)]
    [InlineData("90 min", 90)]
    [InlineData("90m", 90)]
    [InlineData("45 mins", 45)]
    [InlineData("1h30", 90)]
    [InlineData("1h 30m", 90)]
    [InlineData("1.5 hours", 90)]
    [InlineData("1,5h", 90)]
    [InlineData("2 hours 30 minutes", 150)]
    [InlineData("2 hours and 30 minutes", 150)]
    [InlineData("2 hours 30", 150)]
    [InlineData("1 h 45", 105)]
    [InlineData("1 hour and 15", 75)]
    [InlineData("an hour and a half", 90)]
    [InlineData("half an hour", 30)]
    [InlineData("about 3 hours", 180)]
    [InlineData("2 days", 2880)]
    [InlineData("1:30", 90)]
    [InlineData("  4H ", 240)]
    public void Parse_reads_a_typed_length(string text, int expectedMinutes)
    {
        Assert.Equal(TimeSpan.FromMinutes(expectedMinutes), DurationText.Parse(text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("3")]
    [InlineData("three hours")]
    [InlineData("3 months")]
    [InlineData("0h")]
    [InlineData("hello")]
    [InlineData("1:75")]
    [InlineData("3 hours hello")]
    [InlineData("2 hours 75")]
    [InlineData("30 minutes 10")]
    [InlineData("2 days 5")]
    public void Parse_rejects_what_is_not_a_length(string text)
    {
        Assert.Null(DurationText.Parse(text));
    }
}
