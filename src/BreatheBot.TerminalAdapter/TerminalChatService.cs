using BreatheBot.Core.Conversations;
using BreatheBot.Core.Messaging;
using BreatheBot.TerminalAdapter.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BreatheBot.TerminalAdapter;

/// <summary>
/// The terminal chat loop: each input line is one message ("/cmd arg" is a command). End of input stops the host
/// cleanly once the last turn is saved and its replies are printed.
/// </summary>
public sealed class TerminalChatService(
    ITerminal terminal,
    TerminalScreen screen,
    IConversationHandler conversations,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    IOptions<TerminalOptions> options,
    ILogger<TerminalChatService> logger) : BackgroundService
{
    public const string Banner =
        "BreatheBot terminal chat. Type /headache when a headache starts, /breathe for a breathing exercise, /help for help. " +
        "Answer with a number or words. Ctrl+D (end of input) quits.";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var key = ConversationKey.Private(Platform.Terminal, options.Value.UserId, options.Value.UserId);
        await SayAsync(Banner + Environment.NewLine + Environment.NewLine, stoppingToken).ConfigureAwait(false);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var line = await NextLineAsync(stoppingToken).ConfigureAwait(false);
                if (line is null)
                {
                    break;
                }

                if (string.IsNullOrWhiteSpace(line))
                {
                    continue;
                }

                var inbound = ToEvent(key, line, time.GetUtcNow());
                try
                {
                    var receipt = await conversations.HandleAsync(inbound, null, stoppingToken).ConfigureAwait(false);
                    await receipt.Delivered.ConfigureAwait(false);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    // The turn was not saved (e.g. storage failed): say so, keep the chat alive.
                    Log.TurnNotSaved(logger, exception);
                    await SayAsync("BreatheBot: Sorry, I couldn't save that. Please try again." + Environment.NewLine, stoppingToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return;
        }

        Log.EndOfInput(logger);
        lifetime.StopApplication();
    }

    /// <summary>On a real terminal through the screen (above the input line), otherwise straight out.</summary>
    private async Task SayAsync(string text, CancellationToken stoppingToken)
    {
        if (terminal.IsInteractive)
        {
            screen.Print(text);
            return;
        }

        await terminal.Output.WriteAsync(text.AsMemory(), stoppingToken).ConfigureAwait(false);
        await terminal.Output.FlushAsync(stoppingToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The next line typed, or null at end of input. A real terminal that hands over keys is read key by key into
    /// <see cref="TerminalScreen"/>, which echoes them and keeps them on screen while replies and the pacer are drawn.
    /// </summary>
    private async Task<string?> NextLineAsync(CancellationToken stoppingToken)
    {
        if (!terminal.IsInteractive || terminal is not ITerminalKeys keys)
        {
            return await ReadLineAsync(terminal.Input, stoppingToken).ConfigureAwait(false);
        }

        while (true)
        {
            var key = await Task.Factory.StartNew(keys.ReadKey, CancellationToken.None, TaskCreationOptions.LongRunning | TaskCreationOptions.DenyChildAttach, TaskScheduler.Default)
                .WaitAsync(stoppingToken).ConfigureAwait(false);
            var outcome = screen.OnKey(key);
            if (outcome.EndOfInput || outcome.Line is not null)
            {
                return outcome.Line;
            }
        }
    }

    /// <summary>
    /// The next line, or null at end of input. Console.In reads synchronously and ignores cancellation, so a terminal
    /// whose input is held open (an idle person, a pipe nobody closes) would hold up the host's stop until its shutdown
    /// timeout: the read runs on its own background thread and the loop stops waiting for it the moment the host stops.
    /// A read abandoned that way ends with the process.
    /// </summary>
    internal static Task<string?> ReadLineAsync(TextReader input, CancellationToken stoppingToken)
    {
        var read = Task.Factory.StartNew(input.ReadLine, CancellationToken.None, TaskCreationOptions.LongRunning | TaskCreationOptions.DenyChildAttach, TaskScheduler.Default);
        return read.WaitAsync(stoppingToken);
    }

    /// <summary>"/start headache" → command start with argument; anything else is text.</summary>
    public static InboundEvent ToEvent(ConversationKey key, string line, DateTimeOffset at)
    {
        var trimmed = line.Trim();
        if (trimmed.Length > 1 && trimmed[0] == '/' && char.IsLetter(trimmed[1]))
        {
            var space = trimmed.IndexOf(' ', StringComparison.Ordinal);
            var name = (space < 0 ? trimmed[1..] : trimmed[1..space]).ToLowerInvariant();
            var argument = space < 0 ? null : trimmed[(space + 1)..].Trim();
            return new CommandReceived(key, ChatKind.Private, key.UserId, at, null, name, string.IsNullOrEmpty(argument) ? null : argument);
        }

        return new TextReceived(key, ChatKind.Private, key.UserId, at, null, trimmed);
    }
}
