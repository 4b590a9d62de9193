using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;

namespace BreatheBot.Host.Tests;

/// <summary>
/// The real program in its own process: killed without warning (SIGKILL) mid-conversation, then started again over the
/// same file, it continues where the person was. One diary has one owner: a second process on it is refused in one line.
/// </summary>
public sealed class ProcessKillTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("breathebot-kill-").FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public async Task A_killed_process_restarted_over_the_same_file_resumes_the_conversation()
    {
        await using (var first = BotProcess.Start(_folder))
        {
            await first.SayAsync("/headache", "First, a quick safety check");
            await first.SayAsync("no", "And do any of these apply?");
            await first.SayAsync("no", "How bad is the pain right now");
            await first.SayAsync("6", "Where does it hurt?");
            first.Kill();
        }

        // the killed process's lock file is still there, naming it; the OS released its lock with it
        Assert.StartsWith("process ", await File.ReadAllTextAsync(Path.Combine(_folder, "diary.db.lock")), StringComparison.Ordinal);

        await using var second = BotProcess.Start(_folder);
        await second.SayAsync("back of the head", "How does the pain feel?");
        await second.EndAsync();
        Assert.Equal(0, second.ExitCode);
    }

    [Fact]
    public async Task A_second_process_on_the_same_diary_is_refused_in_one_line_naming_the_file_and_the_first_process()
    {
        await using var first = BotProcess.Start(_folder);
        await first.SayAsync("/headache", "First, a quick safety check");

        await using var second = BotProcess.Start(_folder);
        await second.WaitForExitAsync();

        Assert.Equal(2, second.ExitCode);
        var line = Assert.Single(second.ErrorLines);
        Assert.StartsWith($"BreatheBot could not start: Storage:Path {Path.Combine(_folder, "diary.db")} is in use by process {first.Id} on ", line, StringComparison.Ordinal);

        // the first one goes on as if nothing happened
        await first.SayAsync("no", "And do any of these apply?");
        await first.EndAsync();
        Assert.Equal(0, first.ExitCode);
    }

    [Fact]
    public async Task A_damaged_diary_is_refused_in_one_line_with_exit_code_2_and_left_unchanged()
    {
        var diary = Path.Combine(_folder, "diary.db");
        var bytes = new byte[20_000];
        new Random(7).NextBytes(bytes);
        await File.WriteAllBytesAsync(diary, bytes);

        await using var bot = BotProcess.Start(_folder);
        await bot.WaitForExitAsync();

        Assert.Equal(2, bot.ExitCode);
        var line = Assert.Single(bot.ErrorLines);
        Assert.StartsWith($"BreatheBot could not start: The diary '{diary}' ", line, StringComparison.Ordinal);
        Assert.Contains("restore", line, StringComparison.Ordinal);
        Assert.Equal(SHA256.HashData(bytes), SHA256.HashData(await File.ReadAllBytesAsync(diary)));
        Assert.False(File.Exists(Path.Combine(_folder, "diary-log.db")));
    }

    private sealed class BotProcess : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly StringBuilder _output = new();
        private readonly List<string> _errors = [];
        private readonly Lock _gate = new();

        private BotProcess(Process process)
        {
            _process = process;
        }

        public int ExitCode => _process.ExitCode;

        public int Id => _process.Id;

        /// <summary>The non-empty lines written to standard error so far.</summary>
        public IReadOnlyList<string> ErrorLines
        {
            get
            {
                lock (_gate)
                {
                    return [.. _errors];
                }
            }
        }

        public async Task WaitForExitAsync()
        {
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
            _process.WaitForExit(); // drains the redirected output
        }

        public static BotProcess Start(string folder)
        {
            var info = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "BreatheBot.dll")])
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
            var bot = new BotProcess(Process.Start(info)!);
            bot._process.OutputDataReceived += (_, e) =>
            {
                lock (bot._gate)
                {
                    bot._output.AppendLine(e.Data);
                }
            };
            bot._process.ErrorDataReceived += (_, e) =>
            {
                lock (bot._gate)
                {
                    if (!string.IsNullOrWhiteSpace(e.Data))
                    {
                        bot._errors.Add(e.Data);
                    }
                }
            };
            bot._process.BeginOutputReadLine();
            bot._process.BeginErrorReadLine();
            return bot;
        }

        /// <summary>Sends a line and waits until the expected text appears in the reply.</summary>
        public async Task SayAsync(string line, string expected)
        {
            int from;
            lock (_gate)
            {
                from = _output.Length;
            }

            await _process.StandardInput.WriteLineAsync(line);
            await _process.StandardInput.FlushAsync();
            var deadline = Stopwatch.StartNew();
            while (deadline.Elapsed < TimeSpan.FromSeconds(60))
            {
                lock (_gate)
                {
                    if (_output.ToString(from, _output.Length - from).Contains(expected, StringComparison.Ordinal))
                    {
                        return;
                    }
                }

                if (_process.HasExited)
                {
                    break;
                }

                await Task.Delay(20);
            }

            lock (_gate)
            {
                Assert.Fail($"'{expected}' did not appear after '{line}'. Output:\n{_output}");
            }
        }

        /// <summary>SIGKILL: no shutdown, no checkpoint, no dispose.</summary>
        public void Kill()
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        public async Task EndAsync()
        {
            _process.StandardInput.Close();
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        }

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }

            _process.Dispose();
        }
    }
}
