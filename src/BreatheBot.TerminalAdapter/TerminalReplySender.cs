using System.Globalization;
using System.Text;
using BreatheBot.Core.Content;
using BreatheBot.Core.Conversations;
using BreatheBot.Core.Files;
using BreatheBot.Core.Messaging;
using Microsoft.Extensions.Options;

namespace BreatheBot.TerminalAdapter;

/// <summary>
/// Renders replies as text: choices numbered (type the number or the words), except choices that are themselves numbers
/// (the pain scale) or are answered in words only (the warning-sign screens, the pacer's Stop breathing and I feel dizzy),
/// which are listed in brackets so a typed number can only mean the value.
/// On a real terminal (<see cref="TerminalScreen"/>) the pacer and hold timer are a status line above the input line,
/// redrawn in place without touching what the person is typing, and the pacer counts each phase down every second;
/// piped, they print one line per phase. Files are written to disk (a folder per person, 0600 files) with their path
/// printed, and deleted again when the person uses /forget.
/// </summary>
public sealed class TerminalReplySender(ITerminal terminal, TerminalScreen screen, TimeProvider time, IOptions<TerminalOptions> options) : IReplySender, IDisposable
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    private ITimer? _countdown;
    private string _pacerText = string.Empty;
    private int _elapsed;

    public Platform Platform => Platform.Terminal;

    public async Task SendAsync(ConversationKey key, ChatKind chat, IReadOnlyList<Reply> replies, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(replies);
        foreach (var reply in replies)
        {
            if (reply is DataErasedReply)
            {
                DeleteSavedFiles(key);
                continue;
            }

            if (reply is FileReply file)
            {
                var path = await SaveAsync(key, file, cancellationToken).ConfigureAwait(false);
                Render(new NoticeReply(file.Key, file.Caption is null ? $"I saved {file.FileName} to: {path}" : $"{file.Caption}\nSaved to: {path}"));
                continue;
            }

            Render(reply);
        }

        await terminal.Output.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    public void Dispose()
    {
        lock (screen.Gate)
        {
            _countdown?.Dispose();
            _countdown = null;
        }
    }

    private void Render(Reply reply)
    {
        if (terminal.IsInteractive)
        {
            lock (screen.Gate)
            {
                RenderOnScreen(reply);
            }

            return;
        }

        // Piped: no redrawing; the pacer prints one line per phase, its Stop and I feel dizzy listed with the first.
        lock (screen.Gate)
        {
            terminal.Output.Write(reply switch
            {
                TextReply text => Block(text.Text, text.Choices, text.WordsOnly || text.Slot == PacerSlot),
                EditReply edit => IsLineSlot(edit.Slot) ? "  " + OneLine(edit.Text) + Environment.NewLine : Block(edit.Text, edit.Choices),
                MoveToPrivateReply move => Block(move.Text, []),
                NoticeReply notice => Block(notice.Text, []),
                _ => string.Empty,
            });
        }
    }

    /// <summary>On a real terminal: the pacer and hold timer live on the status line; everything else is printed above it.</summary>
    private void RenderOnScreen(Reply reply)
    {
        switch (reply)
        {
            case TextReply text when text.Slot is not null && IsLineSlot(text.Slot):
                if (text.Choices.Count > 0)
                {
                    // The pacer's Stop breathing and I feel dizzy (a hold timer's Skip and stop): listed once, above the line that counts.
                    StopCountdown();
                    screen.Print(ChoiceLine(text.Slot, text.Choices));
                }

                ShowLine(text.Slot, text.Text);
                break;
            case EditReply edit when IsLineSlot(edit.Slot):
                ShowLine(edit.Slot, edit.Text);
                break;
            case TextReply text:
                StopCountdown();
                screen.Print(Block(text.Text, text.Choices, text.WordsOnly));
                break;
            case EditReply edit:
                StopCountdown();
                screen.Print(Block(edit.Text, edit.Choices));
                break;
            case MoveToPrivateReply move:
                StopCountdown();
                screen.Print(Block(move.Text, []));
                break;
            case NoticeReply notice:
                StopCountdown();
                screen.Print(Block(notice.Text, []));
                break;
        }
    }

    private void ShowLine(string slot, string text)
    {
        StopCountdown();
        screen.ShowStatus(slot, OneLine(text));
        if (slot == PacerSlot && Wording.PacerCountdown(text, 1) != text)
        {
            _pacerText = text;
            _elapsed = 0;
            _countdown = time.CreateTimer(_ => Tick(), null, Second, Second);
        }
    }

    /// <summary>Every second of a pacer phase: the next number of the countdown, while the phase's line is still shown.</summary>
    private void Tick()
    {
        lock (screen.Gate)
        {
            if (_countdown is null || screen.StatusSlot != PacerSlot)
            {
                return;
            }

            _elapsed++;
            var counted = Wording.PacerCountdown(_pacerText, _elapsed);
            screen.ShowStatus(PacerSlot, OneLine(counted));
            if (counted == Wording.PacerCountdown(_pacerText, _elapsed + 1))
            {
                StopCountdown();
            }
        }
    }

    private void StopCountdown()
    {
        _countdown?.Dispose();
        _countdown = null;
    }

    private const string PacerSlot = "pacer";

    private static bool IsLineSlot(string slot) => slot is PacerSlot or "timer";

    /// <summary>
    /// The controls above the status line: the pacer's in brackets, answered in words (the pacer reads no typed number);
    /// the hold timer's numbered, as it reads a typed number as the button at that place.
    /// </summary>
    private static string ChoiceLine(string slot, IReadOnlyList<ReplyChoice> choices) =>
        slot == PacerSlot
            ? "  " + string.Join("  ", choices.Select(c => $"[{c.Label}]")) + "   (type the words)" + Environment.NewLine
            : "  " + string.Join("   ", choices.Select((c, i) => string.Create(CultureInfo.InvariantCulture, $"{i + 1}) {c.Label}"))) + "   (type the number or the words)" + Environment.NewLine;

    private static string OneLine(string text) => text.Replace("\n", " · ", StringComparison.Ordinal);

    /// <summary>
    /// The message and its choices: numbered (type the number or the words), or in brackets on one line when the choices
    /// are answered in words only (the warning-sign screens) or are numbers themselves (the pain scale: "7) 6" would make
    /// a typed 6 ambiguous), so no list number can be mistaken for an answer.
    /// </summary>
    private static string Block(string text, IReadOnlyList<ReplyChoice> choices, bool wordsOnly = false)
    {
        var builder = new StringBuilder();
        builder.Append("BreatheBot: ").AppendLine(text.Replace("\n", "\n            ", StringComparison.Ordinal));
        if ((wordsOnly || choices.All(c => int.TryParse(c.Label, NumberStyles.None, CultureInfo.InvariantCulture, out _))) && choices.Count > 0)
        {
            builder.Append("  ").AppendJoin("  ", choices.Select(c => $"[{c.Label}]")).AppendLine();
            choices = [];
        }

        for (var i = 0; i < choices.Count; i++)
        {
            builder.Append(CultureInfo.InvariantCulture, $"  {i + 1,2}) {choices[i].Label}").AppendLine();
        }

        builder.AppendLine();
        return builder.ToString();
    }

    /// <summary>A person's files go in a folder of their own (0700), each file 0600.</summary>
    private async Task<string> SaveAsync(ConversationKey key, FileReply file, CancellationToken cancellationToken)
    {
        var path = Path.Combine(PersonFolder(key), SafeName(file.FileName));
        await PrivateFiles.WriteAllBytesAsync(path, file.Content, cancellationToken).ConfigureAwait(false);
        return path;
    }

    /// <summary>/forget: the charts and exports written for this person go with their diary.</summary>
    private void DeleteSavedFiles(ConversationKey key)
    {
        var folder = PersonFolder(key);
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private string PersonFolder(ConversationKey key) => Path.Combine(Path.GetFullPath(options.Value.FilesDirectory), SafeName(key.UserId));

    private static string SafeName(string name)
    {
        var safe = string.Concat(name.Select(c => Path.GetInvalidFileNameChars().Contains(c) ? '_' : c));
        return safe is "" or "." or ".." ? "_" : safe;
    }
}
