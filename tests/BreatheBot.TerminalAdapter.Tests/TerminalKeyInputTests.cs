using System.Collections.Concurrent;
using BreatheBot.Core.Conversations;
using BreatheBot.Core.Messaging;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BreatheBot.TerminalAdapter.Tests;

/// <summary>On a real terminal the chat reads key by key, so it can keep the typed text on screen (issue 14 item 8).</summary>
public sealed class TerminalKeyInputTests
{
    private sealed class KeyTerminal(string keys) : ITerminal, ITerminalKeys
    {
        private readonly ConcurrentQueue<char> _keys = new(keys);

        public TextReader Input { get; } = new StringReader(string.Empty);

        public StringWriter Writer { get; } = new();

        public TextWriter Output => Writer;

        public bool IsInteractive => true;

        public ConsoleKeyInfo ReadKey()
        {
            var c = _keys.TryDequeue(out var next) ? next : '\u0004';
            return new ConsoleKeyInfo(c, c switch { '\n' => ConsoleKey.Enter, '\b' => ConsoleKey.Backspace, _ => ConsoleKey.A }, false, false, c == '\u0004');
        }
    }

    private sealed class RecordingHandler : IConversationHandler
    {
        public ConcurrentQueue<InboundEvent> Received { get; } = new();

        public Task<TurnReceipt> HandleAsync(InboundEvent inbound, IReplySender? replyVia = null, CancellationToken cancellationToken = default)
        {
            Received.Enqueue(inbound);
            return Task.FromResult(new TurnReceipt(false, Task.CompletedTask));
        }

        public Task MigrateChatAsync(Platform platform, string fromChatId, string toChatId, CancellationToken cancellationToken = default) => Task.CompletedTask;
    }

    private sealed class Lifetime : IHostApplicationLifetime
    {
        private readonly CancellationTokenSource _stopping = new();

        public CancellationToken ApplicationStarted => CancellationToken.None;

        public CancellationToken ApplicationStopping => _stopping.Token;

        public CancellationToken ApplicationStopped => CancellationToken.None;

        public void StopApplication() => _stopping.Cancel();
    }

    [Fact]
    public async Task Keys_are_echoed_edited_and_sent_with_Enter_and_Ctrl_D_on_an_empty_line_ends_the_chat()
    {
        var terminal = new KeyTerminal("/headachx\be\n6\n\u0004");
        var handler = new RecordingHandler();
        var lifetime = new Lifetime();
        using var service = new TerminalChatService(terminal, new TerminalScreen(terminal), handler, TimeProvider.System, lifetime,
            Options.Create(new TerminalOptions()), NullLogger<TerminalChatService>.Instance);

        await service.StartAsync(CancellationToken.None);
        await Task.Delay(Timeout.Infinite, lifetime.ApplicationStopping).ContinueWith(_ => { }, TaskScheduler.Default).WaitAsync(TimeSpan.FromSeconds(10));
        await service.StopAsync(CancellationToken.None);

        var received = handler.Received.ToList();
        Assert.Equal("headache", Assert.IsType<CommandReceived>(received[0]).Name);
        Assert.Equal("6", Assert.IsType<TextReceived>(received[1]).Text);
        Assert.Equal(2, received.Count);
        var lines = TerminalReplySenderTests.ScreenLines(terminal.Writer.ToString());
        Assert.Equal(["> /headache", "> 6", ">"], lines[^3..]);
        Assert.StartsWith("BreatheBot terminal chat.", lines[0], StringComparison.Ordinal);
    }
}
