using BreatheBot.Core.Channels;
using BreatheBot.Core.Content;
using BreatheBot.Core.Conversations;
using BreatheBot.Core.Messaging;
using BreatheBot.Core.Tests.Support;

namespace BreatheBot.Core.Tests.Channels;

/// <summary>
/// Who may stop a shared breathing break (issue 12): the member who started it, or a channel admin. Anyone else gets a
/// private note and the session goes on for everyone.
/// </summary>
public sealed class SharedSessionStopTests
{
    private static SharedSession? SessionOf(EngineDriver chat) => Assert.IsType<ChannelState>(chat.State).Session;

    [Theory]
    [InlineData("button")]
    [InlineData("command")]
    public void Another_member_cannot_stop_it_and_is_told_privately(string how)
    {
        var chat = new EngineDriver(chat: ChatKind.Group);
        chat.Send("/breathe", sender: "7");

        var replies = how == "button" ? chat.Press("sb:stop", sender: "8") : chat.Send("/stop", sender: "8");

        var notice = Assert.IsType<NoticeReply>(Assert.Single(replies));
        Assert.Equal(ChannelWording.StopRefused, notice.Text);
        Assert.NotNull(SessionOf(chat));
        Assert.Equal("7", SessionOf(chat)!.StartedBy);
    }

    [Fact]
    public void The_member_who_started_it_can_stop_it()
    {
        var chat = new EngineDriver(chat: ChatKind.Group);
        chat.Send("/breathe", sender: "7");
        chat.Press("sb:join", sender: "8");

        Assert.Equal(["channel.breathing.pacer"], chat.Send("/stop", sender: "7").Select(r => r.Key));
        Assert.Null(SessionOf(chat));
    }

    [Fact]
    public void An_admin_can_stop_any_session_and_a_scheduled_one_only_an_admin_can_stop()
    {
        var chat = new EngineDriver(chat: ChatKind.Group) { Now = new DateTimeOffset(2026, 3, 27, 6, 0, 0, TimeSpan.Zero) };
        chat.Send("/settings time 06:30", sender: "1", admin: true);
        chat.TickUntil(s => s is ChannelState { Session: not null });
        Assert.Null(SessionOf(chat)!.StartedBy);

        Assert.IsType<NoticeReply>(Assert.Single(chat.Press("sb:stop", sender: "8")));
        Assert.NotNull(SessionOf(chat));
        Assert.Equal(["channel.breathing.pacer"], chat.Press("sb:stop", sender: "2", admin: true).Select(r => r.Key));
        Assert.Null(SessionOf(chat));
    }

    [Fact]
    public void A_session_saved_before_the_starter_was_recorded_can_be_stopped_by_admins_only()
    {
        var chat = new EngineDriver(chat: ChatKind.Group);
        chat.Send("/breathe", sender: "7");
        var saved = ConversationStateSerializer.Serialize(chat.State);
        var older = System.Text.RegularExpressions.Regex.Replace(saved, ",\\s*\"startedBy\"\\s*:\\s*\"7\"", "", System.Text.RegularExpressions.RegexOptions.IgnoreCase);
        Assert.NotEqual(saved, older);
        chat.State = ConversationStateSerializer.Deserialize(older);
        Assert.Null(SessionOf(chat)!.StartedBy);

        Assert.IsType<NoticeReply>(Assert.Single(chat.Press("sb:stop", sender: "7")));
        Assert.Equal(["channel.breathing.pacer"], chat.Press("sb:stop", sender: "1", admin: true).Select(r => r.Key));
    }
}

/// <summary>
/// The typed forms the channel settings suggest are written the platform's way (issue 12: Discord takes the change in
/// its <c>change:</c> option); platforms whose adapter says nothing get "/settings time 09:45".
/// </summary>
public sealed class SettingsSyntaxTests
{
    [Fact]
    public void The_summary_and_the_unreadable_setting_reply_show_the_default_typed_form()
    {
        var chat = new EngineDriver(chat: ChatKind.Group);
        var summary = EngineDriver.TextOf(Assert.Single(chat.Send("/settings", sender: "1", admin: true)));
        Assert.Contains("/settings time 09:45, /settings timezone Area/City", summary, StringComparison.Ordinal);
        Assert.Contains("Try /settings time 09:45 or /settings timezone Europe/Paris", EngineDriver.TextOf(Assert.Single(chat.Send("/settings time 25:99", sender: "1", admin: true))), StringComparison.Ordinal);
    }

    [Fact]
    public void An_adapter_that_types_arguments_differently_gets_its_own_form()
    {
        var options = new ConversationOptions();
        options.SetCommandSyntax(Platform.Telegram, (command, argument) => $"/{command} change: {argument}");
        var chat = new EngineDriver(options, ChatKind.Group);

        var summary = EngineDriver.TextOf(Assert.Single(chat.Send("/settings", sender: "1", admin: true)));

        Assert.Contains("/settings change: time 09:45, /settings change: timezone Area/City", summary, StringComparison.Ordinal);
        Assert.DoesNotContain("/settings time", summary, StringComparison.Ordinal);
        Assert.Equal("/help", options.CommandWithArgument(Platform.Discord, "help", "").TrimEnd());
    }
}
