using System.Globalization;
using System.Text;
using BreatheBot.Core.Conversations;
using BreatheBot.Core.Files;
using BreatheBot.Core.Messaging;
using Microsoft.Extensions.Options;

namespace BreatheBot.TerminalAdapter;

/// <summary>
/// Renders replies as text: choices numbered (type the number or the words), the pacer redrawn in place on a real
/// terminal and printed one line per phase otherwise, files written to disk (a folder per person, 0600 files) with their
/// path printed, and deleted again when the person uses /forget.
/// </summary>
public sealed class TerminalReplySender(ITerminal terminal, IOptions<TerminalOptions> options) : IReplySender
{
    private readonly Lock _gate = new();
    private string? _lineSlot;

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
                Write(Block(file.Caption is null ? $"I saved {file.FileName} to: {path}" : $"{file.Caption}\nSaved to: {path}", []), null);
                continue;
            }

            lock (_gate)
            {
                switch (reply)
                {
                    case TextReply text:
                        if (text.Slot is not null && terminal.IsInteractive && text.Choices.All(c => c.Id.StartsWith("pc:", StringComparison.Ordinal) || c.Id.StartsWith("sb:", StringComparison.Ordinal)) && IsLineSlot(text.Slot))
                        {
                            BeginLine(text.Slot, text.Text);
                        }
                        else
                        {
                            Write(Block(text.Text, text.Choices, text.WordsOnly), null);
                        }

                        break;
                    case EditReply edit:
                        if (terminal.IsInteractive && IsLineSlot(edit.Slot))
                        {
                            RedrawLine(edit.Slot, edit.Text);
                        }
                        else
                        {
                            Write(IsLineSlot(edit.Slot) ? "  " + OneLine(edit.Text) + Environment.NewLine : Block(edit.Text, edit.Choices), null);
                        }

                        break;
                    case MoveToPrivateReply move:
                        Write(Block(move.Text, []), null);
                        break;
                    case NoticeReply notice:
                        Write(Block(notice.Text, []), null);
                        break;
                }
            }
        }

        await terminal.Output.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private static bool IsLineSlot(string slot) => slot is "pacer" or "timer";

    private void BeginLine(string slot, string text)
    {
        EndLine();
        terminal.Output.Write("  " + OneLine(text));
        _lineSlot = slot;
    }

    private void RedrawLine(string slot, string text)
    {
        if (_lineSlot != slot)
        {
            BeginLine(slot, text);
            return;
        }

        // Carriage return and "erase line": the pacer updates one line in place.
        terminal.Output.Write("\r\u001b[2K  " + OneLine(text));
    }

    private void EndLine()
    {
        if (_lineSlot is not null)
        {
            terminal.Output.WriteLine();
            _lineSlot = null;
        }
    }

    private void Write(string block, string? slot)
    {
        EndLine();
        terminal.Output.Write(block);
        _lineSlot = slot;
    }

    private static string OneLine(string text) => text.Replace("\n", " · ", StringComparison.Ordinal);

    /// <summary>
    /// The message and its choices: numbered (type the number or the words), or, when the choices are answered in words
    /// only (the warning-sign screens), in brackets on one line so no number can be mistaken for an answer.
    /// </summary>
    private static string Block(string text, IReadOnlyList<ReplyChoice> choices, bool wordsOnly = false)
    {
        var builder = new StringBuilder();
        builder.Append("BreatheBot: ").AppendLine(text.Replace("\n", "\n            ", StringComparison.Ordinal));
        if (wordsOnly && choices.Count > 0)
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
