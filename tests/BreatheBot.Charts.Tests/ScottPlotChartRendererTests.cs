using BreatheBot.Core.Insights;
using SkiaSharp;

namespace BreatheBot.Charts.Tests;

public sealed class ScottPlotChartRendererTests
{
    private readonly ScottPlotChartRenderer _renderer = new();

    [Fact]
    public void Images_are_900_by_600_pixels()
    {
        Assert.Equal((900, 600), _renderer.Size);
    }

    [Fact]
    public void A_diary_renders_as_a_png_whose_header_and_decoded_size_equal_Size()
    {
        byte[] png = _renderer.RenderPng(Diaries.Few());

        using SKBitmap bitmap = Png.AssertValid(png, _renderer.Size);
        Assert.True(Png.InkedPixels(bitmap) > 1000, "The chart has marks, axes and labels on it.");
    }

    [Fact]
    public void Both_panels_are_drawn_pain_on_top_and_month_bars_below()
    {
        using SKBitmap bitmap = Png.AssertValid(_renderer.RenderPng(Diaries.Few()), _renderer.Size);

        Assert.True(Png.HasInk(bitmap, new SKRectI(100, 80, 850, 300)), "The pain panel's data area has marks.");
        Assert.True(Png.HasInk(bitmap, new SKRectI(100, 400, 850, 550)), "The month panel's data area has bars.");
    }

    [Fact]
    public void An_empty_diary_still_renders_a_valid_png_with_a_nothing_yet_message()
    {
        byte[] png = _renderer.RenderPng(Diaries.Empty());

        using SKBitmap bitmap = Png.AssertValid(png, _renderer.Size);
        Assert.True(Png.HasInk(bitmap, new SKRectI(200, 250, 700, 380)), "The middle of the image carries the 'nothing to chart yet' text.");
    }

    [Fact]
    public void Episodes_without_month_counts_render()
    {
        var chart = Diaries.Few() with { HeadacheDaysPerMonth = [] };

        using SKBitmap bitmap = Png.AssertValid(_renderer.RenderPng(chart), _renderer.Size);
    }

    [Fact]
    public void Month_counts_without_episodes_render()
    {
        var chart = Diaries.Few() with { Episodes = [] };

        using SKBitmap bitmap = Png.AssertValid(_renderer.RenderPng(chart), _renderer.Size);
    }

    [Fact]
    public void A_single_episode_renders_even_though_its_time_range_is_one_instant()
    {
        var at = new DateTimeOffset(2026, 11, 28, 22, 15, 0, TimeSpan.FromHours(-5));
        var chart = new DiaryChart("Your headaches: last 30 days", [new PainPoint(at, 8, 2)], [new MonthCount(2026, 11, 1)]);

        using SKBitmap bitmap = Png.AssertValid(_renderer.RenderPng(chart), _renderer.Size);
    }

    [Fact]
    public void Episodes_not_re_rated_and_ratings_outside_0_to_10_still_render()
    {
        var at = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
        PainPoint[] episodes = [new(at, 11, null), new(at.AddDays(1), -1, -3), new(at.AddDays(2), 10, 0), new(at.AddDays(3), 0, null)];
        var chart = new DiaryChart("Your headaches: last 30 days", episodes, [new MonthCount(2026, 3, 4)]);

        using SKBitmap bitmap = Png.AssertValid(_renderer.RenderPng(chart), _renderer.Size);
    }

    [Fact]
    public void Episodes_and_months_with_impossible_dates_are_left_out_instead_of_failing()
    {
        PainPoint[] episodes = [new(DateTimeOffset.MinValue, 5, 2), new(DateTimeOffset.MaxValue, 6, 1), new(new DateTimeOffset(2026, 4, 2, 9, 0, 0, TimeSpan.Zero), 7, 3)];
        MonthCount[] months = [new(1, 1, 3), new(9999, 12, 4), new(2026, 4, 1)];

        using SKBitmap some = Png.AssertValid(_renderer.RenderPng(new DiaryChart("Your headaches", episodes, months)), _renderer.Size);
        using SKBitmap none = Png.AssertValid(_renderer.RenderPng(new DiaryChart("Your headaches", episodes[..2], months[..2])), _renderer.Size);
    }

    [Fact]
    public void Two_thousand_episodes_across_three_years_render()
    {
        var chart = Diaries.Many(count: 2000, years: 3);

        using SKBitmap bitmap = Png.AssertValid(_renderer.RenderPng(chart), _renderer.Size);
        Assert.True(Png.HasInk(bitmap, new SKRectI(100, 80, 850, 300)), "The pain panel shows the episodes.");
    }

    [Fact]
    public void Ten_years_of_months_render()
    {
        var months = Enumerable.Range(0, 120).Select(i => new MonthCount(2016 + i / 12, i % 12 + 1, i % 17)).ToList();
        var chart = Diaries.Many(count: 300, years: 3) with { HeadacheDaysPerMonth = months };

        using SKBitmap bitmap = Png.AssertValid(_renderer.RenderPng(chart), _renderer.Size);
    }

    [Fact]
    public void A_long_title_with_control_characters_and_emoji_renders()
    {
        var chart = Diaries.Few() with { Title = "Your headaches 🌿\r\n\t" + new string('x', 300) };

        using SKBitmap bitmap = Png.AssertValid(_renderer.RenderPng(chart), _renderer.Size);
    }

    [Fact]
    public void Rendering_the_same_diary_twice_gives_a_valid_image_both_times()
    {
        var chart = Diaries.Many(count: 200, years: 1);

        byte[] first = _renderer.RenderPng(chart);
        byte[] second = _renderer.RenderPng(chart);

        using SKBitmap one = Png.AssertValid(first, _renderer.Size);
        using SKBitmap two = Png.AssertValid(second, _renderer.Size);
    }

    [Fact]
    public void Rendering_does_not_change_the_diary_it_is_given()
    {
        var chart = Diaries.Many(count: 50, years: 1);
        var episodes = chart.Episodes.ToArray();
        var months = chart.HeadacheDaysPerMonth.ToArray();

        _renderer.RenderPng(chart);

        Assert.Equal(episodes, chart.Episodes);
        Assert.Equal(months, chart.HeadacheDaysPerMonth);
    }

    [Fact]
    public void Concurrent_renders_from_several_threads_all_give_valid_images()
    {
        const int threads = 8;
        const int rendersPerThread = 3;
        DiaryChart[] charts =
        [
            Diaries.Empty(),
            Diaries.Few(),
            Diaries.Many(count: 150, years: 1, seed: 1),
            Diaries.Many(count: 1000, years: 3, seed: 2),
        ];
        var results = new byte[threads][][];
        var failures = new System.Collections.Concurrent.ConcurrentQueue<Exception>();
        using var start = new Barrier(threads);

        var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            try
            {
                start.SignalAndWait();
                results[t] = new byte[rendersPerThread][];
                for (int i = 0; i < rendersPerThread; i++)
                {
                    results[t][i] = _renderer.RenderPng(charts[(t + i) % charts.Length]);
                }
            }
            catch (Exception e)
            {
                failures.Enqueue(e);
            }
        })).ToList();
        workers.ForEach(w => w.Start());
        workers.ForEach(w => w.Join());

        Assert.Empty(failures);
        foreach (byte[] png in results.SelectMany(r => r))
        {
            using SKBitmap bitmap = Png.AssertValid(png, _renderer.Size);
        }
    }

    [Fact]
    public void A_null_chart_is_refused()
    {
        Assert.Throws<ArgumentNullException>(() => _renderer.RenderPng(null!));
    }
}
