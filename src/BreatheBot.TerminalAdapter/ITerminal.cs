namespace BreatheBot.TerminalAdapter;

/// <summary>The terminal the chat runs in: standard input and output, or a test's pipes.</summary>
public interface ITerminal
{
    TextReader Input { get; }

    TextWriter Output { get; }

    /// <summary>True when a person is typing at a real terminal (the pacer then redraws its line in place).</summary>
    bool IsInteractive { get; }
}

/// <summary>The process's console.</summary>
public sealed class ConsoleTerminal : ITerminal
{
    public TextReader Input => Console.In;

    public TextWriter Output => Console.Out;

    public bool IsInteractive => !Console.IsInputRedirected && !Console.IsOutputRedirected;
}
