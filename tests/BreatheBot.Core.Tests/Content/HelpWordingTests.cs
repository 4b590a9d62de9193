using BreatheBot.Core.Commands;
using BreatheBot.Core.Tests.Support;

namespace BreatheBot.Core.Tests.Content;

/// <summary>/help names the diary commands, each on its own line, and only commands that exist.</summary>
public sealed class HelpWordingTests
{
    [Theory]
    [InlineData(BotCommands.History)]
    [InlineData(BotCommands.Log)]
    [InlineData(BotCommands.Stats)]
    [InlineData(BotCommands.Report)]
    [InlineData(BotCommands.Export)]
    [InlineData(BotCommands.Forget)]
    [InlineData(BotCommands.Privacy)]
    [InlineData(BotCommands.Settings)]
    [InlineData(BotCommands.Link)]
    public void Help_lists_the_diary_commands(string command)
    {
        var chat = new EngineDriver();

        var help = EngineDriver.TextOf(chat.Send("/help")[0]);

        Assert.Contains(help.Split('\n'), line => line.StartsWith("/" + command + ": ", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_command_help_names_is_a_real_command()
    {
        var chat = new EngineDriver();

        var named = EngineDriver.TextOf(chat.Send("/help")[0]).Split('\n')
            .Where(line => line.StartsWith('/') && line.Contains(": ", StringComparison.Ordinal))
            .Select(line => line[1..line.IndexOf(':', StringComparison.Ordinal)]);

        Assert.All(named, name => Assert.Contains(BotCommands.All, c => c.Name == name));
    }
}
