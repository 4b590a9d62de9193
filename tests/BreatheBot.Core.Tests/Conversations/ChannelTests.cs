using BreatheBot.Core.Conversations;
using BreatheBot.Core.Messaging;
using BreatheBot.Core.Tests.Support;

namespace BreatheBot.Core.Tests.Conversations;

/// <summary>content.md §8: in a group channel nothing about anyone's health is asked or shown.</summary>
public sealed class ChannelTests
{
    private static readonly string[] HealthKeys = ["triage.", "pain.", "points.", "follow-up.", "episode.", "breathing.preset", "breathing.length", "disclaimer"];

    private static void AssertNoHealthQuestion(EngineDriver chat)
    {
        foreach (var reply in chat.AllReplies)
        {
            Assert.DoesNotContain(HealthKeys, k => reply.Key.StartsWith(k, StringComparison.Ordinal));
            Assert.DoesNotContain("0 to 10", EngineDriver.TextOf(reply), StringComparison.Ordinal);
        }

        Assert.Empty(chat.Episodes);
    }

    [Theory]
    [InlineData("/headache", "headache")]
    [InlineData("/points", "points")]
    [InlineData("/start headache", "headache")]
    public void Personal_flows_in_a_group_move_to_a_private_chat(string command, string payload)
    {
        var chat = new EngineDriver(chat: ChatKind.Group);
        var move = Assert.IsType<MoveToPrivateReply>(Assert.Single(chat.Send(command)));
        Assert.Equal(payload, move.StartPayload);
        Assert.True(chat.State is IdleState or BreatheBot.Core.Channels.ChannelState { Session: null });
        AssertNoHealthQuestion(chat);
    }

    [Fact]
    public void Breathe_in_a_group_runs_a_shared_session_without_any_health_question()
    {
        var chat = new EngineDriver(chat: ChatKind.Group);
        Assert.Equal(["channel.breathing.start", "channel.breathing.pacer"], chat.Send("/breathe", sender: "7").Select(r => r.Key));
        Assert.NotNull(Assert.IsType<BreatheBot.Core.Channels.ChannelState>(chat.State).Session);
        Assert.Equal(["channel.breathing.running"], chat.Send("/breathe", sender: "8").Select(r => r.Key));

        chat.TickUntil(s => s is BreatheBot.Core.Channels.ChannelState { Session: null });
        Assert.Equal("That's the end of the breathing break. Thanks for taking a moment.", EngineDriver.TextOf(chat.LastReplies[^1]));
        AssertNoHealthQuestion(chat);
    }

    [Fact]
    public void Stop_button_ends_a_shared_session()
    {
        var chat = new EngineDriver(chat: ChatKind.Group);
        chat.Send("/breathe", sender: "9");
        Assert.Equal(["channel.breathing.pacer"], chat.Press("sb:stop", sender: "9").Select(r => r.Key));
        Assert.Null(Assert.IsType<BreatheBot.Core.Channels.ChannelState>(chat.State).Session);
    }

    [Fact]
    public void Plain_messages_and_foreign_buttons_in_a_group_get_no_reply()
    {
        var chat = new EngineDriver(chat: ChatKind.Group);
        Assert.Empty(chat.Send("I have the worst headache of my life"));
        Assert.Empty(chat.Press("pb:5"));
        Assert.Empty(chat.Send("6"));
        AssertNoHealthQuestion(chat);
    }

    [Fact]
    public void Being_added_to_a_group_posts_one_welcome()
    {
        var chat = new EngineDriver(chat: ChatKind.Group);
        var replies = chat.Run(new MembershipChanged(chat.Key, ChatKind.Group, "1", chat.Now, "u1", Added: true));
        Assert.Equal(["channel.welcome"], replies.Select(r => r.Key));
        Assert.Contains("private chat", EngineDriver.TextOf(replies[0]), StringComparison.Ordinal);
        Assert.Empty(chat.Run(new MembershipChanged(chat.Key, ChatKind.Group, "1", chat.Now, "u2", Added: false)));
        Assert.True(Assert.IsType<BreatheBot.Core.Channels.ChannelState>(chat.State).Removed);
    }

    [Theory]
    [InlineData("/help")]
    [InlineData("/history")]
    [InlineData("/stop")]
    public void Other_commands_in_a_group_never_reveal_personal_data(string command)
    {
        var chat = new EngineDriver(chat: ChatKind.Group);
        chat.Send(command);
        AssertNoHealthQuestion(chat);
    }
}
