using System.Diagnostics;

namespace BreatheBot.Benchmarks;

/// <summary>
/// B10: cold start to ready. Spawns the built BreatheBot.dll (terminal chat, fresh database file, piped stdin) and
/// times spawn → its banner line on stdout; the baseline is an empty generic host that prints "ready" when started.
/// Starts interleaved (ABAB), OS file cache warm, each process new.
/// </summary>
internal static class ColdStart
{
    private const string BannerStart = "BreatheBot terminal chat.";

    public static void Run(RunSettings settings)
    {
        var root = Repository.Root();
        var bot = Path.Combine(root, "artifacts", "bin", "BreatheBot.Host", "release", "BreatheBot.dll");
        var empty = Path.Combine(root, "artifacts", "bin", "BreatheBot.EmptyHost", "release", "BreatheBot.EmptyHost.dll");
        foreach (var file in new[] { bot, empty })
        {
            if (!File.Exists(file))
            {
                throw new FileNotFoundException($"{file} is missing: run the benchmarks with -c Release (it builds the host and the empty host).", file);
            }
        }

        var starts = settings.Int("starts", 20, 5);
        Console.WriteLine($"B10: cold start to ready, {starts} starts each, interleaved; BreatheBot to its banner vs an empty generic host to \"ready\"");
        var botTimes = new List<double>();
        var emptyTimes = new List<double>();

        // One untimed start each, so the OS file cache holds the runtime and assemblies ("OS cache warm, process cold").
        Start(empty, "ready", settings, []);
        Start(bot, BannerStart, settings, []);
        for (var i = 0; i < starts; i++)
        {
            emptyTimes.Add(Start(empty, "ready", settings, []));
            botTimes.Add(Start(bot, BannerStart, settings, []));
        }

        Add("default runtime settings", botTimes, emptyTimes);

        // The same with tiered compilation's quick JIT off (everything fully optimised at first call), as a separate row.
        botTimes.Clear();
        emptyTimes.Clear();
        var noQuickJit = new Dictionary<string, string> { ["DOTNET_TieredCompilation"] = "0" };
        for (var i = 0; i < Math.Max(3, starts / 2); i++)
        {
            emptyTimes.Add(Start(empty, "ready", settings, noQuickJit));
            botTimes.Add(Start(bot, BannerStart, settings, noQuickJit));
        }

        Add("DOTNET_TieredCompilation=0", botTimes, emptyTimes);
    }

    private static void Add(string variant, List<double> bot, List<double> empty)
    {
        var botMedian = Stats.Median(bot);
        var emptyMedian = Stats.Median(empty);
        var botP90 = Stats.Percentile(bot.Order().ToArray().AsSpan(), 90);
        var emptyP90 = Stats.Percentile(empty.Order().ToArray().AsSpan(), 90);
        Report.Add("B10", $"start to ready ({variant}, {bot.Count} starts)",
            $"median {Stats.F(botMedian, 0)} ms, p90 {Stats.F(botP90, 0)} ms",
            $"empty host median {Stats.F(emptyMedian, 0)} ms, p90 {Stats.F(emptyP90, 0)} ms",
            $"{Stats.Ratio(botMedian / emptyMedian)} (+{Stats.F(botMedian - emptyMedian, 0)} ms)",
            "≤ 600 ms; ≤ +300 ms over baseline", botMedian <= 600 && botMedian - emptyMedian <= 300);
    }

    private static double Start(string dll, string readyLine, RunSettings settings, Dictionary<string, string> environment)
    {
        var folder = settings.NewDirectory("b10");
        try
        {
            var info = new ProcessStartInfo("dotnet", [dll])
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = folder,
            };
            info.Environment["BreatheBot__Storage__Path"] = Path.Combine(folder, "diary.db");
            info.Environment["BreatheBot__Telegram__BotToken"] = string.Empty;
            info.Environment["BreatheBot__Discord__BotToken"] = string.Empty;
            foreach (var (name, value) in environment)
            {
                info.Environment[name] = value;
            }

            var ready = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
            var started = Stopwatch.GetTimestamp();
            using var process = Process.Start(info)!;
            process.OutputDataReceived += (_, e) =>
            {
                if (e.Data is { } line && line.StartsWith(readyLine, StringComparison.Ordinal))
                {
                    ready.TrySetResult(Stopwatch.GetTimestamp());
                }
            };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            if (!ready.Task.Wait(TimeSpan.FromSeconds(30)))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{Path.GetFileName(dll)} did not print '{readyLine}' within 30 s.");
            }

            var elapsed = Stats.TicksToMilliseconds(ready.Task.Result - started);
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            return elapsed;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
