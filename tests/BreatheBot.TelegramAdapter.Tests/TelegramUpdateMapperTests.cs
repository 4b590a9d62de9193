using System.Text.Json;
using BreatheBot.Core.Conversations;
using BreatheBot.Core.Messaging;
using BreatheBot.TelegramAdapter.Tests.Fakes;
using Microsoft.Extensions.Time.Testing;
using Telegram.Bot;
using Telegram.Bot.Types;

namespace BreatheBot.TelegramAdapter.Tests;

/// <summary>Update → core event, from JSON shaped like Telegram's (also a contract test of the shapes the fake emits).</summary>
public sealed class TelegramUpdateMapperTests
{
    private readonly TelegramUpdateMapper _mapper = new(new FakeTimeProvider());

    private static Update Parse(string json) => JsonSerializer.Deserialize<Update>(json, JsonBotAPI.Options)!;

    private static string Message(long chatId, string chatType, string text, long from = 111) => $$$"""
        {"update_id":5001,"message":{"message_id":41,"from":{"id":{{{from}}},"is_bot":false,"first_name":"Ana"},
         "chat":{"id":{{{chatId}}},"type":"{{{chatType}}}","title":"Desk"},"date":1767225600,"text":{{{JsonSerializer.Serialize(text)}}},
         "entities":[{"type":"bot_command","offset":0,"length":{{{(text.IndexOf(' ', StringComparison.Ordinal) is var i and >= 0 ? i : text.Length)}}}}]}}
        """;

    [Fact]
    public void A_deep_link_start_in_private_becomes_a_command_with_its_payload_on_the_private_key()
    {
        var mapped = _mapper.Map(Parse(Message(111, "private", "/start headache")), "BreatheTestBot");

        var command = Assert.IsType<CommandReceived>(mapped.Inbound);
        Assert.Equal("start", command.Name);
        Assert.Equal("headache", command.Argument);
        Assert.Equal(ConversationKey.Private(Platform.Telegram, "111", "111"), command.Key);
        Assert.Equal(ChatKind.Private, command.Chat);
        Assert.Equal("5001", command.DeliveryId);
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), command.At);
    }

    [Theory]
    [InlineData("/breathe@BreatheTestBot", "breathe")]
    [InlineData("/Breathe@breathetestbot", "breathe")]
    [InlineData("/breathe", "breathe")]
    public void A_group_command_for_this_bot_or_no_bot_reaches_the_channel_with_the_sender(string text, string name)
    {
        var mapped = _mapper.Map(Parse(Message(-4001, "group", text, from: 222)), "BreatheTestBot");

        var command = Assert.IsType<CommandReceived>(mapped.Inbound);
        Assert.Equal(name, command.Name);
        Assert.Null(command.Argument);
        Assert.Equal(ConversationKey.Channel(Platform.Telegram, "-4001"), command.Key);
        Assert.Equal("222", command.SenderId);
        Assert.Equal(ChatKind.Group, command.Chat);
    }

    [Fact]
    public void A_command_for_another_bot_is_ignored()
    {
        Assert.Null(_mapper.Map(Parse(Message(-4001, "supergroup", "/breathe@OtherBot")), "BreatheTestBot").Inbound);
    }

    [Fact]
    public void Plain_text_in_a_group_is_never_forwarded_but_in_private_it_is()
    {
        var inGroup = Message(-4001, "group", "I have a migraine").Replace("\"entities\"", "\"x\"", StringComparison.Ordinal);
        var inPrivate = Message(111, "private", "it hurts here").Replace("\"entities\"", "\"x\"", StringComparison.Ordinal);

        Assert.Null(_mapper.Map(Parse(inGroup), "BreatheTestBot").Inbound);
        Assert.Equal("it hurts here", Assert.IsType<TextReceived>(_mapper.Map(Parse(inPrivate), "BreatheTestBot").Inbound).Text);
    }

    [Fact]
    public void A_button_press_in_a_group_becomes_the_choice_on_the_channel_and_is_to_be_answered()
    {
        const string json = """
            {"update_id":5002,"callback_query":{"id":"cbq-9","from":{"id":222,"is_bot":false,"first_name":"Bo"},
             "message":{"message_id":41,"from":{"id":123456789,"is_bot":true,"first_name":"BreatheBot"},"chat":{"id":-1002000000001,"type":"supergroup","title":"Desk","is_forum":true},"date":1767225600,"text":"Breathe",
               "reply_markup":{"inline_keyboard":[[{"text":"Stop","callback_data":"v1:sb:stop"}]]}},
             "chat_instance":"-8811","data":"v1:sb:stop"}}
            """;

        var mapped = _mapper.Map(Parse(json), "BreatheTestBot");

        var choice = Assert.IsType<ChoiceSelected>(mapped.Inbound);
        Assert.Equal("sb:stop", choice.ChoiceId);
        Assert.Equal(ConversationKey.Channel(Platform.Telegram, "-1002000000001"), choice.Key);
        Assert.Equal("222", choice.SenderId);
        Assert.Equal("cbq-9", mapped.CallbackQueryId);
    }

    [Fact]
    public void A_button_from_an_unknown_format_is_answered_but_not_forwarded()
    {
        const string json = """
            {"update_id":5003,"callback_query":{"id":"cbq-1","from":{"id":111,"is_bot":false,"first_name":"Ana"},
             "message":{"message_id":41,"chat":{"id":111,"type":"private"},"date":1767225600,"text":"x"},"chat_instance":"1","data":"legacy-data"}}
            """;

        var mapped = _mapper.Map(Parse(json), "BreatheTestBot");

        Assert.Null(mapped.Inbound);
        Assert.Equal("cbq-1", mapped.CallbackQueryId);
    }

    [Theory]
    [InlineData("left", "administrator", true)]
    [InlineData("left", "member", true)]
    [InlineData("member", "left", false)]
    [InlineData("administrator", "kicked", false)]
    public void The_bot_joining_or_leaving_a_group_is_a_membership_change_on_the_channel(string oldStatus, string newStatus, bool added)
    {
        var json = $$$"""
            {"update_id":5004,"my_chat_member":{"chat":{"id":-4001,"type":"group","title":"Desk"},"from":{"id":222,"is_bot":false,"first_name":"Bo"},"date":1767225600,
             "old_chat_member":{{{Member(oldStatus)}}},"new_chat_member":{{{Member(newStatus)}}}}}
            """;

        var change = Assert.IsType<MembershipChanged>(_mapper.Map(Parse(json), "BreatheTestBot").Inbound);

        Assert.Equal(added, change.Added);
        Assert.Equal(ConversationKey.Channel(Platform.Telegram, "-4001"), change.Key);

        static string Member(string status) => status switch
        {
            "administrator" => """{"status":"administrator","user":{"id":123456789,"is_bot":true,"first_name":"B"},"can_be_edited":false,"is_anonymous":false,"can_manage_chat":true,"can_delete_messages":false,"can_manage_video_chats":false,"can_restrict_members":false,"can_promote_members":false,"can_change_info":false,"can_invite_users":true,"can_post_stories":false,"can_edit_stories":false,"can_delete_stories":false}""",
            "kicked" => """{"status":"kicked","user":{"id":123456789,"is_bot":true,"first_name":"B"},"until_date":0}""",
            _ => $$$"""{"status":"{{{status}}}","user":{"id":123456789,"is_bot":true,"first_name":"B"}}""",
        };
    }

    [Theory]
    [InlineData("member", "kicked", null)]
    [InlineData("kicked", "member", 111L)]
    public void A_private_block_closes_nothing_for_the_core_and_only_an_unblock_reopens_the_chat(string oldStatus, string newStatus, long? reopened)
    {
        static string Member(string status) =>
            "{\"status\":\"" + status + "\",\"user\":{\"id\":123456789,\"is_bot\":true,\"first_name\":\"B\"}" + (status == "kicked" ? ",\"until_date\":0}" : "}");
        var json = "{\"update_id\":5006,\"my_chat_member\":{\"chat\":{\"id\":111,\"type\":\"private\",\"first_name\":\"Ana\"},"
            + "\"from\":{\"id\":111,\"is_bot\":false,\"first_name\":\"Ana\"},\"date\":1767225600,"
            + "\"old_chat_member\":" + Member(oldStatus) + ",\"new_chat_member\":" + Member(newStatus) + "}}";

        var mapped = _mapper.Map(Parse(json), "BreatheTestBot");

        Assert.Null(mapped.Inbound);
        Assert.Equal(reopened, mapped.ChatId);
    }

    [Fact]
    public void A_group_upgrade_service_message_is_a_migration()
    {
        const string json = """
            {"update_id":5005,"message":{"message_id":50,"from":{"id":222,"is_bot":false,"first_name":"Bo"},"chat":{"id":-4001,"type":"group","title":"Desk"},"date":1767225600,"migrate_to_chat_id":-1002000000001}}
            """;

        var mapped = _mapper.Map(Parse(json), "BreatheTestBot");

        Assert.Equal((-4001L, -1002000000001L), mapped.Migration);
        Assert.Null(mapped.Inbound);
    }
}
