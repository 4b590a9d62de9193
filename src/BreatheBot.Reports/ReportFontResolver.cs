using System.Reflection;
using PdfSharp.Fonts;

namespace BreatheBot.Reports;

/// <summary>
/// Gives PDFsharp the embedded DejaVu Sans (regular and bold) for every family it asks for, so the report renders the
/// same on a bare Linux machine with no fonts installed. PDFsharp keeps one resolver per process, set once.
/// </summary>
internal sealed class ReportFontResolver : IFontResolver
{
    public const string Family = "DejaVu Sans";
    private const string Regular = "DejaVuSans";
    private const string Bold = "DejaVuSans-Bold";

    private static readonly Lock Gate = new();
    private static readonly ReportFontResolver Instance = new();

    private ReportFontResolver()
    {
    }

    /// <summary>Installs the resolver once per process (PDFsharp refuses a different one after the first font use).</summary>
    public static void EnsureInstalled()
    {
        lock (Gate)
        {
            if (!ReferenceEquals(GlobalFontSettings.FontResolver, Instance))
            {
                GlobalFontSettings.FontResolver = Instance;
            }
        }
    }

    public FontResolverInfo ResolveTypeface(string familyName, bool bold, bool italic) =>
        new(bold ? Bold : Regular, mustSimulateBold: false, mustSimulateItalic: italic);

    public byte[] GetFont(string faceName)
    {
        var name = $"BreatheBot.Reports.{(faceName == Bold ? Bold : Regular)}.ttf";
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The embedded font {name} is missing from the build.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
