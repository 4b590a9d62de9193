using System.Diagnostics;

namespace BreatheBot.Reports.Tests;

/// <summary>
/// Renders PDF pages to PNG with poppler's pdftoppm (Debian package poppler-utils; .ci/run installs it). A missing
/// pdftoppm fails the test, never skips it: under CI it means .ci/run is broken, locally the message says what to install.
/// </summary>
internal static class Poppler
{
    public static IReadOnlyList<byte[]> RenderPages(byte[] pdf, int dpi)
    {
        var tool = Find("pdftoppm");
        var folder = Directory.CreateTempSubdirectory("breathebot-report-");
        try
        {
            var input = Path.Combine(folder.FullName, "report.pdf");
            File.WriteAllBytes(input, pdf);
            var start = new ProcessStartInfo(tool) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
            foreach (var argument in new[] { "-png", "-r", dpi.ToString(System.Globalization.CultureInfo.InvariantCulture), input, Path.Combine(folder.FullName, "page") })
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start)!;
            var errors = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail("pdftoppm took over 60 s.");
            }

            Assert.True(process.ExitCode == 0, $"pdftoppm failed ({process.ExitCode}): {errors.Result}");

            // page-1.png, page-2.png ... (zero-padded when there are 10 or more pages): ordinal order is page order.
            return [.. folder.GetFiles("page-*.png").OrderBy(f => f.Name.Length).ThenBy(f => f.Name, StringComparer.Ordinal).Select(f => File.ReadAllBytes(f.FullName))];
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static string Find(string name)
    {
        var found = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);
        if (found is not null)
        {
            return found;
        }

        Assert.Fail(string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase)
            ? $"{name} is missing under CI: .ci/run must install it (apt-get install poppler-utils)."
            : $"{name} is missing: apt-get install poppler-utils (the report's pages are checked by rendering them to PNG).");
        return name;
    }
}
