namespace BreatheBot.TerminalAdapter;

/// <summary>The terminal the chat runs in: standard input and output, or a test's pipes.</summary>
public interface ITerminal
{
    TextReader Input { get; }

    TextWriter Output { get; }

    /// <summary>True when a person is typing at a real terminal (the pacer then redraws its line in place).</summary>
    bool IsInteractive { get; }
}

/// <summary>
/// An interactive terminal that hands over key presses one at a time, unechoed: the chat then draws the input line
/// itself (<see cref="TerminalScreen"/>), so the pacer never overwrites what the person is typing.
/// </summary>
public interface ITerminalKeys
{
    /// <summary>Blocks until a key is pressed.</summary>
    ConsoleKeyInfo ReadKey();
}

/// <summary>The process's console.</summary>
public sealed class ConsoleTerminal : ITerminal, ITerminalKeys
{
    public TextReader Input => Console.In;

    public TextWriter Output => Console.Out;

    public bool IsInteractive => !Console.IsInputRedirected && !Console.IsOutputRedirected;

    public ConsoleKeyInfo ReadKey() => Console.ReadKey(intercept: true);
}
