using BreatheBot.Core.Conversations;
using BreatheBot.Core.Messaging;
using BreatheBot.TelegramAdapter.Tests.Fakes;

namespace BreatheBot.TelegramAdapter.Tests;

/// <summary>Groups and supergroups: addressing, the deep link to a private chat, membership and migration.</summary>
public sealed class GroupTests : IAsyncLifetime
{
    private const long Group = -4001;
    private const long Supergroup = -1002000000001;
    private const long Bo = 222;
    private FakeTelegramServer _server = null!;
    private readonly FakeConversationHandler.DurableState _core = new();

    public async Task InitializeAsync() => _server = await FakeTelegramServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_personal_flow_asked_for_in_a_group_gets_a_deep_link_button_to_the_private_chat()
    {
        _core.Respond = e => e is CommandReceived { Name: "headache" }
            ? [new MoveToPrivateReply("channel.move-private", "Let's continue in a private chat.", "Open private chat", "headache")]
            : [];
        await using var host = await TelegramTestHost.StartAsync(_server, _core);
        _server.UserText(Group, Bo, "/headache@BreatheTestBot");

        var sent = await _server.WaitForCallAsync("sendMessage");

        Assert.Equal(Group, sent.ChatId);
        var button = sent.Params["reply_markup"]!["inline_keyboard"]![0]![0]!;
        Assert.Equal("Open private chat", button["text"]!.GetValue<string>());
        Assert.Equal("https://t.me/BreatheTestBot?start=headache", button["url"]!.GetValue<string>());
        var command = Assert.IsType<CommandReceived>(Assert.Single(_core.Handled));
        Assert.Equal(ConversationKey.Channel(Platform.Telegram, "-4001"), command.Key);
        Assert.Equal("222", command.SenderId);
        Assert.Empty(_server.Violations);
    }

    [Fact]
    public async Task Group_chatter_and_commands_for_other_bots_never_reach_the_core()
    {
        await using var host = await TelegramTestHost.StartAsync(_server, _core);
        _server.UserText(Group, Bo, "my head is killing me");
        _server.UserText(Group, Bo, "/breathe@OtherBot");
        var last = _server.UserText(Group, Bo, "/breathe");

        await _server.WaitForConfirmedAsync(last + 1);

        var command = Assert.IsType<CommandReceived>(Assert.Single(_core.Handled));
        Assert.Equal("breathe", command.Name);
    }

    [Fact]
    public async Task The_bot_added_to_a_group_tells_the_core_which_answers_in_the_group_and_removal_is_reported_too()
    {
        _core.Respond = e => e is MembershipChanged { Added: true } ? [new TextReply("channel.welcome", "Hi all, I guide breathing breaks. Admins can configure me.")] : [];
        await using var host = await TelegramTestHost.StartAsync(_server, _core);
        _server.BotAdded(Group, Bo, "administrator");

        var welcome = await _server.WaitForCallAsync("sendMessage");
        var removed = _server.BotRemoved(Group, Bo);
        await _server.WaitForConfirmedAsync(removed + 1);

        Assert.Equal(Group, welcome.ChatId);
        var changes = _core.Handled.OfType<MembershipChanged>().ToList();
        Assert.Equal([true, false], changes.Select(c => c.Added));
        Assert.All(changes, c => Assert.Equal(ConversationKey.Channel(Platform.Telegram, "-4001"), c.Key));
    }

    [Fact]
    public async Task Group_commands_carry_whether_the_sender_is_an_admin_and_anonymous_admins_count_as_admins()
    {
        _server.MakeAdmin(Group, 333);
        await using var host = await TelegramTestHost.StartAsync(_server, _core);
        _server.UserText(Group, Bo, "/channelstats");
        _server.UserText(Group, 333, "/channelstats@BreatheTestBot");
        var last = _server.AnonymousAdminText(Group, "/channelstats");

        await _server.WaitForConfirmedAsync(last + 1);

        var commands = _core.Handled.OfType<CommandReceived>().ToList();
        Assert.Equal(3, commands.Count);
        Assert.Equal([("222", false), ("333", true), ("-4001", true)], commands.Select(c => (c.SenderId, c.SenderIsAdmin)));
        Assert.Equal(2, _server.CallsTo("getChatMember").Count); // the anonymous admin needs no lookup
    }

    [Fact]
    public async Task A_notice_for_a_button_press_becomes_the_callback_answer_and_is_never_posted_in_the_group()
    {
        _core.Respond = e => e switch
        {
            CommandReceived => [new TextReply("pacer", "Breathe in", [new ReplyChoice("sb:join", "Join")], Slot: "pacer")],
            ChoiceSelected => [new NoticeReply("joined", "You're in. Follow the pacer."), new EditReply("pacer", "pacer", "Breathe in (1 joined)", [new ReplyChoice("sb:join", "Join")])],
            _ => [],
        };
        await using var host = await TelegramTestHost.StartAsync(_server, _core);
        _server.UserText(Group, Bo, "/breathe");
        await _server.WaitForCallAsync("sendMessage");
        _server.ClickButton(Group, Bo, "Join");

        var answer = await _server.WaitForCallAsync("answerCallbackQuery");
        await _server.WaitForCallAsync("editMessageText");

        Assert.Equal("You're in. Follow the pacer.", answer.Params["text"]!.GetValue<string>());
        Assert.True(answer.Ok);
        Assert.Single(_server.MessagesIn(Group));
        Assert.DoesNotContain(_server.Calls, c => c.Text?.Contains("You're in", StringComparison.Ordinal) == true && c.Method != "answerCallbackQuery");
        Assert.Single(_server.CallsTo("answerCallbackQuery"));
    }

    [Fact]
    public async Task A_failing_button_turn_still_answers_the_press_exactly_once_though_it_is_handled_again()
    {
        _core.Respond = e => e is CommandReceived ? [new TextReply("q", "Join?", [new ReplyChoice("sb:join", "Join")])] : [];
        var attempts = 0;
        _core.BeforeDurable = (e, _) => e is ChoiceSelected && Interlocked.Increment(ref attempts) > 0 ? throw new InvalidOperationException("storage down") : Task.CompletedTask;
        await using var host = await TelegramTestHost.StartAsync(_server, _core);
        _server.UserText(Group, Bo, "/breathe");
        await _server.WaitForCallAsync("sendMessage");
        var click = _server.ClickButton(Group, Bo, "Join");

        await _server.WaitForConfirmedAsync(click + 1);

        Assert.Equal(3, attempts); // Telegram:MaxUpdateAttempts, then given up
        var answer = Assert.Single(_server.CallsTo("answerCallbackQuery"));
        Assert.True(answer.Ok);
        Assert.Null(answer.Params["text"]);
    }

    [Fact]
    public async Task A_notice_without_a_press_goes_to_a_private_chat_as_a_message_but_never_to_a_group()
    {
        _core.Respond = e => e is CommandReceived ? [new NoticeReply("note", "Only you see this")] : [];
        await using var host = await TelegramTestHost.StartAsync(_server, _core);
        _server.UserText(Group, Bo, "/breathe");
        var last = _server.UserText(Bo, Bo, "/breathe");
        await _server.WaitForConfirmedAsync(last + 1);

        await Eventually.TrueAsync(() => _server.MessagesIn(Bo).Count == 1, "the private notice is sent");
        await host.Outbox.WhenIdleAsync().WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Empty(_server.MessagesIn(Group));
    }

    [Fact]
    public async Task Replies_go_to_the_forum_topic_they_were_asked_from_and_not_to_a_thread_from_General()
    {
        _core.Respond = e => e is CommandReceived ? [new TextReply("channel.help", "I run breathing breaks.")] : [];
        await using var host = await TelegramTestHost.StartAsync(_server, _core);
        _server.UserText(Supergroup, Bo, "/help", messageThreadId: 77);
        var inTopic = await _server.WaitForCallAsync("sendMessage");
        _server.UserText(Supergroup, Bo, "/help");

        var inGeneral = await _server.WaitForCallAsync("sendMessage", c => c != inTopic);

        Assert.Equal(77, (int)FakeTelegramServer.ReadLong(inTopic.Params, "message_thread_id")!);
        Assert.Null(inGeneral.Params["message_thread_id"]);
    }

    [Fact]
    public async Task A_migration_service_message_moves_the_conversation_to_the_supergroup()
    {
        await using var host = await TelegramTestHost.StartAsync(_server, _core);
        var update = _server.MigrateGroup(Group, Supergroup);

        await _server.WaitForConfirmedAsync(update + 1);

        Assert.Equal([("-4001", "-1002000000001")], _core.Migrations.ToArray());
    }

    [Fact]
    public async Task A_send_to_an_upgraded_group_moves_the_conversation_and_is_sent_once_to_the_supergroup()
    {
        _core.Respond = e => e is CommandReceived ? [new TextReply("channel.help", "I run breathing breaks.")] : [];
        await using var host = await TelegramTestHost.StartAsync(_server, _core);
        _server.MigrateGroup(Group, Supergroup, injectServiceMessage: false);
        _server.UserText(Group, Bo, "/help");

        var delivered = await _server.WaitForCallAsync("sendMessage", c => c.Ok);

        Assert.Equal(Supergroup, delivered.ChatId);
        Assert.Equal(2, _server.CallsTo("sendMessage").Count); // the refused one, then one re-send
        Assert.Single(_server.MessagesIn(Supergroup));
        Assert.Equal([("-4001", "-1002000000001")], _core.Migrations.ToArray());
    }
}
