using System.Diagnostics;
using System.Text;

namespace BreatheBot.Host.Tests;

/// <summary>
/// The real program in its own process (issue 12 items 3-4): a bad setting prints one line on standard error and exits
/// with code 2; SIGTERM or SIGINT stops the terminal chat at once even while its input is held open.
/// </summary>
public sealed class ProcessStartAndStopTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("breathebot-process-").FullName;

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

    [Theory]
    [InlineData("Storage__MaxWriteBatch", "abc", "Storage:MaxWriteBatch is 'abc'; it must be a whole number from 1 to 10000.")]
    [InlineData("Conversation__HoldSeconds", "sixty", "Conversation:HoldSeconds is 'sixty'; it must be a whole number from 30 to 90.")]
    [InlineData("Telegram__Mode", "Bogus", "Telegram:Mode is 'Bogus'; it must be one of Polling, Webhook.")]
    [InlineData("Telegram__BotToken", " ", "Telegram:BotToken is only spaces")]
    [InlineData("Discord__RestBanPause", "-00:15:00", "Discord:RestBanPause is '-00:15:00'; it must be from 00:00:01 to 1.00:00:00.")]
    public async Task A_bad_setting_prints_one_line_on_standard_error_and_exits_with_code_2(string variable, string value, string expected)
    {
        var environment = new Dictionary<string, string>
        {
            ["BreatheBot__" + variable] = value,
        };
        if (variable.StartsWith("Telegram__", StringComparison.Ordinal) && variable != "Telegram__BotToken")
        {
            environment["BreatheBot__Telegram__BotToken"] = "123456789:TEST_token-abc";
            environment["BreatheBot__Telegram__ApiBaseUrl"] = "http://127.0.0.1:9";
        }
        else if (variable.StartsWith("Discord__", StringComparison.Ordinal))
        {
            environment["BreatheBot__Discord__BotToken"] = "test-token";
            environment["BreatheBot__Discord__ApplicationId"] = "100";
            environment["BreatheBot__Discord__ApiBaseUrl"] = "http://127.0.0.1:9";
        }

        using var bot = Bot.Start(_folder, environment);
        var exited = await bot.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.True(exited, "BreatheBot did not stop");
        Assert.Equal(2, bot.ExitCode);
        var line = Assert.Single(bot.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.StartsWith("BreatheBot could not start: " + expected, line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("TERM")]
    [InlineData("INT")]
    public async Task A_stop_signal_ends_the_terminal_chat_at_once_while_its_input_is_held_open(string signal)
    {
        using var bot = Bot.Start(_folder, new Dictionary<string, string>());
        await bot.WaitForOutputAsync("BreatheBot terminal chat", TimeSpan.FromSeconds(60));

        var stopping = Stopwatch.StartNew();
        bot.Signal(signal); // standard input stays open: nobody typed, nobody closed it
        var exited = await bot.WaitForExitAsync(TimeSpan.FromSeconds(30));
        stopping.Stop();

        Assert.True(exited, "BreatheBot did not stop within 30 s");
        Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(5), $"stopping took {stopping.Elapsed.TotalSeconds:0.0} s (the host's shutdown timeout is 15 s)");
        Assert.Equal(0, bot.ExitCode);
    }

    private sealed class Bot : IDisposable
    {
        private readonly Process _process;
        private readonly StringBuilder _output = new();
        private readonly StringBuilder _error = new();
        private readonly Lock _gate = new();

        private Bot(Process process) => _process = process;

        public int ExitCode => _process.ExitCode;

        public string StandardError
        {
            get
            {
                lock (_gate)
                {
                    return _error.ToString();
                }
            }
        }

        public static Bot Start(string folder, IReadOnlyDictionary<string, string> environment)
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
            info.Environment["BreatheBot__Terminal__FilesDirectory"] = Path.Combine(folder, "files");
            info.Environment["BreatheBot__Discord__StateFile"] = Path.Combine(folder, "discord-state.json");
            info.Environment["BreatheBot__Telegram__BotToken"] = string.Empty;
            info.Environment["BreatheBot__Discord__BotToken"] = string.Empty;
            foreach (var (name, value) in environment)
            {
                info.Environment[name] = value;
            }

            var bot = new Bot(Process.Start(info)!);
            bot._process.OutputDataReceived += (_, e) => bot.Append(bot._output, e.Data);
            bot._process.ErrorDataReceived += (_, e) => bot.Append(bot._error, e.Data);
            bot._process.BeginOutputReadLine();
            bot._process.BeginErrorReadLine();
            return bot;
        }

        public async Task WaitForOutputAsync(string expected, TimeSpan timeout)
        {
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed < timeout && !_process.HasExited)
            {
                lock (_gate)
                {
                    if (_output.ToString().Contains(expected, StringComparison.Ordinal))
                    {
                        return;
                    }
                }

                await Task.Delay(20);
            }

            Assert.Fail($"'{expected}' did not appear. Standard error:\n{StandardError}");
        }

        public async Task<bool> WaitForExitAsync(TimeSpan timeout)
        {
            try
            {
                await _process.WaitForExitAsync().WaitAsync(timeout);
                _process.WaitForExit(); // drains the redirected output
                return true;
            }
            catch (TimeoutException)
            {
                return false;
            }
        }

        public void Signal(string signal)
        {
            using var kill = Process.Start(new ProcessStartInfo("kill", [$"-{signal}", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false })!;
            kill.WaitForExit();
            Assert.Equal(0, kill.ExitCode);
        }

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit();
            }

            _process.Dispose();
        }

        private void Append(StringBuilder target, string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (_gate)
            {
                target.AppendLine(line);
            }
        }
    }
}
