using System.Reflection;
using System.Text.RegularExpressions;
using BreatheBot.Core.Conversations;
using BreatheBot.DiscordAdapter;
using BreatheBot.Storage.LiteDb;
using BreatheBot.Storage.PostgreSql;
using BreatheBot.TelegramAdapter;
using BreatheBot.TerminalAdapter;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace BreatheBot.Host.Tests.Configuration;

/// <summary>
/// Issue 12 item 3: every bad setting stops the start with exactly one line, <c>BreatheBot could not start: Section:Key …</c>,
/// and exit code 2 — never a stack trace, never a C# member name. Run through the real entry point in-process.
/// </summary>
public sealed partial class BadSettingsTests : IDisposable
{
    private const string Prefix = "BreatheBot could not start: ";
    private readonly string _folder = Directory.CreateTempSubdirectory("breathebot-settings-").FullName;

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

    public static TheoryData<BadSetting> Rows() => [.. BadSettingsTable.Rows];

    [Theory]
    [MemberData(nameof(Rows))]
    public async Task A_bad_value_stops_the_start_with_one_line_naming_the_key_and_exit_code_2(BadSetting row)
    {
        using var error = new StringWriter();

        var code = await BreatheBotHost.RunAsync(Arguments(_folder, row), error, ClosedTerminal.Install, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));

        var line = Assert.Single(error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(2, code);
        Assert.StartsWith(row.CrossField ? Prefix + row.Section + ":" : Prefix + row.Setting, line, StringComparison.Ordinal);
        Assert.Matches(Regex.Escape(row.Setting) + @"(?![\w:])", line); // the key itself, not a longer one it begins
        Assert.DoesNotContain("Options.", line, StringComparison.Ordinal); // ConversationOptions.FollowUpDelay is a C# name, not a key
        Assert.DoesNotContain("Exception", line, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"\bat [\w.`<>]+\(", line); // no stack frame
        Assert.DoesNotContain("s3cret", line, StringComparison.Ordinal); // a connection string's password is never repeated
    }

    [Fact]
    public async Task Several_bad_values_in_different_sections_are_all_named_in_the_one_line()
    {
        using var error = new StringWriter();
        string[] args = [.. Arguments(_folder, new BadSetting("Storage:MaxWriteBatch", "abc")), "--Conversation:HoldSeconds=sixty", "--Conversation:FollowUpDelay=-00:01:00"];

        var code = await BreatheBotHost.RunAsync(args, error, ClosedTerminal.Install, CancellationToken.None);

        var line = Assert.Single(error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(2, code);
        Assert.True(line.Contains("Storage:MaxWriteBatch is 'abc'", StringComparison.Ordinal), line);
        Assert.Contains("Storage:MaxWriteBatch is 'abc'; it must be a whole number from 1 to 10000.", line, StringComparison.Ordinal);
        Assert.Contains("Conversation:HoldSeconds is 'sixty'; it must be a whole number from 30 to 90.", line, StringComparison.Ordinal);
        Assert.Contains("Conversation:FollowUpDelay is '-00:01:00'; it must be from 00:01:00 to 1.00:00:00.", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Good_values_at_the_edges_of_their_ranges_start_normally()
    {
        using var error = new StringWriter();
        string[] args =
        [
            .. Arguments(_folder, new BadSetting("Storage:MaxWriteBatch", "10000")),
            "--Storage:LockTimeout=00:05:00", "--Conversation:HoldSeconds=30", "--Conversation:HoldTickSeconds=30", "--Conversation:FollowUpDelay=00:01:00",
        ];

        var code = await BreatheBotHost.RunAsync(args, error, ClosedTerminal.Install, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(string.Empty, error.ToString());
        Assert.Equal(0, code); // the closed terminal ends the chat at once
    }

    [Fact]
    public void The_table_covers_every_setting_of_every_options_class_and_every_key_in_the_readme()
    {
        var covered = BadSettingsTable.Rows.Select(r => r.Setting).ToHashSet(StringComparer.Ordinal);

        var settings = OptionsSections().SelectMany(s => s.Type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => $"{s.Section}:{p.Name}")).ToList();
        Assert.Contains("Discord:RestBanPause", settings); // the scan finds the options classes
        var uncovered = settings.Where(k => !covered.Contains(k)).ToList();
        Assert.Empty(uncovered);

        var documented = ReadmeConfigurationKeys();
        Assert.Contains("Storage:MaxWriteBatch", documented);
        var undocumented = documented.Where(k => !covered.Contains(k)).ToList();
        Assert.Empty(undocumented);
    }

    /// <summary>Every public class with a <c>SectionName</c> constant in the projects the host is composed of.</summary>
    internal static IEnumerable<(string Section, Type Type)> OptionsSections() =>
        new[] { typeof(ConversationOptions), typeof(LiteDbOptions), typeof(PostgreSqlOptions), typeof(TerminalOptions), typeof(TelegramOptions), typeof(DiscordOptions), typeof(BreatheBotHost) }
            .Select(t => t.Assembly)
            .Distinct()
            .SelectMany(a => a.GetExportedTypes())
            .Select(t => (Field: t.GetField("SectionName", BindingFlags.Public | BindingFlags.Static), Type: t))
            .Where(x => x.Field is { IsLiteral: true } && x.Field.FieldType == typeof(string))
            .Select(x => ((string)x.Field!.GetRawConstantValue()!, x.Type));

    private static List<string> ReadmeConfigurationKeys()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "BreatheBot.sln")))
        {
            folder = folder.Parent;
        }

        Assert.NotNull(folder);
        var readme = File.ReadAllText(Path.Combine(folder.FullName, "README.md"));
        var start = readme.IndexOf("\n## Configuration", StringComparison.Ordinal);
        var end = readme.IndexOf("\n## ", start + 5, StringComparison.Ordinal);
        return [.. ReadmeKey().Matches(readme[start..end]).Select(m => m.Groups[1].Value).Where(k => !k.EndsWith('*')).Distinct()];
    }

    [GeneratedRegex(@"^\| `([A-Za-z]+:[A-Za-z*]+)`", RegexOptions.Multiline)]
    private static partial Regex ReadmeKey();

    /// <summary>A working base (a temporary diary; the row's adapter switched on with valid values) plus the bad value.</summary>
    internal static string[] Arguments(string folder, BadSetting row)
    {
        var args = new List<string>
        {
            $"--Storage:Path={Path.Combine(folder, "diary.db")}",
            $"--Terminal:FilesDirectory={Path.Combine(folder, "files")}",
            "--Telegram:BotToken=",
            "--Discord:BotToken=",
        };
        if (row.Section == "Telegram")
        {
            args.AddRange(["--Telegram:BotToken=123456789:TEST_token-abc", "--Telegram:ApiBaseUrl=http://127.0.0.1:9"]);
            if (row.Key.StartsWith("Telegram:Webhook", StringComparison.Ordinal))
            {
                args.AddRange([
                    "--Telegram:Mode=Webhook", "--Telegram:WebhookUrl=https://bot.example.org/telegram/webhook",
                    "--Telegram:WebhookSecret=s3cret_value", "--Telegram:WebhookListenUrl=http://127.0.0.1:0",
                ]);
            }
        }
        else if (row.Section == "Discord")
        {
            args.AddRange([
                "--Discord:BotToken=test-token", "--Discord:ApplicationId=100", "--Discord:ApiBaseUrl=http://127.0.0.1:9",
                $"--Discord:StateFile={Path.Combine(folder, "discord-state.json")}",
            ]);
        }

        else if (row.Key == "Storage:ConnectionString")
        {
            args.Add("--Storage:Provider=PostgreSql");
        }

        args.Add($"--{row.Key}={row.Value}");
        return [.. args];
    }

    /// <summary>A terminal at end of input: should a bad value ever be let through, the chat ends at once instead of waiting on the console.</summary>
    private sealed class ClosedTerminal : ITerminal
    {
        public TextReader Input { get; } = new StringReader(string.Empty);

        public TextWriter Output => TextWriter.Null;

        public bool IsInteractive => false;

        public static void Install(Microsoft.Extensions.Hosting.HostApplicationBuilder builder) =>
            builder.Services.Replace(ServiceDescriptor.Singleton<ITerminal>(new ClosedTerminal()));
    }
}
