using BreatheBot.Core.Insights;

namespace BreatheBot.Charts.Tests;

/// <summary>The pure parts of the chart: the title line, the month axis and its labels.</summary>
public sealed class ChartLayoutTests
{
    [Fact]
    public void The_title_is_one_line_without_control_characters()
    {
        Assert.Equal("Your headaches: last 30 days", ScottPlotChartRenderer.CleanTitle("Your headaches:\r\n\tlast 30 days"));
    }

    [Fact]
    public void A_long_title_is_cut_to_80_characters_with_an_ellipsis()
    {
        string title = ScottPlotChartRenderer.CleanTitle(new string('a', 200));

        Assert.Equal(ScottPlotChartRenderer.MaxTitleLength, title.Length);
        Assert.EndsWith("…", title);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  \n ")]
    public void A_blank_title_becomes_a_fixed_one(string? title)
    {
        Assert.Equal("Your headache diary", ScottPlotChartRenderer.CleanTitle(title));
    }

    [Fact]
    public void Months_are_sorted_and_gaps_count_as_zero_days()
    {
        MonthCount[] months = [new(2026, 2, 3), new(2025, 11, 5), new(2026, 1, 1)];

        var filled = ScottPlotChartRenderer.FillMonths(months);

        Assert.Equal([new(2025, 11, 5), new(2025, 12, 0), new(2026, 1, 1), new(2026, 2, 3)], filled);
    }

    [Fact]
    public void A_month_given_twice_is_summed_and_impossible_months_and_negative_days_are_ignored()
    {
        MonthCount[] months = [new(2026, 5, 2), new(2026, 5, 3), new(2026, 13, 9), new(1, 1, 9), new(2026, 6, -4)];

        var filled = ScottPlotChartRenderer.FillMonths(months);

        Assert.Equal([new(2026, 5, 5), new(2026, 6, 0)], filled);
    }

    [Fact]
    public void Up_to_a_year_every_month_is_labelled_with_the_year_on_the_first_and_on_January()
    {
        var months = Months(2025, 11, count: 4);

        var (positions, labels) = ScottPlotChartRenderer.MonthTicks(months);

        Assert.Equal([0, 1, 2, 3], positions);
        Assert.Equal(["Nov 2025", "Dec", "Jan 2026", "Feb"], labels);
    }

    [Fact]
    public void Three_years_of_months_are_labelled_every_half_year()
    {
        var months = Months(2023, 12, count: 36);

        var (positions, labels) = ScottPlotChartRenderer.MonthTicks(months);

        Assert.Equal([1, 7, 13, 19, 25, 31], positions);
        Assert.Equal(["Jan 2024", "Jul 2024", "Jan 2025", "Jul 2025", "Jan 2026", "Jul 2026"], labels);
    }

    [Fact]
    public void A_decade_of_months_is_labelled_on_every_other_January()
    {
        var months = Months(2016, 1, count: 130);

        var (_, labels) = ScottPlotChartRenderer.MonthTicks(months);

        Assert.Equal(["Jan 2016", "Jan 2018", "Jan 2020", "Jan 2022", "Jan 2024", "Jan 2026"], labels);
    }

    [Fact]
    public void A_single_episode_sits_in_the_middle_of_a_two_week_time_axis()
    {
        var at = new DateTime(2026, 6, 3, 12, 0, 0, DateTimeKind.Unspecified);

        var (from, to) = ScottPlotChartRenderer.TimeRange(at, at);

        Assert.Equal(at.AddDays(-7), from);
        Assert.Equal(at.AddDays(7), to);
    }

    [Fact]
    public void A_last_30_days_chart_spans_exactly_those_days_and_no_future_dates()
    {
        var now = new DateTimeOffset(2026, 6, 30, 18, 0, 0, TimeSpan.FromHours(2));
        var chart = new DiaryChart("Your headache diary, the last 30 days", [new(now.AddDays(-1), 6, 3)], [new(2026, 6, 1)],
            now.AddDays(-30), now);

        var (from, to) = ScottPlotChartRenderer.TimeAxis(chart);

        Assert.Equal(now.AddDays(-30).DateTime, from);
        Assert.Equal(now.DateTime, to);
        var (_, labels) = ScottPlotChartRenderer.DateTicks(from, to);
        Assert.DoesNotContain(labels, l => l.EndsWith("Jul", StringComparison.Ordinal));
    }

    [Fact]
    public void A_chart_without_a_window_spans_its_episodes()
    {
        var at = new DateTimeOffset(2026, 6, 3, 12, 0, 0, TimeSpan.Zero);
        var chart = new DiaryChart("Your headache diary, all time", [new(at, 6, 3)], [new(2026, 6, 1)]);

        Assert.Equal((at.DateTime.AddDays(-7), at.DateTime.AddDays(7)), ScottPlotChartRenderer.TimeAxis(chart));
    }

    [Fact]
    public void Two_weeks_are_labelled_every_other_day()
    {
        var (_, labels) = ScottPlotChartRenderer.DateTicks(new DateTime(2026, 5, 27, 12, 0, 0), new DateTime(2026, 6, 10, 12, 0, 0));

        Assert.Equal(["28 May", "30 May", "1 Jun", "3 Jun", "5 Jun", "7 Jun", "9 Jun"], labels);
    }

    [Fact]
    public void Two_months_are_labelled_every_Monday()
    {
        var (_, labels) = ScottPlotChartRenderer.DateTicks(new DateTime(2026, 9, 1), new DateTime(2026, 10, 31));

        Assert.Equal(["7 Sep", "14 Sep", "21 Sep", "28 Sep", "5 Oct", "12 Oct", "19 Oct", "26 Oct"], labels);
    }

    [Fact]
    public void Half_a_year_is_labelled_on_the_first_of_each_month()
    {
        var (positions, labels) = ScottPlotChartRenderer.DateTicks(new DateTime(2026, 5, 28), new DateTime(2026, 11, 10));

        Assert.Equal(["Jun 2026", "Jul 2026", "Aug 2026", "Sep 2026", "Oct 2026", "Nov 2026"], labels);
        Assert.Equal(new DateTime(2026, 6, 1).ToOADate(), positions[0]);
    }

    [Fact]
    public void Three_years_are_labelled_every_January_and_July()
    {
        var (_, labels) = ScottPlotChartRenderer.DateTicks(new DateTime(2023, 11, 20), new DateTime(2026, 12, 5));

        Assert.Equal(["Jan 2024", "Jul 2024", "Jan 2025", "Jul 2025", "Jan 2026", "Jul 2026"], labels);
    }

    [Fact]
    public void Twenty_years_are_labelled_every_five_years()
    {
        var (_, labels) = ScottPlotChartRenderer.DateTicks(new DateTime(2006, 3, 1), new DateTime(2026, 3, 1));

        Assert.Equal(["2010", "2015", "2020", "2025"], labels);
    }

    private static List<MonthCount> Months(int year, int month, int count) =>
        Enumerable.Range(0, count)
            .Select(i => new MonthCount(year + (month - 1 + i) / 12, (month - 1 + i) % 12 + 1, i))
            .ToList();
}
