using BreatheBot.Charts;
using BreatheBot.Core.Episodes;
using BreatheBot.Core.Insights;
using SkiaSharp;
using static BreatheBot.Reports.Tests.Diaries;

namespace BreatheBot.Reports.Tests;

/// <summary>
/// The report's pages rendered as a reader would (poppler's pdftoppm): A4, as many as PdfPig counts, and each legible:
/// neither blank nor a smear of ink. Page 1 carries the dense tables; the chart page has the chart's colours.
/// </summary>
public sealed class ReportPagesTests
{
    private const int Dpi = 72; // one pixel per point: A4 is 595 x 842

    private static readonly PdfReportRenderer Renderer = new(new ScottPlotChartRenderer());

    [Fact]
    public void Every_page_renders_as_an_a4_page_with_legible_ink()
    {
        var pdf = Renderer.RenderPdf(Report());

        var pages = Poppler.RenderPages(pdf, Dpi);

        Assert.Equal(PdfText.Pages(pdf).Count, pages.Count);
        Assert.InRange(pages.Count, 2, 4);
        foreach (var png in pages)
        {
            using var bitmap = SKBitmap.Decode(png);
            Assert.NotNull(bitmap);
            Assert.InRange(bitmap.Width, 594, 596);
            Assert.InRange(bitmap.Height, 841, 843);

            // Text pages are a few percent ink; a blank page is 0 and a page of solid black or overlapping text far more.
            var ink = DarkFraction(bitmap);
            Assert.InRange(ink, 0.003, 0.25);
        }
    }

    [Fact]
    public void The_chart_is_drawn_into_the_report()
    {
        var pages = Poppler.RenderPages(Renderer.RenderPdf(Report()), Dpi);

        // The chart's "pain at start" dots (#C8553D) appear only where the chart image is.
        Assert.Contains(pages, png =>
        {
            using var bitmap = SKBitmap.Decode(png);
            return CountNear(bitmap, new SKColor(0xC8, 0x55, 0x3D)) > 50;
        });
    }

    [Fact]
    public void The_text_is_not_clipped_at_the_right_margin()
    {
        var diary = ThreeMonths().Append(Episode(Now.AddDays(-1), before: 8, medication: MedicationKind.CombinationOrOpioid, helped: HelpedMost.PressurePoints)).ToList();

        foreach (var png in Poppler.RenderPages(Renderer.RenderPdf(Report(diary)), Dpi))
        {
            using var bitmap = SKBitmap.Decode(png);

            // The 50-point margins stay white on both sides.
            Assert.Equal(0, DarkIn(bitmap, new SKRectI(0, 0, 45, bitmap.Height)));
            Assert.Equal(0, DarkIn(bitmap, new SKRectI(bitmap.Width - 45, 0, bitmap.Width, bitmap.Height)));
        }
    }

    private static double DarkFraction(SKBitmap bitmap) => (double)DarkIn(bitmap, new SKRectI(0, 0, bitmap.Width, bitmap.Height)) / (bitmap.Width * bitmap.Height);

    private static int DarkIn(SKBitmap bitmap, SKRectI area)
    {
        var dark = 0;
        for (var y = area.Top; y < area.Bottom; y++)
        {
            for (var x = area.Left; x < area.Right; x++)
            {
                var c = bitmap.GetPixel(x, y);
                if ((c.Red + c.Green + c.Blue) / 3 < 128)
                {
                    dark++;
                }
            }
        }

        return dark;
    }

    private static int CountNear(SKBitmap bitmap, SKColor target)
    {
        var count = 0;
        for (var y = 0; y < bitmap.Height; y++)
        {
            for (var x = 0; x < bitmap.Width; x++)
            {
                var c = bitmap.GetPixel(x, y);
                if (Math.Abs(c.Red - target.Red) < 20 && Math.Abs(c.Green - target.Green) < 20 && Math.Abs(c.Blue - target.Blue) < 20)
                {
                    count++;
                }
            }
        }

        return count;
    }
}
