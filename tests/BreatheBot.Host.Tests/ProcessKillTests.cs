using System.Diagnostics;
using System.Text;

namespace BreatheBot.Host.Tests;

/// <summary>
/// The real program in its own process: killed without warning (SIGKILL) mid-conversation, then started again over the
/// same file, it continues where the person was.
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

        await using var second = BotProcess.Start(_folder);
        await second.SayAsync("back of the head", "How does the pain feel?");
        await second.EndAsync();
        Assert.Equal(0, second.ExitCode);
    }

    private sealed class BotProcess : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly StringBuilder _output = new();
        private readonly Lock _gate = new();

        private BotProcess(Process process)
        {
            _process = process;
        }

        public int ExitCode => _process.ExitCode;

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
            bot._process.ErrorDataReceived += (_, _) => { };
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
