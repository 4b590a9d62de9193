using System.Diagnostics;

namespace BreatheBot.Host.Tests;

/// <summary>
/// deploy/breathebot.service is a unit systemd accepts, and the published bot runs the way that unit starts it:
/// its environment, working directory, umask and state directory, with no home folder and an empty EnvironmentFile.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class DeploymentTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("breathebot-deploy-").FullName;

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

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "BreatheBot.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("BreatheBot.sln not found above " + AppContext.BaseDirectory);
    }

    private static string Unit => File.ReadAllText(Path.Combine(RepositoryRoot(), "deploy", "breathebot.service"));

    /// <summary>Every "Key=value" of the unit's [Service] section, in order (keys may repeat).</summary>
    private static List<(string Key, string Value)> ServiceSettings()
    {
        var settings = new List<(string, string)>();
        var inService = false;
        foreach (var raw in Unit.Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith('['))
            {
                inService = line == "[Service]";
                continue;
            }

            if (inService && line.Length > 0 && line[0] != '#' && line.IndexOf('=', StringComparison.Ordinal) is var eq and > 0)
            {
                settings.Add((line[..eq], line[(eq + 1)..]));
            }
        }

        return settings;
    }

    private static string One(string key) => ServiceSettings().Single(s => s.Key == key).Value;

    private static async Task<(int Exit, string Output, string Errors)> RunAsync(ProcessStartInfo info, string? input, TimeSpan timeout)
    {
        info.RedirectStandardInput = true;
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input);
        }

        process.StandardInput.Close();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{info.FileName} did not finish within {timeout}: {await errors}");
        }

        return (process.ExitCode, await output, await errors);
    }

    /// <summary>Publishes the host as the README says (the build the tests already made, so no second compile).</summary>
    private async Task<string> PublishAsync()
    {
        var output = Path.Combine(_folder, "opt", "breathebot");
#if DEBUG
        const string configuration = "Debug";
#else
        const string configuration = "Release";
#endif
        var info = new ProcessStartInfo("dotnet", ["publish", Path.Combine(RepositoryRoot(), "src", "BreatheBot.Host", "BreatheBot.Host.csproj"), "-c", configuration, "--no-build", "-o", output, "-v", "q", "-nologo"]);
        var (exit, stdout, stderr) = await RunAsync(info, null, TimeSpan.FromMinutes(3));
        Assert.True(exit == 0, $"dotnet publish failed: {stdout}{stderr}");
        return output;
    }

    [Fact]
    public async Task Systemd_accepts_the_unit_without_a_single_warning()
    {
        var published = await PublishAsync();
        var unitFile = Path.Combine(_folder, "breathebot.service");
        await File.WriteAllTextAsync(unitFile, Unit.Replace("/opt/breathebot", published, StringComparison.Ordinal));

        var (exit, stdout, stderr) = await RunAsync(new ProcessStartInfo("systemd-analyze", ["verify", unitFile]), null, TimeSpan.FromMinutes(1));

        Assert.True(exit == 0, stdout + stderr);
        Assert.Equal(string.Empty, (stdout + stderr).Trim());
    }

    [Fact]
    public void The_unit_runs_a_dedicated_user_in_a_private_state_directory_and_restarts_only_what_a_restart_can_fix()
    {
        Assert.Equal("notify", One("Type"));
        Assert.Equal("breathebot", One("User"));
        Assert.Equal("breathebot", One("StateDirectory"));
        Assert.Equal("0700", One("StateDirectoryMode"));
        Assert.Equal("0077", One("UMask"));
        Assert.Equal("/opt/breathebot", One("WorkingDirectory"));
        Assert.Equal("/etc/breathebot/breathebot.env", One("EnvironmentFile"));
        Assert.Equal("on-failure", One("Restart"));
        Assert.Equal("2", One("RestartPreventExitStatus"));
        foreach (var hardening in new[] { "NoNewPrivileges", "ProtectSystem", "ProtectHome", "PrivateTmp", "PrivateDevices", "RestrictSUIDSGID" })
        {
            Assert.NotEqual("no", One(hardening));
        }
    }

    [Fact]
    public async Task The_published_bot_started_as_the_unit_starts_it_keeps_its_diary_private_in_the_state_directory()
    {
        var published = await PublishAsync();
        var state = Path.Combine(_folder, "var", "lib", "breathebot");
        Directory.CreateDirectory(state, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var environmentFile = Path.Combine(_folder, "breathebot.env");
        await File.WriteAllTextAsync(environmentFile, await File.ReadAllTextAsync(Path.Combine(RepositoryRoot(), "deploy", "breathebot.env.example")));

        // What systemd does: a clean environment (Environment=, EnvironmentFile=, STATE_DIRECTORY), the unit's umask and
        // working directory, then ExecStart. The example file has empty tokens, so the bot runs its terminal chat.
        var environment = new List<string> { "PATH=/usr/bin:/bin", "STATE_DIRECTORY=" + state };
        environment.AddRange(ServiceSettings().Where(s => s.Key == "Environment").Select(s => s.Value));
        environment.AddRange(File.ReadAllLines(environmentFile).Select(l => l.Trim()).Where(l => l.Length > 0 && l[0] != '#'));
        var exec = One("ExecStart").Replace("/opt/breathebot", published, StringComparison.Ordinal);
        var workingDirectory = One("WorkingDirectory").Replace("/opt/breathebot", published, StringComparison.Ordinal);
        var script = $"umask {One("UMask")} && cd \"$1\" && shift && exec env -i \"$@\"";
        var info = new ProcessStartInfo("/bin/sh", ["-c", script, "sh", workingDirectory, .. environment, exec]);

        var (exit, stdout, stderr) = await RunAsync(info, "/headache\nnone\n/export\n", TimeSpan.FromMinutes(2));

        Assert.True(exit == 0, $"exit {exit}: {stderr}");
        Assert.Contains("quick safety check", stdout, StringComparison.Ordinal);
        var diary = Path.Combine(state, "breathebot.db");
        Assert.True(File.Exists(diary), "the diary is in $STATE_DIRECTORY: " + string.Join(", ", Directory.GetFileSystemEntries(state)));
        foreach (var file in Directory.EnumerateFiles(state, "*", SearchOption.AllDirectories))
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file) & ~UnixFileMode.UserExecute);
        }

        Assert.Empty(Directory.EnumerateFileSystemEntries(published, "*.db", SearchOption.AllDirectories));
    }
}
