using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace BreatheBot.Benchmarks;

/// <summary>Command-line settings shared by every benchmark.</summary>
internal sealed class RunSettings
{
    public bool Quick { get; init; }

    /// <summary>Where database files go (a real disk, not tmpfs: durability figures mean nothing on tmpfs).</summary>
    public required string WorkDirectory { get; init; }

    /// <summary>Optional overrides, e.g. --n=200000 for B11/B13, --sessions=100000 for B6.</summary>
    public Dictionary<string, string> Values { get; } = new(StringComparer.OrdinalIgnoreCase);

    public int Int(string name, int full, int quick) =>
        Values.TryGetValue(name, out var text) ? int.Parse(text, CultureInfo.InvariantCulture) : Quick ? quick : full;

    public bool Flag(string name) => Values.ContainsKey(name);

    public string NewDirectory(string prefix)
    {
        var path = Path.Combine(WorkDirectory, $"{prefix}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        return path;
    }
}

/// <summary>One line of the results table: a figure, its baseline from the same run, the ratio and the target.</summary>
internal sealed record ResultRow(string Id, string Metric, string Candidate, string Baseline, string Ratio, string Target, string Verdict);

/// <summary>Collects result rows and prints them as a Markdown table (also written to artifacts/benchmarks/).</summary>
internal static class Report
{
    private static readonly List<ResultRow> Rows = [];

    public static void Add(string id, string metric, string candidate, string baseline, string ratio, string target, bool? met)
    {
        var row = new ResultRow(id, metric, candidate, baseline, ratio, target, met switch { true => "met", false => "MISSED", null => "-" });
        Rows.Add(row);
        Console.WriteLine($"  [{row.Id}] {row.Metric}: {row.Candidate} | baseline {row.Baseline} | ratio {row.Ratio} | target {row.Target} | {row.Verdict}");
    }

    public static string Markdown()
    {
        var builder = new StringBuilder();
        builder.AppendLine("| # | Metric | BreatheBot | Baseline (same run) | Ratio | Target (§4.2) | Verdict |");
        builder.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var row in Rows)
        {
            builder.AppendLine(CultureInfo.InvariantCulture, $"| {row.Id} | {row.Metric} | {row.Candidate} | {row.Baseline} | {row.Ratio} | {row.Target} | {row.Verdict} |");
        }

        return builder.ToString();
    }

    public static void Save(string root, string name)
    {
        var folder = Path.Combine(root, "artifacts", "benchmarks");
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, $"{name}-{DateTime.UtcNow:yyyyMMdd-HHmmss}.md");
        File.WriteAllText(file, Markdown());
        Console.WriteLine();
        Console.WriteLine(Markdown());
        Console.WriteLine($"Saved to {file}");
    }
}

/// <summary>Percentiles, medians and formatting.</summary>
internal static class Stats
{
    public static double TicksToMicroseconds(double ticks) => ticks * 1_000_000.0 / Stopwatch.Frequency;

    public static double TicksToMilliseconds(double ticks) => ticks * 1_000.0 / Stopwatch.Frequency;

    /// <summary>Nearest-rank percentile of values sorted ascending.</summary>
    public static double Percentile(ReadOnlySpan<long> sorted, double percent)
    {
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        var rank = (int)Math.Ceiling(percent / 100.0 * sorted.Length) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Length - 1)];
    }

    public static double Percentile(ReadOnlySpan<double> sorted, double percent)
    {
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        var rank = (int)Math.Ceiling(percent / 100.0 * sorted.Length) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Length - 1)];
    }

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    public static string F(double value, int decimals = 2) => value.ToString("N" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    public static string Ratio(double value) => value.ToString("0.00", CultureInfo.InvariantCulture) + "×";

    /// <summary>"median (min–max)" of per-pair ratios.</summary>
    public static string RatioRange(IReadOnlyList<double> ratios) =>
        $"{Ratio(Median(ratios))} ({ratios.Min().ToString("0.00", CultureInfo.InvariantCulture)}–{ratios.Max().ToString("0.00", CultureInfo.InvariantCulture)}, {ratios.Count} pairs)";

    public static string Bytes(double bytes) => bytes switch
    {
        >= 1 << 30 => F(bytes / (1 << 30)) + " GiB",
        >= 1 << 20 => F(bytes / (1 << 20)) + " MiB",
        >= 1 << 10 => F(bytes / (1 << 10)) + " KiB",
        _ => F(bytes, 0) + " B",
    };
}

/// <summary>Heap measurement after a full, blocking, compacting collection.</summary>
internal static class Heap
{
    public static long LiveBytes()
    {
        for (var i = 0; i < 3; i++)
        {
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }

        return GC.GetTotalMemory(forceFullCollection: true);
    }
}

/// <summary>Finds the repository root (the folder holding BreatheBot.sln).</summary>
internal static class Repository
{
    public static string Root()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "BreatheBot.sln")))
            {
                return folder.FullName;
            }
        }

        for (var folder = new DirectoryInfo(Environment.CurrentDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "BreatheBot.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("Run from inside the BreatheBot repository (BreatheBot.sln not found).");
    }
}
