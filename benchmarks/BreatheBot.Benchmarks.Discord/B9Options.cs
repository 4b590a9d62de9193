using System.Globalization;

namespace BreatheBot.Benchmarks.Discord;

internal enum EventPath
{
    Interaction,
    Dm,
}

internal sealed record B9Options(
    IReadOnlyList<EventPath> Paths,
    double Rate,
    double DmRate,
    double Seconds,
    double Warmup,
    double ClosedSeconds,
    int InFlight,
    int Pairs,
    int Users,
    int DmUsers,
    string Directory,
    string? OutputFolder,
    bool Quick)
{
    public double RateFor(EventPath path) => path == EventPath.Interaction ? Rate : DmRate;

    public static B9Options Parse(string[] args)
    {
        var values = args.Where(a => a.StartsWith("--", StringComparison.Ordinal) && a.Contains('=', StringComparison.Ordinal))
            .Select(a => a[2..].Split('=', 2))
            .ToDictionary(p => p[0], p => p[1], StringComparer.OrdinalIgnoreCase);
        var quick = args.Contains("--quick");
        double D(string name, double normal, double smoke) =>
            values.TryGetValue(name, out var v) ? double.Parse(v, CultureInfo.InvariantCulture) : quick ? smoke : normal;
        var paths = (values.TryGetValue("paths", out var p) ? p : "interaction,dm")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => s.ToLowerInvariant() switch
            {
                "interaction" => EventPath.Interaction,
                "dm" => EventPath.Dm,
                _ => throw new ArgumentException($"Unknown path '{s}' (interaction or dm)."),
            })
            .ToList();
        return new B9Options(
            paths,
            D("rate", 200, 200),
            D("dm-rate", 40, 40),
            D("seconds", 30, 5),
            D("warmup", 10, 3),
            D("closed-seconds", 10, 3),
            (int)D("inflight", 32, 32),
            (int)D("pairs", 5, 1),
            (int)D("users", 1000, 200),
            (int)D("dm-users", 400, 100),
            values.TryGetValue("dir", out var dir) ? dir : Path.Combine(Path.GetTempPath(), "breathebot-bench"),
            values.TryGetValue("out", out var output) ? output : null,
            quick);
    }
}
