using UglyToad.PdfPig;

namespace BreatheBot.Reports.Tests;

/// <summary>Reads a PDF back with PdfPig: the text of each page, as words joined by single spaces.</summary>
internal static class PdfText
{
    public static IReadOnlyList<string> Pages(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return [.. document.GetPages().Select(p => string.Join(' ', p.GetWords().Select(w => w.Text)))];
    }

    public static string All(byte[] pdf) => string.Join(' ', Pages(pdf));
}
