using BreatheBot.Core.Episodes;

namespace BreatheBot.Core.Tests.Insights;

/// <summary>Time zones as people type them: any case, or just the city.</summary>
public sealed class TimeZoneNamesTests
{
    [Theory]
    [InlineData("Europe/Berlin", "Europe/Berlin")]
    [InlineData("berlin", "Europe/Berlin")]
    [InlineData("Europe/paris", "Europe/Paris")]
    [InlineData("EUROPE/PARIS", "Europe/Paris")]
    [InlineData("new york", "America/New_York")]
    [InlineData("  New   York ", "America/New_York")]
    [InlineData("new_york", "America/New_York")]
    [InlineData("america/new york", "America/New_York")]
    [InlineData("utc", "UTC")]
    public void A_zone_is_found_by_its_id_in_any_case_or_by_its_city(string typed, string expected)
    {
        Assert.True(TimeZoneNames.TryResolve(typed, out var zone));
        Assert.Equal(expected, zone.Id);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("Mars/Olympus_Mons")]
    [InlineData("atlantis")]
    [InlineData("Asia/Berlin")]
    [InlineData("/")]
    [InlineData("../../etc/passwd")]
    public void Unknown_text_finds_nothing(string? typed)
    {
        Assert.False(TimeZoneNames.TryResolve(typed, out var zone));
        Assert.Null(zone);
    }

    [Fact]
    public void Text_longer_than_the_limit_is_not_looked_up()
    {
        Assert.False(TimeZoneNames.TryResolve(new string('a', TimeZoneNames.MaxLength + 1), out _));
    }

    [Theory]
    [InlineData("timezone berlin", "berlin")]
    [InlineData("TimeZone  Europe/paris ", "Europe/paris")]
    [InlineData("time zone new york", "new york")]
    [InlineData("tz=UTC", "UTC")]
    [InlineData("timezone", "")]
    [InlineData("TIMEZONE ", "")]
    [InlineData("timezones", null)]
    [InlineData("holds", null)]
    [InlineData(null, null)]
    public void The_settings_argument_names_the_time_zone_after_its_keyword(string? argument, string? expected)
    {
        Assert.Equal(expected, TimeZoneNames.SettingsArgument(argument));
    }
}
