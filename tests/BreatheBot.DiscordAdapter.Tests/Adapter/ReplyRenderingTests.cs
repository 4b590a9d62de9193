using BreatheBot.Core.Conversations;
using BreatheBot.Core.Messaging;
using BreatheBot.DiscordAdapter.Interactions;
using BreatheBot.DiscordAdapter.Tests.Fakes;

namespace BreatheBot.DiscordAdapter.Tests.Adapter;

public sealed class ReplyRenderingTests
{
    private static readonly ConversationKey Dm = ConversationKey.Private(Platform.Discord, "300", "42");

    // Scenario 18
    [Fact(Timeout = 10_000)]
    public async Task Create_message_body_has_content_no_mentions_and_well_formed_buttons()
    {
        await using var host = await DiscordTestHost.StartAsync();
        var sender = host.Get<DiscordReplySender>();
        var choices = Enumerable.Range(0, 7).Select(i => new ReplyChoice("c" + i, "Choice " + i)).ToArray();
        await sender.SendAsync(Dm, ChatKind.Private, [new TextReply("q", "Pick one, @everyone", choices)], CancellationToken.None);

        var body = Assert.Single(host.Fake.RequestsTo("POST", "/channels/300/messages")).Json!;
        var content = body["content"]!.GetValue<string>();
        Assert.True(content.Length <= 2000);
        Assert.DoesNotContain("@everyone", content, StringComparison.Ordinal);
        Assert.Empty(body["allowed_mentions"]!["parse"]!.AsArray());
        var rows = body["components"]!.AsArray();
        Assert.Equal(2, rows.Count);
        Assert.All(rows, row =>
        {
            Assert.Equal(1, row!["type"]!.GetValue<int>());
            var buttons = row["components"]!.AsArray();
            Assert.InRange(buttons.Count, 1, 5);
            Assert.All(buttons, b =>
            {
                Assert.Equal(2, b!["type"]!.GetValue<int>());
                Assert.InRange(b["style"]!.GetValue<int>(), 1, 4);
                var id = b["custom_id"]!.GetValue<string>();
                Assert.InRange(id.Length, 1, 100);
                Assert.StartsWith("bb1:", id, StringComparison.Ordinal);
                Assert.False(string.IsNullOrEmpty(b["label"]!.GetValue<string>()));
            });
        });
        Assert.Equal(CustomIds.Encode(Dm, "42", "c6"), rows[1]!["components"]![1]!["custom_id"]!.GetValue<string>());
    }

    [Fact(Timeout = 10_000)]
    public async Task Text_longer_than_2000_characters_is_split_and_the_buttons_go_on_the_last_part()
    {
        await using var host = await DiscordTestHost.StartAsync();
        var sender = host.Get<DiscordReplySender>();
        var paragraph = string.Join(' ', Enumerable.Repeat("Breathe in slowly and let your shoulders drop", 30));
        var text = string.Join("\n\n", Enumerable.Repeat(paragraph, 4)); // about 5,500 characters
        await sender.SendAsync(Dm, ChatKind.Private, [new TextReply("long", text, [new ReplyChoice("ok", "OK")])], CancellationToken.None);

        var posts = host.Fake.RequestsTo("POST", "/channels/300/messages").Select(r => r.Json!).ToList();
        Assert.True(posts.Count >= 3);
        Assert.All(posts, p => Assert.InRange(p["content"]!.GetValue<string>().Length, 1, 2000));
        Assert.All(posts.SkipLast(1), p => Assert.Null(p["components"]));
        Assert.NotNull(posts[^1]["components"]);
        Assert.Equal(text.Replace("\n\n", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal),
            string.Concat(posts.Select(p => p["content"]!.GetValue<string>())).Replace("\n\n", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("**not bold** and _not italic_", "\\*\\*not bold\\*\\* and \\_not italic\\_")]
    [InlineData("# not a heading\n- not a list\n1. not numbered", "\\# not a heading\n\\- not a list\n1\\. not numbered")]
    [InlineData("<@123> and `code` and a|b", "\\<@123\\> and \\`code\\` and a\\|b")]
    [InlineData("Pain 7 of 10. Well done.", "Pain 7 of 10. Well done.")]
    public void Plain_text_is_neutralised_for_discord_markdown(string text, string expected) =>
        Assert.Equal(expected, DiscordText.Escape(text));

    [Fact(Timeout = 10_000)]
    public async Task An_edit_updates_the_slot_message_in_place_and_an_unknown_slot_sends_a_new_message()
    {
        await using var host = await DiscordTestHost.StartAsync();
        var sender = host.Get<DiscordReplySender>();
        await sender.SendAsync(Dm, ChatKind.Private, [new EditReply("pacer", "pacer", "Breathe in… 5", [])], CancellationToken.None);
        var created = Assert.Single(host.Fake.RequestsTo("POST", "/channels/300/messages"));
        Assert.True(host.Get<SlotRegistry>().TryGet(Dm, "pacer", out var slot));

        await sender.SendAsync(Dm, ChatKind.Private, [new EditReply("pacer", "pacer", "Breathe out… 6", [])], CancellationToken.None);
        var edit = Assert.Single(host.Fake.RequestsTo("PATCH", $"/channels/300/messages/{slot.MessageId}"));
        Assert.Equal("Breathe out… 6", edit.Json!["content"]!.GetValue<string>());
        Assert.Single(host.Fake.RequestsTo("POST", "/channels/300/messages"));
        Assert.NotNull(created);
    }

    [Fact(Timeout = 10_000)]
    public async Task An_edit_of_a_deleted_message_sends_a_new_one_and_platform_errors_are_not_thrown()
    {
        await using var host = await DiscordTestHost.StartAsync();
        var sender = host.Get<DiscordReplySender>();
        await sender.SendAsync(Dm, ChatKind.Private, [new TextReply("pacer", "Breathe in", [], "pacer")], CancellationToken.None);
        Assert.True(host.Get<SlotRegistry>().TryGet(Dm, "pacer", out var slot));
        host.Fake.Script("PATCH", $"/channels/300/messages/{slot.MessageId}", new ScriptedResponse(404, """{"code":10008,"message":"Unknown Message"}"""));
        host.Fake.Script("POST", "/channels/301/messages", new ScriptedResponse(403, """{"code":50007,"message":"Cannot send messages to this user"}"""));

        await sender.SendAsync(Dm, ChatKind.Private, [new EditReply("pacer", "pacer", "Breathe out", [])], CancellationToken.None);
        Assert.Equal(2, host.Fake.RequestsTo("POST", "/channels/300/messages").Count);
        Assert.True(host.Get<SlotRegistry>().TryGet(Dm, "pacer", out var replaced));
        Assert.NotEqual(slot.MessageId, replaced.MessageId);

        var closedDm = ConversationKey.Private(Platform.Discord, "301", "43");
        await sender.SendAsync(closedDm, ChatKind.Private, [new TextReply("x", "hello")], CancellationToken.None); // logged, not thrown
        Assert.Contains(host.Logs.GetSnapshot(), r => r.Id.Id == 3400);
    }

    [Fact(Timeout = 10_000)]
    public async Task A_file_reply_is_uploaded_as_multipart_with_its_caption()
    {
        await using var host = await DiscordTestHost.StartAsync();
        var sender = host.Get<DiscordReplySender>();
        await sender.SendAsync(Dm, ChatKind.Private, [new FileReply("chart", "chart.png", "image/png", new byte[] { 1, 2, 3 }, "Your last 30 days")], CancellationToken.None);
        var upload = Assert.Single(host.Fake.RequestsTo("POST", "/channels/300/messages"));
        Assert.StartsWith("multipart/form-data", upload.Headers["Content-Type"], StringComparison.Ordinal);
        Assert.Contains("payload_json", upload.Body, StringComparison.Ordinal);
        Assert.Contains("chart.png", upload.Body, StringComparison.Ordinal);
        Assert.Contains("Your last 30 days", upload.Body, StringComparison.Ordinal);
    }

    [Fact(Timeout = 10_000)]
    public async Task Buttons_in_a_channel_without_a_known_presser_can_be_pressed_by_anyone()
    {
        await using var host = await DiscordTestHost.StartAsync();
        var sender = host.Get<DiscordReplySender>();
        var channel = ConversationKey.Channel(Platform.Discord, "600");
        await sender.SendAsync(channel, ChatKind.Group, [new TextReply("b", "Breathe with me", [new ReplyChoice("join", "Join")])], CancellationToken.None);
        var id = host.Fake.RequestsTo("POST", "/channels/600/messages")[0].Json!["components"]![0]!["components"]![0]!["custom_id"]!.GetValue<string>();
        Assert.True(CustomIds.TryDecode(id, out var decoded));
        Assert.True(decoded.IsForAnyone);
    }

    [Fact(Timeout = 10_000)]
    public async Task A_notice_is_a_plain_message_in_a_dm_and_is_not_posted_in_a_channel_without_an_interaction()
    {
        await using var host = await DiscordTestHost.StartAsync();
        var sender = host.Get<DiscordReplySender>();
        await sender.SendAsync(Dm, ChatKind.Private, [new NoticeReply("n", "Noted.")], CancellationToken.None);
        await sender.SendAsync(ConversationKey.Channel(Platform.Discord, "600"), ChatKind.Group, [new NoticeReply("n", "You're in.")], CancellationToken.None);
        Assert.Equal("Noted.", Assert.Single(host.Fake.RequestsTo("POST", "/channels/300/messages")).Json!["content"]!.GetValue<string>());
        Assert.Empty(host.Fake.RequestsTo("POST", "/channels/600/messages"));
    }
}
