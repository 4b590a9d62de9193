using System.Globalization;
using BreatheBot.Core.Diary;
using Microsoft.Extensions.Time.Testing;

namespace BreatheBot.Core.Tests.Diary;

/// <summary>
/// "When did it start?" as people type it, read in the person's time zone. The clock is a FakeTimeProvider set to
/// Thursday 3 December 2026, 10:00 in Berlin (09:00 UTC) unless a test moves it.
/// </summary>
public sealed class PastTimeParserTests
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
    private FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 3, 9, 0, 0, TimeSpan.Zero));

    public static TheoryData<string, string> Understood => new()
    {
        { "yesterday 15:00", "2026-12-02 15:00" },
        { "yesterday at 3pm", "2026-12-02 15:00" },
        { "Yesterday, 3:30 p.m.", "2026-12-02 15:30" },
        { "yesterday 15h30", "2026-12-02 15:30" },
        { "yesterday at 15h", "2026-12-02 15:00" },
        { "yesterday 15", "2026-12-02 15:00" },
        { "yesterday afternoon", "2026-12-02 14:00" },
        { "yesterday evening at 8", "2026-12-02 20:00" },
        { "noon yesterday", "2026-12-02 12:00" },
        { "this morning", "2026-12-03 08:00" },
        { "in the morning", "2026-12-03 08:00" },
        { "last night", "2026-12-02 22:00" },
        { "last night at 11pm", "2026-12-02 23:00" },
        { "day before yesterday 7am", "2026-12-01 07:00" },
        { "2 hours ago", "2026-12-03 08:00" },
        { "2h ago", "2026-12-03 08:00" },
        { "90 min ago", "2026-12-03 08:30" },
        { "an hour ago", "2026-12-03 09:00" },
        { "half an hour ago", "2026-12-03 09:30" },
        { "1h30 ago", "2026-12-03 08:30" },
        { "3 days ago", "2026-11-30 10:00" },
        { "just now", "2026-12-03 10:00" },
        { "monday 9am", "2026-11-30 09:00" },
        { "Monday at 9", "2026-11-30 09:00" },
        { "on Monday at 9:00", "2026-11-30 09:00" },
        { "last monday 9am", "2026-11-30 09:00" },
        { "mon 09:00", "2026-11-30 09:00" },
        { "thursday 9:00", "2026-12-03 09:00" },
        { "thursday 11:00", "2026-11-26 11:00" },
        { "last thursday 9:00", "2026-11-26 09:00" },
        { "friday night", "2026-11-27 22:00" },
        { "3 Dec 08:30", "2026-12-03 08:30" },
        { "2 December 14:30", "2026-12-02 14:30" },
        { "2nd of December at 14:30", "2026-12-02 14:30" },
        { "Dec 2nd 14:30", "2026-12-02 14:30" },
        { "Wed 2 Dec 14:30", "2026-12-02 14:30" },
        { "25 Dec 10:00", "2025-12-25 10:00" },
        { "1 Jan 2026 12:00", "2026-01-01 12:00" },
        { "2026-12-01 08:00", "2026-12-01 08:00" },
        { "2026-12-01T08:00", "2026-12-01 08:00" },
        { "08:00", "2026-12-03 08:00" },
        { "9.15", "2026-12-03 09:15" },
        { "23:00", "2026-12-02 23:00" },
        { "around 8am", "2026-12-03 08:00" },
        { "at 7", "2026-12-03 07:00" },
        { "today 09:30", "2026-12-03 09:30" },
    };

    [Theory]
    [MemberData(nameof(Understood))]
    public void Parse_a_past_time_in_the_persons_zone(string text, string expectedLocal)
    {
        var result = PastTimeParser.Parse(text, _time.GetUtcNow(), Berlin);

        Assert.Equal(PastTimeOutcome.Understood, result.Outcome);
        Assert.Equal(expectedLocal, Local(result.At, Berlin));
    }

    [Theory]
    [InlineData("yesterday", "2026-12-02")]
    [InlineData("Monday", "2026-11-30")]
    [InlineData("last thursday", "2026-11-26")]
    [InlineData("3 Dec", "2026-12-03")]
    [InlineData("2026-12-01", "2026-12-01")]
    [InlineData("the day before yesterday", "2026-12-01")]
    public void Parse_a_day_without_a_time_asks_for_the_time(string text, string expectedDate)
    {
        var result = PastTimeParser.Parse(text, _time.GetUtcNow(), Berlin);

        Assert.Equal(PastTimeOutcome.NeedsTime, result.Outcome);
        Assert.Equal(DateOnly.Parse(expectedDate, CultureInfo.InvariantCulture), result.Date);
    }

    [Theory]
    [InlineData("15:00", "2026-12-02 15:00")]
    [InlineData("3pm", "2026-12-02 15:00")]
    [InlineData("in the evening", "2026-12-02 19:00")]
    [InlineData("yesterday 16:00", "2026-12-02 16:00")]
    public void Parse_a_time_after_a_named_day_falls_on_that_day(string text, string expectedLocal)
    {
        var result = PastTimeParser.Parse(text, _time.GetUtcNow(), Berlin, onDate: new DateOnly(2026, 12, 2));

        Assert.Equal(PastTimeOutcome.Understood, result.Outcome);
        Assert.Equal(expectedLocal, Local(result.At, Berlin));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("blah")]
    [InlineData("sometime")]
    [InlineData("yesterday maybe")]
    [InlineData("tomorrow 9am")]
    [InlineData("31 Feb 10:00")]
    [InlineData("25:00")]
    [InlineData("yesterday 13pm")]
    [InlineData("yesterday 10:75")]
    [InlineData("2026-13-01 08:00")]
    [InlineData("3/12 14:30")]
    [InlineData("5")]
    [InlineData("a few hours ago")]
    [InlineData("may 3pm")]
    public void Parse_rejects_what_it_cannot_read(string text)
    {
        Assert.Equal(PastTimeOutcome.Unparseable, PastTimeParser.Parse(text, _time.GetUtcNow(), Berlin).Outcome);
    }

    [Theory]
    [InlineData("today 11:00")]
    [InlineData("3 Dec 14:30")]
    [InlineData("2026-12-05 08:00")]
    [InlineData("this evening")]
    public void Parse_refuses_a_time_in_the_future(string text)
    {
        Assert.Equal(PastTimeOutcome.InFuture, PastTimeParser.Parse(text, _time.GetUtcNow(), Berlin).Outcome);
    }

    [Fact]
    public void Parse_refuses_a_future_day_without_a_time()
    {
        Assert.Equal(PastTimeOutcome.InFuture, PastTimeParser.Parse("2026-12-04", _time.GetUtcNow(), Berlin).Outcome);
    }

    [Theory]
    [InlineData("2025-01-01 08:00")]
    [InlineData("2 Dec 2025 10:00")]
    [InlineData("400 days ago")]
    [InlineData("2025-06-01")]
    public void Parse_refuses_a_time_more_than_a_year_ago(string text)
    {
        Assert.Equal(PastTimeOutcome.TooOld, PastTimeParser.Parse(text, _time.GetUtcNow(), Berlin).Outcome);
    }

    [Fact]
    public void Parse_a_year_ago_to_the_minute_is_still_accepted()
    {
        var result = PastTimeParser.Parse("3 Dec 2025 10:00", _time.GetUtcNow(), Berlin);

        Assert.Equal(PastTimeOutcome.Understood, result.Outcome);
    }

    [Fact]
    public void Parse_this_evening_during_the_evening_means_the_evening_so_far()
    {
        _time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 3, 17, 30, 0, TimeSpan.Zero)); // 18:30 in Berlin

        var result = PastTimeParser.Parse("this evening", _time.GetUtcNow(), Berlin);

        Assert.Equal(PastTimeOutcome.Understood, result.Outcome);
        Assert.Equal("2026-12-03 18:30", Local(result.At, Berlin));
    }

    [Fact]
    public void Parse_uses_the_persons_zone_not_utc()
    {
        _time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 3, 3, 0, 0, TimeSpan.Zero)); // 22:00 on 2 December in New York

        var result = PastTimeParser.Parse("yesterday 15:00", _time.GetUtcNow(), NewYork);

        Assert.Equal(new DateTimeOffset(2026, 12, 1, 20, 0, 0, TimeSpan.Zero), result.At);
    }

    [Fact]
    public void Parse_a_time_in_the_spring_forward_gap_moves_forward_by_the_gap()
    {
        _time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 29, 10, 0, 0, TimeSpan.Zero)); // 12:00 CEST, the day clocks went 02:00 → 03:00

        var result = PastTimeParser.Parse("today 02:30", _time.GetUtcNow(), Berlin);

        Assert.Equal(new DateTimeOffset(2026, 3, 29, 1, 30, 0, TimeSpan.Zero), result.At);
        Assert.Equal("2026-03-29 03:30", Local(result.At, Berlin));
    }

    [Fact]
    public void Parse_an_hour_that_happens_twice_reads_as_the_first()
    {
        _time = new FakeTimeProvider(new DateTimeOffset(2026, 10, 25, 11, 0, 0, TimeSpan.Zero)); // 12:00 CET, the day clocks went 03:00 → 02:00

        var result = PastTimeParser.Parse("02:30", _time.GetUtcNow(), Berlin);

        Assert.Equal(new DateTimeOffset(2026, 10, 25, 0, 30, 0, TimeSpan.Zero), result.At);
    }

    [Fact]
    public void Parse_hours_ago_across_the_spring_forward_counts_real_hours()
    {
        _time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 29, 2, 0, 0, TimeSpan.Zero)); // 04:00 CEST

        var result = PastTimeParser.Parse("2 hours ago", _time.GetUtcNow(), Berlin);

        Assert.Equal("2026-03-29 01:00", Local(result.At, Berlin));
    }

    [Theory]
    [InlineData(2026, 3, 30, 8, "2026-03-29 10:00")] // a day after spring forward: 12:00 CEST = 10:00 UTC
    [InlineData(2026, 10, 26, 10, "2026-10-25 14:00")] // a day after autumn back: 15:00 CET = 14:00 UTC
    public void Parse_yesterday_across_a_clock_change_keeps_the_wall_time(int year, int month, int day, int utcHour, string expectedUtc)
    {
        _time = new FakeTimeProvider(new DateTimeOffset(year, month, day, utcHour, 0, 0, TimeSpan.Zero));

        var text = month == 3 ? "yesterday 12:00" : "yesterday 15:00";
        var result = PastTimeParser.Parse(text, _time.GetUtcNow(), Berlin);

        Assert.Equal(expectedUtc, result.At.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Describe_echoes_the_understood_time_for_confirmation()
    {
        var at = PastTimeParser.Parse("yesterday 15:00", _time.GetUtcNow(), Berlin).At;

        Assert.Equal("Wednesday 2 December, 15:00", PastTime.Describe(at, _time.GetUtcNow(), Berlin));
        Assert.Equal("Thursday 25 December 2025, 10:00", PastTime.Describe(PastTimeParser.Parse("25 Dec 10:00", _time.GetUtcNow(), Berlin).At, _time.GetUtcNow(), Berlin));
    }

    private static string Local(DateTimeOffset at, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(at, zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}
