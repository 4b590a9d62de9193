using BreatheBot.Core.Conversations;
using BreatheBot.Core.Messaging;

namespace BreatheBot.TerminalAdapter.Tests;

public sealed class TerminalInputTests
{
    private static readonly ConversationKey Key = ConversationKey.Private(Platform.Terminal, "me", "me");
    private static readonly DateTimeOffset At = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("/headache", "headache", null)]
    [InlineData("  /START   breathe  ", "start", "breathe")]
    [InlineData("/help me please", "help", "me please")]
    public void ToEvent_reads_commands_with_their_argument(string line, string name, string? argument)
    {
        var command = Assert.IsType<CommandReceived>(TerminalChatService.ToEvent(Key, line, At));
        Assert.Equal(name, command.Name);
        Assert.Equal(argument, command.Argument);
        Assert.Equal(ChatKind.Private, command.Chat);
    }

    [Theory]
    [InlineData("6")]
    [InlineData("/")]
    [InlineData("/ 5")]
    [InlineData("my head hurts / neck too")]
    public void ToEvent_reads_everything_else_as_text(string line)
    {
        Assert.IsType<TextReceived>(TerminalChatService.ToEvent(Key, line, At));
    }
}
