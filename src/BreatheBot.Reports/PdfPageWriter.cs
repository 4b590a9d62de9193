using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace BreatheBot.Reports;

/// <summary>
/// Writes flowing content down A4 pages: headings, wrapped paragraphs, tables (header repeated on each page) and images,
/// starting a new page whenever the next piece would not fit. Not thread-safe: one writer per document.
/// </summary>
internal sealed class PdfPageWriter : IDisposable
{
    private const double Margin = 50;
    private const double FooterSpace = 30;
    private const double CellPadding = 3;

    private readonly XFont _titleFont = new(ReportFontResolver.Family, 18, XFontStyleEx.Bold);
    private readonly XFont _headingFont = new(ReportFontResolver.Family, 12.5, XFontStyleEx.Bold);
    private readonly XFont _bodyFont = new(ReportFontResolver.Family, 9.5);
    private readonly XFont _bodyBoldFont = new(ReportFontResolver.Family, 9.5, XFontStyleEx.Bold);
    private readonly XFont _smallFont = new(ReportFontResolver.Family, 8);
    private readonly XFont _smallBoldFont = new(ReportFontResolver.Family, 8, XFontStyleEx.Bold);
    private static readonly XBrush Muted = new XSolidBrush(XColor.FromArgb(0x5F, 0x63, 0x68));
    private static readonly XBrush HeaderFill = new XSolidBrush(XColor.FromArgb(0xEC, 0xEE, 0xF1));
    private static readonly XPen RulePen = new(XColor.FromArgb(0xC8, 0xCC, 0xD0), 0.5);

    private readonly PdfDocument _document;
    private readonly List<PdfPage> _pages = [];
    private XGraphics? _graphics;
    private double _y;

    /// <summary>Call <see cref="ReportFontResolver.EnsureInstalled"/> first: the fonts are made here.</summary>
    public PdfPageWriter(PdfDocument document)
    {
        _document = document;
        NewPage();
    }

    public double Width => _pages[0].Width.Point - (2 * Margin);

    private double Bottom => _pages[^1].Height.Point - Margin - FooterSpace;

    private XGraphics Graphics => _graphics!;

    public void Title(string text)
    {
        Lines(text, _titleFont, XBrushes.Black, Width, 1.3);
        _y += 4;
    }

    public void Heading(string text)
    {
        // Keep a heading with at least three lines of what follows.
        _y += 10;
        Ensure(_headingFont.Height * 1.4 + (3 * _bodyFont.Height * 1.3));
        Lines(text, _headingFont, XBrushes.Black, Width, 1.4);
        _y += 2;
    }

    public void Paragraph(string text, bool small = false, bool bold = false, bool muted = false)
    {
        var font = small ? (bold ? _smallBoldFont : _smallFont) : (bold ? _bodyBoldFont : _bodyFont);
        Lines(text, font, muted ? Muted : XBrushes.Black, Width, 1.3);
        _y += 3;
    }

    /// <summary>A table with <paramref name="widths"/> as fractions of the page width; the header repeats on every page.</summary>
    public void Table(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows, IReadOnlyList<double> widths)
    {
        var columns = widths.Select(w => w * Width).ToArray();
        Ensure(RowHeight(headers, columns, _smallBoldFont) + RowHeight(headers, columns, _smallFont));
        Row(headers, columns, _smallBoldFont, header: true);
        foreach (var row in rows)
        {
            if (_y + RowHeight(row, columns, _smallFont) > Bottom)
            {
                NewPage();
                Row(headers, columns, _smallBoldFont, header: true);
            }

            Row(row, columns, _smallFont, header: false);
        }

        _y += 6;
    }

    public void Image(byte[] png, double width)
    {
        using var stream = new MemoryStream(png, writable: false);
        using var image = XImage.FromStream(stream);
        var height = width * image.PixelHeight / image.PixelWidth;
        _y += 4;
        Ensure(height);
        Graphics.DrawImage(image, Margin, _y, width, height);
        _y += height + 6;
    }

    /// <summary>Closes the last page and writes "page i of n" at the foot of every page.</summary>
    public void Finish(Func<int, int, string> footer)
    {
        _graphics?.Dispose();
        _graphics = null;
        for (var i = 0; i < _pages.Count; i++)
        {
            using var graphics = XGraphics.FromPdfPage(_pages[i], XGraphicsPdfPageOptions.Append);
            graphics.DrawString(footer(i + 1, _pages.Count), _smallFont, Muted,
                new XPoint(Margin, _pages[i].Height.Point - Margin), XStringFormats.BottomLeft);
        }
    }

    public void Dispose() => _graphics?.Dispose();

    private void NewPage()
    {
        _graphics?.Dispose();
        var page = _document.AddPage();
        page.Size = PageSize.A4;
        _pages.Add(page);
        _graphics = XGraphics.FromPdfPage(page);
        _y = Margin;
    }

    private void Ensure(double height)
    {
        if (_y + height > Bottom)
        {
            NewPage();
        }
    }

    private void Lines(string text, XFont font, XBrush brush, double width, double spacing)
    {
        var lineHeight = font.Height * spacing;
        foreach (var line in Wrap(text, font, width))
        {
            Ensure(lineHeight);
            Graphics.DrawString(line, font, brush, new XPoint(Margin, _y), XStringFormats.TopLeft);
            _y += lineHeight;
        }
    }

    private void Row(IReadOnlyList<string> cells, double[] columns, XFont font, bool header)
    {
        var height = RowHeight(cells, columns, font);
        if (header)
        {
            Graphics.DrawRectangle(HeaderFill, Margin, _y, columns.Sum(), height);
        }

        var x = Margin;
        for (var c = 0; c < columns.Length; c++)
        {
            var lineY = _y + CellPadding;
            foreach (var line in Wrap(c < cells.Count ? cells[c] : string.Empty, font, columns[c] - (2 * CellPadding)))
            {
                Graphics.DrawString(line, font, XBrushes.Black, new XPoint(x + CellPadding, lineY), XStringFormats.TopLeft);
                lineY += font.Height * 1.2;
            }

            x += columns[c];
        }

        _y += height;
        Graphics.DrawLine(RulePen, Margin, _y, Margin + columns.Sum(), _y);
    }

    private double RowHeight(IReadOnlyList<string> cells, double[] columns, XFont font) =>
        (2 * CellPadding) + (font.Height * 1.2 * columns.Select((w, c) => Wrap(c < cells.Count ? cells[c] : string.Empty, font, w - (2 * CellPadding)).Count).DefaultIfEmpty(1).Max());

    /// <summary>Breaks text into lines no wider than <paramref name="width"/>, at spaces; a word wider than a line is cut.</summary>
    private List<string> Wrap(string text, XFont font, double width)
    {
        var lines = new List<string>();
        foreach (var paragraph in text.Split('\n'))
        {
            var line = string.Empty;
            foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var candidate = line.Length == 0 ? word : line + " " + word;
                if (Measure(candidate, font) <= width)
                {
                    line = candidate;
                    continue;
                }

                if (line.Length > 0)
                {
                    lines.Add(line);
                }

                line = word;
                while (line.Length > 1 && Measure(line, font) > width)
                {
                    var fit = line.Length - 1;
                    while (fit > 1 && Measure(line[..fit], font) > width)
                    {
                        fit--;
                    }

                    lines.Add(line[..fit]);
                    line = line[fit..];
                }
            }

            lines.Add(line);
        }

        return lines;
    }

    private double Measure(string text, XFont font) => Graphics.MeasureString(text, font).Width;
}
