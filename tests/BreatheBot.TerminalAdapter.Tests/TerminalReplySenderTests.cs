using BreatheBot.Core.Conversations;
using BreatheBot.Core.Files;
using BreatheBot.Core.Messaging;
using Microsoft.Extensions.Options;

namespace BreatheBot.TerminalAdapter.Tests;

public sealed class TerminalReplySenderTests
{
    private static readonly ConversationKey Key = ConversationKey.Private(Platform.Terminal, "local", "local");

    internal sealed class StringTerminal(bool interactive) : ITerminal
    {
        public StringWriter Writer { get; } = new();

        public TextReader Input { get; } = new StringReader(string.Empty);

        public TextWriter Output => Writer;

        public bool IsInteractive => interactive;
    }

    internal static (TerminalReplySender Sender, StringTerminal Terminal) Create(bool interactive, string? files = null, TimeProvider? time = null)
    {
        var (sender, terminal, _) = CreateWithScreen(interactive, files, time);
        return (sender, terminal);
    }

    internal static (TerminalReplySender Sender, StringTerminal Terminal, TerminalScreen Screen) CreateWithScreen(bool interactive, string? files = null, TimeProvider? time = null)
    {
        var terminal = new StringTerminal(interactive);
        var options = Options.Create(new TerminalOptions { FilesDirectory = files ?? Path.GetTempPath() });
        var screen = new TerminalScreen(terminal);
        return (new TerminalReplySender(terminal, screen, time ?? TimeProvider.System, options), terminal, screen);
    }

    [Fact]
    public async Task Choices_are_printed_numbered_under_the_text()
    {
        var (sender, terminal) = Create(interactive: false);
        await sender.SendAsync(Key, ChatKind.Private, [new TextReply("q", "Pick one", [new("a:1", "First"), new("a:2", "Second")])], default);
        Assert.Equal($"BreatheBot: Pick one{Environment.NewLine}   1) First{Environment.NewLine}   2) Second{Environment.NewLine}{Environment.NewLine}", terminal.Writer.ToString());
    }

    [Fact]
    public async Task Choices_answered_in_words_only_are_printed_in_brackets_never_numbered()
    {
        var (sender, terminal) = Create(interactive: false);
        await sender.SendAsync(Key, ChatKind.Private, [new TextReply("triage.emergency", "Does any of these apply?\n• A sign", [new("e:none", "None of these"), new("e:yes", "Yes, one or more"), new("e:unsure", "Not sure")]) { WordsOnly = true }], default);
        var output = terminal.Writer.ToString();
        Assert.Contains("  [None of these]  [Yes, one or more]  [Not sure]", output, StringComparison.Ordinal);
        Assert.DoesNotContain("1)", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_notice_is_printed_like_a_message()
    {
        var (sender, terminal) = Create(interactive: false);
        await sender.SendAsync(Key, ChatKind.Private, [new NoticeReply("n", "You've already joined.")], default);
        Assert.Equal($"BreatheBot: You've already joined.{Environment.NewLine}{Environment.NewLine}", terminal.Writer.ToString());
    }

    [Fact]
    public async Task When_piped_the_pacer_prints_one_line_per_phase()
    {
        var (sender, terminal) = Create(interactive: false);
        await sender.SendAsync(Key, ChatKind.Private, [new TextReply("breathing.pacer", "Breathe in… 5\nRound 1 of 2", [new("pc:stop", "Stop")], "pacer")], default);
        await sender.SendAsync(Key, ChatKind.Private, [new EditReply("breathing.pacer", "pacer", "Breathe out… 6\nRound 1 of 2", [])], default);
        await sender.SendAsync(Key, ChatKind.Private, [new EditReply("breathing.pacer", "pacer", "Breathe in… 5\nRound 2 of 2", [])], default);

        var lines = terminal.Writer.ToString().Split(Environment.NewLine);
        Assert.Contains("  [Stop]", lines);
        Assert.Contains("  Breathe out… 6 · Round 1 of 2", lines);
        Assert.Contains("  Breathe in… 5 · Round 2 of 2", lines);
        Assert.DoesNotContain('\r', terminal.Writer.ToString());
    }

    [Fact]
    public async Task In_a_terminal_the_pacer_redraws_its_line_in_place_above_the_input_line()
    {
        var (sender, terminal) = Create(interactive: true);
        await sender.SendAsync(Key, ChatKind.Private, [new TextReply("breathing.pacer", "Breathe in… 5", [new("pc:stop", "Stop")], "pacer")], default);
        await sender.SendAsync(Key, ChatKind.Private, [new EditReply("breathing.pacer", "pacer", "Breathe out… 6", [])], default);

        var screen = ScreenLines(terminal.Writer.ToString());
        Assert.Equal(["  [Stop]   (type the words)", "  Breathe out… 6", ">"], screen);
    }

    [Fact]
    public async Task Pain_buttons_are_listed_without_list_numbers_so_a_typed_number_is_the_pain_value()
    {
        var (sender, terminal) = Create(interactive: false);
        var pain = Enumerable.Range(0, 11).Select(p => new ReplyChoice($"pb:{p}", p.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToList();
        await sender.SendAsync(Key, ChatKind.Private, [new TextReply("pain.before", BreatheBot.Core.Content.Wording.PainNow, pain)], default);

        var output = terminal.Writer.ToString();
        Assert.Contains("  [0]  [1]  [2]  [3]  [4]  [5]  [6]  [7]  [8]  [9]  [10]", output, StringComparison.Ordinal);
        Assert.DoesNotContain("7) 6", output, StringComparison.Ordinal);
        Assert.DoesNotContain(")", output.Split(Environment.NewLine)[^3], StringComparison.Ordinal);
        Assert.Contains("Type a number from 0 to 10 or tap one.", output, StringComparison.Ordinal);
    }

    /// <summary>
    /// What a person sees on a VT100-style terminal after <paramref name="output"/>: carriage return, line feed, backspace,
    /// "erase line" (ESC[2K) and "cursor up" (ESC[1A) applied; blank lines and trailing blanks left out.
    /// </summary>
    internal static List<string> ScreenLines(string output)
    {
        var lines = new List<System.Text.StringBuilder> { new() };
        var (row, col) = (0, 0);
        for (var i = 0; i < output.Length; i++)
        {
            if (output.AsSpan(i).StartsWith("\u001b[2K"))
            {
                lines[row].Clear();
                i += 3;
                continue;
            }

            if (output.AsSpan(i).StartsWith("\u001b[1A"))
            {
                row = Math.Max(0, row - 1);
                i += 3;
                continue;
            }

            switch (output[i])
            {
                case '\r':
                    col = 0;
                    break;
                case '\n':
                    row++;
                    col = 0;
                    if (row == lines.Count)
                    {
                        lines.Add(new());
                    }

                    break;
                case '\b':
                    col = Math.Max(0, col - 1);
                    break;
                default:
                    var line = lines[row];
                    if (col < line.Length)
                    {
                        line[col] = output[i];
                    }
                    else
                    {
                        line.Append(' ', col - line.Length).Append(output[i]);
                    }

                    col++;
                    break;
            }
        }

        return lines.Select(l => l.ToString().TrimEnd()).Where((l, i) => l.Length > 0 || i == row).ToList();
    }

    [Fact]
    public async Task A_file_reply_is_written_to_disk_and_its_path_printed()
    {
        var folder = Directory.CreateTempSubdirectory("breathebot-files-").FullName;
        try
        {
            var (sender, terminal) = Create(interactive: false, files: folder);
            await sender.SendAsync(Key, ChatKind.Private, [new FileReply("export", "diary.csv", "text/csv", "a,b\n"u8.ToArray(), "Your diary")], default);
            var path = Path.Combine(folder, "local", "diary.csv");
            Assert.Equal("a,b\n", await File.ReadAllTextAsync(path));
            Assert.Contains(path, terminal.Writer.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Saved_files_are_readable_by_their_owner_only_in_a_folder_of_the_persons_own()
    {
        var folder = Directory.CreateTempSubdirectory("breathebot-files-").FullName;
        try
        {
            var (sender, _) = Create(interactive: false, files: Path.Combine(folder, "files"));
            await sender.SendAsync(Key, ChatKind.Private, [new FileReply("stats.chart", "chart.png", "image/png", new byte[] { 1, 2, 3 }, null)], default);
            Assert.Equal(PrivateFiles.OwnerOnlyFile, File.GetUnixFileMode(Path.Combine(folder, "files", "local", "chart.png")));
            Assert.Equal(PrivateFiles.OwnerOnlyDirectory, File.GetUnixFileMode(Path.Combine(folder, "files", "local")));
            Assert.Equal(PrivateFiles.OwnerOnlyDirectory, File.GetUnixFileMode(Path.Combine(folder, "files")));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task After_forget_the_persons_saved_charts_and_exports_are_deleted_and_nobody_elses()
    {
        var folder = Directory.CreateTempSubdirectory("breathebot-files-").FullName;
        try
        {
            var (sender, _) = Create(interactive: false, files: folder);
            var other = ConversationKey.Private(Platform.Terminal, "guest", "guest");
            await sender.SendAsync(Key, ChatKind.Private, [new FileReply("export.csv", "breathebot-diary.csv", "text/csv", "a,b\n"u8.ToArray(), null)], default);
            await sender.SendAsync(other, ChatKind.Private, [new FileReply("export.csv", "breathebot-diary.csv", "text/csv", "c,d\n"u8.ToArray(), null)], default);

            await sender.SendAsync(Key, ChatKind.Private, [new DataErasedReply("forget.files"), new TextReply("forget.done", "Done.")], default);

            Assert.False(Directory.Exists(Path.Combine(folder, "local")));
            Assert.True(File.Exists(Path.Combine(folder, "guest", "breathebot-diary.csv")));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
