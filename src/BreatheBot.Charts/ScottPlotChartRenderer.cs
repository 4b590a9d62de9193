using System.Globalization;
using System.Text;
using BreatheBot.Core.Insights;
using ScottPlot;
using SkiaSharp;

namespace BreatheBot.Charts;

/// <summary>
/// Renders the /stats chart with ScottPlot: pain before and after each episode over time (top panel)
/// and headache days per month as bars (bottom panel), on one PNG of <see cref="Size"/>.
/// Thread-safe: every call builds its own surface and plots and shares nothing mutable.
/// The only text drawn is the (core-made) title, fixed labels, dates, month names and numbers: never user free text.
/// </summary>
public sealed class ScottPlotChartRenderer : IChartRenderer
{
    internal const int DefaultWidth = 900;
    internal const int DefaultHeight = 600;
    internal const int MaxTitleLength = 80;

    /// <summary>Fraction of the height given to the pain panel; the bars take the rest.</summary>
    private const float PainPanelShare = 0.58f;

    /// <summary>Above this many episodes the before→after connectors are left out (they would turn into a grey smear).</summary>
    private const int MaxConnectedEpisodes = 120;

    /// <summary>Episodes and months outside these years are not drawn.</summary>
    internal const int MinYear = 1900;
    internal const int MaxYear = 9000;

    /// <summary>The pain panel's time axis spans at least this long.</summary>
    private static readonly TimeSpan MinimumTimeRange = TimeSpan.FromDays(14);

    /// <summary>At most this many date labels on the pain panel's time axis.</summary>
    private const int MaxDateTicks = 9;

    /// <summary>Up to this many months every month is labelled ("Jun 2026", "Jul", ...).</summary>
    private const int MaxShortMonthLabels = 12;

    /// <summary>Above that, at most this many "MMM yyyy" labels, on months that divide the year evenly.</summary>
    private const int MaxLongMonthLabels = 8;

    /// <summary>The month axis is at least this many bars wide, so one month is not one huge bar.</summary>
    private const int MinimumMonthSlots = 6;

    /// <summary>Bars carry their value on top up to this many months.</summary>
    private const int MaxBarValueLabels = 24;

    /// <summary>The pain axis runs 0-10 with room above 10 for the legend.</summary>
    private const double PainAxisMin = -0.6;
    private const double PainAxisMax = 12.6;

    private static readonly Color BeforeColor = Color.FromHex("#C8553D");
    private static readonly Color AfterColor = Color.FromHex("#2A7F9E");
    private static readonly Color BarColor = Color.FromHex("#7A6FB0");
    private static readonly Color ConnectorColor = Color.FromHex("#9AA0A6").WithAlpha(0.55);
    private static readonly Color MutedTextColor = Color.FromHex("#5F6368");

    /// <summary>Space around each panel's data area: the same left/right for both panels so their plot areas line up.</summary>
    private static readonly PixelPadding PainPadding = new(left: 70, right: 25, bottom: 45, top: 60);
    private static readonly PixelPadding BarsPadding = new(left: 70, right: 25, bottom: 45, top: 40);

    /// <summary>A sans-serif family the machine has (ScottPlot's own pick can be a serif face); resolved once.</summary>
    private static readonly Lazy<string> FontFamily = new(PickFontFamily, LazyThreadSafetyMode.ExecutionAndPublication);

    private static readonly string[] PreferredFonts = ["DejaVu Sans", "Liberation Sans", "Noto Sans", "Open Sans", "Arial", "Helvetica"];

    public (int Width, int Height) Size => (DefaultWidth, DefaultHeight);

    public byte[] RenderPng(DiaryChart chart)
    {
        ArgumentNullException.ThrowIfNull(chart);
        ArgumentNullException.ThrowIfNull(chart.Episodes);
        ArgumentNullException.ThrowIfNull(chart.HeadacheDaysPerMonth);

        var (width, height) = Size;
        string title = CleanTitle(chart.Title);

        using var surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul))
            ?? throw new InvalidOperationException("SkiaSharp could not create a drawing surface.");
        SKCanvas canvas = surface.Canvas;
        canvas.Clear(SKColors.White);

        if (chart.Episodes.Count == 0 && chart.HeadacheDaysPerMonth.Count == 0)
        {
            using Plot empty = NothingYetPlot(title);
            RenderInto(canvas, empty, new SKRect(0, 0, width, height));
        }
        else
        {
            float split = MathF.Round(height * PainPanelShare);
            using Plot pain = PainPlot(title, chart);
            using Plot bars = MonthsPlot(chart.HeadacheDaysPerMonth);
            RenderInto(canvas, pain, new SKRect(0, 0, width, split));
            RenderInto(canvas, bars, new SKRect(0, split, width, height));
        }

        canvas.Flush();
        using SKImage image = surface.Snapshot();
        using SKData png = image.Encode(SKEncodedImageFormat.Png, 100)
            ?? throw new InvalidOperationException("SkiaSharp could not encode the chart as PNG.");
        return png.ToArray();
    }

    /// <summary>A plot clears its whole canvas before drawing, so each panel is clipped to its own rectangle.</summary>
    private static void RenderInto(SKCanvas canvas, Plot plot, SKRect area)
    {
        plot.Font.Set(FontFamily.Value);
        int saved = canvas.Save();
        try
        {
            canvas.ClipRect(area);
            plot.Render(canvas, new PixelRect(area.Left, area.Right, area.Bottom, area.Top));
        }
        finally
        {
            canvas.RestoreToCount(saved);
        }
    }

    private static Plot NothingYetPlot(string title)
    {
        var plot = NewPlot();
        plot.HideAxesAndGrid();
        plot.Layout.Fixed(new PixelPadding(left: 20, right: 20, bottom: 20, top: 90));
        plot.Title(title, size: 22);
        plot.Axes.Title.IsVisible = true;
        plot.Axes.SetLimits(-1, 1, -1, 1);
        var text = plot.Add.Text("Nothing to chart yet", 0, 0.15);
        text.LabelFontName = FontFamily.Value;
        text.LabelFontSize = 26;
        text.LabelBold = true;
        text.LabelAlignment = Alignment.MiddleCenter;
        text.LabelFontColor = MutedTextColor;
        var hint = plot.Add.Text("Log a headache episode and it will show up here.", 0, -0.12);
        hint.LabelFontName = FontFamily.Value;
        hint.LabelFontSize = 17;
        hint.LabelAlignment = Alignment.MiddleCenter;
        hint.LabelFontColor = MutedTextColor;
        return plot;
    }

    private static Plot PainPlot(string title, DiaryChart chart)
    {
        var plot = NewPlot();
        plot.Layout.Fixed(PainPadding);
        plot.Title(title, size: 20);
        plot.YLabel("Pain (0-10)", size: 14);
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            [0, 2, 4, 6, 8, 10], ["0", "2", "4", "6", "8", "10"]);

        // Dates far outside any diary (default values, corrupt rows) are left out rather than break the axis arithmetic.
        var ordered = DrawableEpisodes(chart);
        if (ordered.Length == 0)
        {
            plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual([], []);
            plot.Axes.SetLimits(-1, 1, PainAxisMin, PainAxisMax);
            Centered(plot, "No episodes in this period", 0, 5);
            return plot;
        }

        var beforeX = new double[ordered.Length];
        var beforeY = new double[ordered.Length];
        var afterX = new List<double>(ordered.Length);
        var afterY = new List<double>(ordered.Length);
        for (int i = 0; i < ordered.Length; i++)
        {
            double x = EpisodeX(ordered[i]);
            beforeX[i] = x;
            beforeY[i] = ClampPain(ordered[i].Before);
            if (ordered[i].After is int after)
            {
                afterX.Add(x);
                afterY.Add(ClampPain(after));
            }
        }

        bool many = ordered.Length > MaxConnectedEpisodes;
        if (many)
        {
            // Thousands of integer ratings overlap into bands: show them faintly and draw the averages on top.
            AddPoints(plot, beforeX, beforeY, BeforeColor.WithAlpha(0.18), MarkerShape.FilledCircle, 4);
            AddPoints(plot, afterX.ToArray(), afterY.ToArray(), AfterColor.WithAlpha(0.18), MarkerShape.FilledCircle, 4);
            bool weekly = beforeX[^1] - beforeX[0] < 180;
            AddAverageLine(plot, Average(ordered, e => e.Before, weekly), BeforeColor);
            AddAverageLine(plot, Average(ordered, e => e.After, weekly), AfterColor);
            string period = weekly ? "weekly" : "monthly";
            ShowLegend(plot, $"Pain at start ({period} average)", $"Pain after breathing/pressure points ({period} average)", MarkerShape.FilledCircle, MarkerShape.FilledCircle, withLines: true);
        }
        else
        {
            for (int i = 0; i < ordered.Length; i++)
            {
                if (ordered[i].After is int after)
                {
                    var connector = plot.Add.Line(beforeX[i], beforeY[i], beforeX[i], ClampPain(after));
                    connector.LineWidth = 1.5f;
                    connector.LineColor = ConnectorColor;
                }
            }

            // Squares drawn smaller and on top, so an unchanged rating still shows both marks.
            AddPoints(plot, beforeX, beforeY, BeforeColor, MarkerShape.FilledCircle, 11);
            AddPoints(plot, afterX.ToArray(), afterY.ToArray(), AfterColor, MarkerShape.FilledSquare, 7);
            ShowLegend(plot, "Pain at start", "Lowest pain after breathing/pressure points", MarkerShape.FilledCircle, MarkerShape.FilledSquare, withLines: false);
        }

        var (from, to) = TimeAxis(chart);
        var (positions, labels) = DateTicks(from, to);
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(positions, labels);
        plot.Axes.SetLimits(from.ToOADate(), to.ToOADate(), PainAxisMin, PainAxisMax);
        return plot;
    }

    private static PainPoint[] DrawableEpisodes(DiaryChart chart) =>
        chart.Episodes.Where(e => e.At.Year is >= MinYear and <= MaxYear).OrderBy(e => e.At).ToArray();

    /// <summary>
    /// The pain panel's x range as clock times. A windowed chart ("last 30 days") spans exactly its window, so no future dates;
    /// otherwise (or when the window is unusable) the episodes' <see cref="TimeRange"/>. Needs at least one drawable episode.
    /// </summary>
    internal static (DateTime From, DateTime To) TimeAxis(DiaryChart chart)
    {
        if (chart is { From: { } from, To: { } to } && from < to && from.Year >= MinYear && to.Year <= MaxYear)
        {
            return (from.DateTime, to.DateTime);
        }

        var ordered = DrawableEpisodes(chart);
        return TimeRange(ordered[0].At.DateTime, ordered[^1].At.DateTime);
    }

    /// <summary>The x range: the episodes plus a small margin, and at least two weeks so a single episode is not alone on an hour scale.</summary>
    internal static (DateTime From, DateTime To) TimeRange(DateTime first, DateTime last)
    {
        TimeSpan span = last - first;
        if (span < MinimumTimeRange)
        {
            DateTime middle = first + span / 2;
            return (middle - MinimumTimeRange / 2, middle + MinimumTimeRange / 2);
        }

        TimeSpan margin = span * 0.04;
        return (first - margin, last + margin);
    }

    /// <summary>
    /// Date ticks inside [from, to], at most <see cref="MaxDateTicks"/>: every 1 or 2 days, every 1 or 2 weeks (Mondays) as "d MMM";
    /// every 1, 2, 3, 6 or 12 months (from January) as "MMM yyyy"; beyond that, every 1, 2, 5, 10... years as "yyyy".
    /// </summary>
    internal static (double[] Positions, string[] Labels) DateTicks(DateTime from, DateTime to)
    {
        foreach (int days in new[] { 1, 2, 7, 14 })
        {
            DateTime firstTick = from.Date < from ? from.Date.AddDays(1) : from.Date;
            if (days >= 7)
            {
                firstTick = firstTick.AddDays((8 - (int)firstTick.DayOfWeek) % 7);
            }

            var ticks = Series(firstTick, to, date => date.AddDays(days));
            if (ticks.Count <= MaxDateTicks)
            {
                return Labelled(ticks, "d MMM");
            }
        }

        var firstMonth = new DateTime(from.Year, from.Month, 1, 0, 0, 0, DateTimeKind.Unspecified);
        if (firstMonth < from)
        {
            firstMonth = firstMonth.AddMonths(1);
        }

        foreach (int months in new[] { 1, 2, 3, 6, 12 })
        {
            DateTime firstTick = firstMonth;
            while ((firstTick.Month - 1) % months != 0)
            {
                firstTick = firstTick.AddMonths(1);
            }

            var ticks = Series(firstTick, to, date => date.AddMonths(months));
            if (ticks.Count <= MaxDateTicks)
            {
                return Labelled(ticks, "MMM yyyy");
            }
        }

        int neededYears = (int)Math.Ceiling((to.Year - from.Year + 1) / (double)MaxDateTicks);
        int everyYears = new[] { 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000 }.FirstOrDefault(y => y >= neededYears, neededYears);
        var januaries = new List<DateTime>();
        for (int year = from.Year + 1; year <= to.Year; year++)
        {
            if (year % everyYears == 0)
            {
                januaries.Add(new DateTime(year, 1, 1, 0, 0, 0, DateTimeKind.Unspecified));
            }
        }

        return Labelled(januaries, "yyyy");

        static List<DateTime> Series(DateTime first, DateTime last, Func<DateTime, DateTime> next)
        {
            var ticks = new List<DateTime>();
            for (DateTime tick = first; tick <= last && ticks.Count <= MaxDateTicks; tick = next(tick))
            {
                ticks.Add(tick);
            }

            return ticks;
        }

        static (double[], string[]) Labelled(List<DateTime> ticks, string format) =>
            (ticks.Select(t => t.ToOADate()).ToArray(), ticks.Select(t => t.ToString(format, CultureInfo.InvariantCulture)).ToArray());
    }

    /// <summary>The clock time in the episode's own offset: the core hands points in the person's time zone.</summary>
    private static double EpisodeX(PainPoint episode) => episode.At.DateTime.ToOADate();

    private static void AddPoints(Plot plot, double[] xs, double[] ys, Color color, MarkerShape shape, float size)
    {
        if (xs.Length == 0)
        {
            return;
        }

        var points = plot.Add.ScatterPoints(xs, ys, color);
        points.MarkerShape = shape;
        points.MarkerSize = size;
    }

    private static void AddAverageLine(Plot plot, (double[] Xs, double[] Ys) average, Color color)
    {
        if (average.Xs.Length == 0)
        {
            return;
        }

        var line = plot.Add.Scatter(average.Xs, average.Ys, color);
        line.LineWidth = 2.5f;
        line.MarkerSize = 5;
        line.MarkerShape = MarkerShape.FilledCircle;
    }

    /// <summary>Mean rating per calendar month (plotted mid-month) or per week (plotted mid-week); episodes without the rating are skipped.</summary>
    private static (double[] Xs, double[] Ys) Average(IEnumerable<PainPoint> episodes, Func<PainPoint, int?> rating, bool weekly)
    {
        var groups = episodes
            .Where(e => rating(e) is not null)
            .GroupBy(e => weekly ? WeekStart(e.At.DateTime) : new DateTime(e.At.Year, e.At.Month, 1, 0, 0, 0, DateTimeKind.Unspecified))
            .OrderBy(g => g.Key)
            .ToArray();
        var xs = new double[groups.Length];
        var ys = new double[groups.Length];
        for (int i = 0; i < groups.Length; i++)
        {
            DateTime middle = weekly ? groups[i].Key.AddDays(3.5) : groups[i].Key.AddDays(DateTime.DaysInMonth(groups[i].Key.Year, groups[i].Key.Month) / 2.0);
            xs[i] = middle.ToOADate();
            ys[i] = groups[i].Average(e => ClampPain(rating(e)!.Value));
        }

        return (xs, ys);
    }

    private static DateTime WeekStart(DateTime at) => at.Date.AddDays(-(((int)at.DayOfWeek + 6) % 7));

    private static void ShowLegend(Plot plot, string before, string after, MarkerShape beforeShape, MarkerShape afterShape, bool withLines)
    {
        plot.Legend.DisplayPlottableLegendItems = false;
        plot.Legend.ManualItems.Add(LegendItemFor(before, BeforeColor, beforeShape, withLines));
        plot.Legend.ManualItems.Add(LegendItemFor(after, AfterColor, afterShape, withLines));
        plot.Legend.IsVisible = true;
        plot.Legend.Alignment = Alignment.UpperRight;
        plot.Legend.Orientation = Orientation.Horizontal;
        plot.Legend.FontName = FontFamily.Value;
        plot.Legend.FontSize = 13;
        plot.Legend.OutlineWidth = 0;
        plot.Legend.BackgroundColor = Colors.White.WithAlpha(0.9);
        plot.Legend.ShadowColor = Colors.Transparent;
    }

    private static LegendItem LegendItemFor(string text, Color color, MarkerShape shape, bool withLine) => new()
    {
        LabelText = text,
        MarkerShape = shape,
        MarkerSize = 9,
        MarkerFillColor = color,
        MarkerLineColor = color,
        LineWidth = withLine ? 2.5f : 0,
        LineColor = withLine ? color : Colors.Transparent,
    };

    private static Plot MonthsPlot(IReadOnlyList<MonthCount> months)
    {
        var plot = NewPlot();
        plot.Layout.Fixed(BarsPadding);
        plot.Title("Headache days per month", size: 15);
        plot.YLabel("Days", size: 14);

        var filled = FillMonths(months);
        if (filled.Count == 0)
        {
            plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual([], []);
            plot.Axes.SetLimits(-1, 1, 0, 1);
            plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual([], []);
            Centered(plot, "No headache days in this period", 0, 0.5);
            return plot;
        }

        var bars = new List<Bar>(filled.Count);
        for (int i = 0; i < filled.Count; i++)
        {
            int days = filled[i].Days;
            bars.Add(new Bar
            {
                Position = i,
                Value = days,
                FillColor = BarColor,
                LineWidth = 0,
                Size = 0.7,
                Label = filled.Count <= MaxBarValueLabels ? days.ToString(CultureInfo.InvariantCulture) : string.Empty,
            });
        }

        var barPlot = plot.Add.Bars(bars);
        barPlot.ValueLabelStyle.FontName = FontFamily.Value;
        barPlot.ValueLabelStyle.FontSize = 12;
        barPlot.ValueLabelStyle.ForeColor = MutedTextColor;

        var (positions, labels) = MonthTicks(filled);

        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(positions, labels);
        plot.Axes.Bottom.MajorTickStyle.Length = 0;
        plot.Grid.XAxisStyle.MajorLineStyle.Width = 0;

        int maxDays = filled.Max(m => m.Days);
        int top = Math.Max(5, maxDays);
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true, MinimumTickSpacing = 25 };
        // A few months still get slim bars: the axis holds at least MinimumMonthSlots slots, the bars centred in it.
        double spare = Math.Max(0, MinimumMonthSlots - filled.Count) / 2.0;
        plot.Axes.SetLimits(-0.6 - spare, filled.Count - 0.4 + spare, 0, top * 1.18);
        return plot;
    }

    private static Plot NewPlot()
    {
        var plot = new Plot();
        plot.FigureBackground.Color = Colors.Transparent;
        plot.DataBackground.Color = Colors.White;
        plot.Axes.Color(Color.FromHex("#3C4043"));
        plot.Grid.MajorLineColor = Color.FromHex("#E8EAED");
        plot.Axes.Bottom.TickLabelStyle.FontSize = 13;
        plot.Axes.Left.TickLabelStyle.FontSize = 13;
        return plot;
    }

    private static void Centered(Plot plot, string message, double x, double y)
    {
        var text = plot.Add.Text(message, x, y);
        text.LabelFontName = FontFamily.Value;
        text.LabelFontSize = 16;
        text.LabelAlignment = Alignment.MiddleCenter;
        text.LabelFontColor = MutedTextColor;
    }

    /// <summary>The font family charts are drawn with.</summary>
    internal static string FontFamilyInUse => FontFamily.Value;

    /// <summary>The family name the bundled font is registered under.</summary>
    internal const string BundledFamily = "BreatheBot Sans";

    /// <summary>
    /// The bundled DejaVu Sans (shipped next to the assembly, so charts have text on a machine with no fonts at all);
    /// else a sans-serif family the machine has.
    /// </summary>
    private static string PickFontFamily()
    {
        var bundled = Path.Combine(AppContext.BaseDirectory, "Fonts", "DejaVuSans.ttf");
        if (File.Exists(bundled))
        {
            Fonts.AddFontFile(BundledFamily, bundled);
            return BundledFamily;
        }

        var installed = new HashSet<string>(SKFontManager.Default.FontFamilies, StringComparer.OrdinalIgnoreCase);
        foreach (string family in PreferredFonts)
        {
            if (installed.Contains(family))
            {
                return family;
            }
        }

        return Fonts.Default;
    }

    private static double ClampPain(int pain) => Math.Clamp(pain, 0, 10);

    /// <summary>Sorted by month, one entry per calendar month from the first to the last (missing months count zero days).</summary>
    internal static IReadOnlyList<MonthCount> FillMonths(IReadOnlyList<MonthCount> months)
    {
        var valid = months
            .Where(m => m.Year is >= MinYear and <= MaxYear && m.Month is >= 1 and <= 12)
            .GroupBy(m => (m.Year, m.Month))
            .ToDictionary(g => g.Key, g => Math.Max(0, g.Sum(m => m.Days)));
        if (valid.Count == 0)
        {
            return [];
        }

        var first = valid.Keys.Min(k => k.Year * 12 + k.Month - 1);
        var last = valid.Keys.Max(k => k.Year * 12 + k.Month - 1);
        var result = new List<MonthCount>(last - first + 1);
        for (int index = first; index <= last; index++)
        {
            int year = index / 12;
            int month = index % 12 + 1;
            result.Add(new MonthCount(year, month, valid.GetValueOrDefault((year, month))));
        }

        return result;
    }

    /// <summary>
    /// Tick positions (bar indexes) and labels: every month when there are few, otherwise every 2nd, 3rd, 4th, 6th or 12th
    /// calendar month (Jan/Apr/Jul/Oct for every 3rd), or every k-th January for very long diaries.
    /// </summary>
    internal static (double[] Positions, string[] Labels) MonthTicks(IReadOnlyList<MonthCount> months)
    {
        var positions = new List<double>();
        var labels = new List<string>();
        if (months.Count <= MaxShortMonthLabels)
        {
            for (int i = 0; i < months.Count; i++)
            {
                positions.Add(i);
                labels.Add(MonthLabel(months[i], withYear: i == 0 || months[i].Month == 1));
            }

            return (positions.ToArray(), labels.ToArray());
        }

        int step = new[] { 2, 3, 4, 6, 12 }.FirstOrDefault(s => months.Count / (double)s <= MaxLongMonthLabels);
        int years = step == 0 ? (int)Math.Ceiling(months.Count / 12.0 / MaxLongMonthLabels) : 0;
        for (int i = 0; i < months.Count; i++)
        {
            bool labelled = step != 0
                ? (months[i].Month - 1) % step == 0
                : months[i].Month == 1 && months[i].Year % years == 0;
            if (labelled)
            {
                positions.Add(i);
                labels.Add(MonthLabel(months[i], withYear: true));
            }
        }

        return (positions.ToArray(), labels.ToArray());
    }

    private static string MonthLabel(MonthCount month, bool withYear)
    {
        var date = new DateTime(month.Year, month.Month, 1, 0, 0, 0, DateTimeKind.Unspecified);
        return date.ToString(withYear ? "MMM yyyy" : "MMM", CultureInfo.InvariantCulture);
    }

    /// <summary>One line, no control characters, at most <see cref="MaxTitleLength"/> characters; a fixed title when blank.</summary>
    internal static string CleanTitle(string? title)
    {
        if (string.IsNullOrWhiteSpace(title))
        {
            return "Your headache diary";
        }

        var builder = new StringBuilder(title.Length);
        foreach (char c in title)
        {
            builder.Append(char.IsControl(c) ? ' ' : c);
        }

        string clean = string.Join(' ', builder.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries));
        return clean.Length <= MaxTitleLength ? clean : string.Concat(clean.AsSpan(0, MaxTitleLength - 1), "…");
    }
}
