using System.IO.Pipelines;
using System.Text;
using BreatheBot.TerminalAdapter;

namespace BreatheBot.Host.Tests;

/// <summary>
/// A terminal whose input a test types line by line into the real host, waiting for each turn to be answered (piped,
/// not interactive, like a script). Shared by the terminal end-to-end tests.
/// </summary>
internal sealed class LineTerminal : ITerminal
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly Pipe _pipe = new();
    private readonly LockedWriter _output = new();
    private readonly StreamWriter _typist;

    public LineTerminal()
    {
        _typist = new StreamWriter(_pipe.Writer.AsStream(), new UTF8Encoding(false)) { AutoFlush = true };
        Input = new StreamReader(_pipe.Reader.AsStream(), Encoding.UTF8);
    }

    public TextReader Input { get; }

    public TextWriter Output => _output;

    public string Text => _output.ToString();

    public bool IsInteractive => false;

    /// <summary>
    /// Types a line and waits until the bot has answered it: <paramref name="until"/> appears in what it prints after the
    /// line (when given; the test fails if it never does) and the output has been quiet for a moment. The terminal
    /// indents a reply's later lines under its first, so a text of several lines is recognised by its first line.
    /// </summary>
    public async Task TypeAsync(string line, string? until = null)
    {
        until = until?.Split('\n')[0];
        var before = _output.Length;
        await _typist.WriteLineAsync(line);
        var deadline = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < deadline && (_output.Length == before || until is not null && !Text[before..].Contains(until, StringComparison.Ordinal)))
        {
            await Task.Delay(10);
        }

        if (until is not null)
        {
            Assert.True(Text[before..].Contains(until, StringComparison.Ordinal), $"After '{line}' the bot never said '{until}'. It said:\n{Text[before..]}");
        }

        var quietSince = _output.Length;
        while (DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
            if (_output.Length == quietSince)
            {
                return;
            }

            quietSince = _output.Length;
        }
    }

    public void EndOfInput() => _pipe.Writer.Complete();

    /// <summary>Waits (up to 30 s) until <paramref name="text"/> has been written, e.g. after a wake-up.</summary>
    public async Task WaitForAsync(string text)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < deadline && !Text.Contains(text, StringComparison.Ordinal))
        {
            await Task.Delay(10);
        }

        Assert.Contains(text, Text, StringComparison.Ordinal);
    }

    private sealed class LockedWriter : StringWriter
    {
        private readonly Lock _gate = new();

        public int Length
        {
            get
            {
                lock (_gate)
                {
                    return GetStringBuilder().Length;
                }
            }
        }

        public override void Write(char value)
        {
            lock (_gate)
            {
                base.Write(value);
            }
        }

        public override void Write(string? value)
        {
            lock (_gate)
            {
                base.Write(value);
            }
        }

        public override void Write(char[] buffer, int index, int count)
        {
            lock (_gate)
            {
                base.Write(buffer, index, count);
            }
        }

        public override string ToString()
        {
            lock (_gate)
            {
                return GetStringBuilder().ToString();
            }
        }
    }
}
