using System.Text;

namespace BreatheBot.TerminalAdapter;

/// <summary>What a key press did to the input line.</summary>
/// <param name="Line">The line sent with Enter, or null.</param>
/// <param name="EndOfInput">Ctrl+D on an empty line: the person is leaving.</param>
public readonly record struct KeyOutcome(string? Line, bool EndOfInput);

/// <summary>
/// The bottom of an interactive terminal, drawn by us so that output never overwrites what the person is typing:
/// <code>
///   ...messages...
///   Breathe in… 5 4 3 · Round 1 of 5 · 2:55 left   ← the status line (pacer or hold timer), while there is one
/// &gt; partly typ                                       ← the input line: the prompt and the keys typed so far
/// </code>
/// Keys are read without echo and echoed here. A message is printed above the bottom lines, which are then drawn again
/// with the partly typed input; the status line is redrawn in place above the input line, never on it.
/// All output goes through one lock, shared with the reply sender.
/// </summary>
public sealed class TerminalScreen(ITerminal terminal)
{
    public const string Prompt = "> ";

    /// <summary>Move to the start of the line and erase it.</summary>
    private const string EraseLine = "\r\u001b[2K";

    /// <summary>Move up one line.</summary>
    private const string Up = "\u001b[1A";

    private readonly Lock _gate = new();
    private readonly StringBuilder _typed = new();
    private bool _drawn;

    /// <summary>The slot ("pacer", "timer") whose line is shown above the input line, or null.</summary>
    public string? StatusSlot { get; private set; }

    private string _status = string.Empty;

    public Lock Gate => _gate;

    /// <summary>What the person has typed so far on the input line.</summary>
    public string Typed
    {
        get
        {
            lock (_gate)
            {
                return _typed.ToString();
            }
        }
    }

    /// <summary>Prints a message: a status line in place is left where it is, as part of the conversation above.</summary>
    public void Print(string block)
    {
        lock (_gate)
        {
            ClearBottom();
            if (StatusSlot is not null)
            {
                terminal.Output.Write("  " + _status + Environment.NewLine);
                StatusSlot = null;
            }

            terminal.Output.Write(block);
            DrawBottom();
        }
    }

    /// <summary>Shows (or redraws in place) the status line for <paramref name="slot"/>, above the input line.</summary>
    public void ShowStatus(string slot, string line)
    {
        lock (_gate)
        {
            if (StatusSlot is not null && StatusSlot != slot)
            {
                Print(string.Empty);
            }

            ClearBottom();
            StatusSlot = slot;
            _status = line;
            DrawBottom();
        }
    }

    /// <summary>Reads one key press into the input line, echoing it.</summary>
    public KeyOutcome OnKey(ConsoleKeyInfo key)
    {
        lock (_gate)
        {
            if (!_drawn)
            {
                DrawBottom();
            }

            switch (key.Key)
            {
                case ConsoleKey.Enter:
                    var line = _typed.ToString();
                    ClearBottom();
                    terminal.Output.Write(Prompt + line + Environment.NewLine);
                    _typed.Clear();
                    DrawBottom();
                    return new KeyOutcome(line, false);
                case ConsoleKey.Backspace:
                    if (_typed.Length > 0)
                    {
                        _typed.Length--;
                        terminal.Output.Write("\b \b");
                        terminal.Output.Flush();
                    }

                    return default;
                default:
                    if (key.KeyChar == '\u0004' && _typed.Length == 0)
                    {
                        return new KeyOutcome(null, true);
                    }

                    if (!char.IsControl(key.KeyChar))
                    {
                        _typed.Append(key.KeyChar);
                        terminal.Output.Write(key.KeyChar);
                        terminal.Output.Flush();
                    }

                    return default;
            }
        }
    }

    /// <summary>Erases the input line and the status line above it; the cursor ends where the status line was.</summary>
    private void ClearBottom()
    {
        if (!_drawn)
        {
            return;
        }

        terminal.Output.Write(EraseLine);
        if (StatusSlot is not null)
        {
            terminal.Output.Write(Up + EraseLine);
        }

        _drawn = false;
    }

    private void DrawBottom()
    {
        if (StatusSlot is not null)
        {
            terminal.Output.Write("  " + _status + Environment.NewLine);
        }

        terminal.Output.Write(Prompt + _typed);
        terminal.Output.Flush();
        _drawn = true;
    }
}
