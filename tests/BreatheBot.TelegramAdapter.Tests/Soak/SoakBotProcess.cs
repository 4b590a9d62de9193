using System.Diagnostics;
using System.Globalization;

namespace BreatheBot.TelegramAdapter.Tests.Soak;

/// <summary>
/// The real program (<c>dotnet BreatheBot.dll</c>, built next to this test assembly) as a child process whose Bot API is
/// the loopback fake, on the soak's diary file, with the sending limits relaxed so a soak runs quickly. Killed with
/// SIGKILL: no shutdown, no flush, no dispose.
/// </summary>
internal sealed class SoakBotProcess : IDisposable
{
    private const int OutputLinesKept = 200;
    private readonly Process _process;
    private readonly Queue<string> _output = new();
    private readonly Lock _gate = new();

    private SoakBotProcess(Process process)
    {
        _process = process;
    }

    public bool Killed { get; private set; }

    public bool HasExited => _process.HasExited;

    public static SoakBotProcess Start(string databasePath, string apiBaseUrl, string workingDirectory) =>
        Start(apiBaseUrl, workingDirectory, new Dictionary<string, string> { ["Storage__Path"] = databasePath });

    /// <summary>
    /// The program with the soak's settings, then <paramref name="overrides"/> (keys under <c>BreatheBot__</c>, e.g.
    /// <c>Storage__Provider</c>): the cluster kill test runs PostgreSQL nodes in webhook mode this way.
    /// </summary>
    public static SoakBotProcess Start(string apiBaseUrl, string workingDirectory, IReadOnlyDictionary<string, string> overrides)
    {
        ArgumentNullException.ThrowIfNull(overrides);
        // BreatheBot.dll sits next to this test assembly; its own deps file names packages that this folder holds as
        // shared-framework assemblies (Microsoft.AspNetCore.App), so the program runs with the test assembly's deps
        var folder = AppContext.BaseDirectory;
        var testAssembly = typeof(SoakBotProcess).Assembly.GetName().Name!;
        var info = new ProcessStartInfo("dotnet",
        [
            "exec",
            "--depsfile", Path.Combine(folder, testAssembly + ".deps.json"),
            "--runtimeconfig", Path.Combine(folder, testAssembly + ".runtimeconfig.json"),
            Path.Combine(folder, "BreatheBot.dll"),
        ])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        var settings = new Dictionary<string, string>
        {
            ["Health__Urls"] = "http://127.0.0.1:0", // a free port: several hosts may run at once
            ["Telegram__BotToken"] = Fakes.FakeTelegramServer.Token,
            ["Telegram__ApiBaseUrl"] = apiBaseUrl,
            ["Telegram__LongPollTimeoutSeconds"] = "1",
            ["Telegram__RequestTimeout"] = "00:00:05",
            ["Telegram__PollingBackoffBase"] = "00:00:00.050",
            ["Telegram__PollingBackoffMax"] = "00:00:00.200",
            ["Telegram__ConflictBackoff"] = "00:00:00.100",
            ["Telegram__RetryBaseDelay"] = "00:00:00.050",
            ["Telegram__RetryMaxDelay"] = "00:00:00.200",
            ["Telegram__PerChatInterval"] = "00:00:00",
            ["Telegram__RateLimitMargin"] = "00:00:00",
            ["Telegram__GroupMessagesPerMinute"] = "100000",
            ["Telegram__GlobalMessagesPerSecond"] = "100000",
            ["Discord__BotToken"] = string.Empty,
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Warning",
        };
        foreach (var (key, value) in overrides)
        {
            settings[key] = value;
        }

        foreach (var (key, value) in settings)
        {
            info.Environment["BreatheBot__" + key] = value;
        }

        var bot = new SoakBotProcess(Process.Start(info)!);
        bot._process.OutputDataReceived += (_, e) => bot.Keep(e.Data);
        bot._process.ErrorDataReceived += (_, e) => bot.Keep(e.Data);
        bot._process.BeginOutputReadLine();
        bot._process.BeginErrorReadLine();
        return bot;
    }

    /// <summary>SIGKILL, and wait until the process is gone.</summary>
    public void Kill()
    {
        Killed = true;
        if (!_process.HasExited)
        {
            // the program starts no children; a tree kill would first walk /proc and give the victim milliseconds
            _process.Kill(entireProcessTree: false);
        }

        _process.WaitForExit();
    }

    /// <summary>Sends SIGKILL and returns at once (safe to call from any thread, more than once).</summary>
    public void Signal()
    {
        Killed = true;
        try
        {
            _process.Kill(entireProcessTree: false);
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
    }

    /// <summary>True once the program wrote anything (it logs warnings and errors only).</summary>
    public bool HasOutput
    {
        get
        {
            lock (_gate)
            {
                return _output.Count > 0;
            }
        }
    }

    /// <summary>The last lines the program wrote (warnings and errors only), for a failure message.</summary>
    public string OutputTail()
    {
        lock (_gate)
        {
            var exit = _process.HasExited ? string.Create(CultureInfo.InvariantCulture, $"[exit code {_process.ExitCode}]\n") : string.Empty;
            return exit + string.Join('\n', _output);
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            Kill();
        }

        _process.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            _output.Enqueue(line);
            while (_output.Count > OutputLinesKept)
            {
                _output.Dequeue();
            }
        }
    }
}
