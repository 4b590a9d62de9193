using BreatheBot.Core.Conversations;
using BreatheBot.Core.Messaging;
using BreatheBot.Core.Outbox;
using BreatheBot.DiscordAdapter.Model;
using BreatheBot.DiscordAdapter.Rest;
using BreatheBot.DiscordAdapter.Tests.Fakes;

namespace BreatheBot.DiscordAdapter.Tests.Adapter;

/// <summary>
/// Issue 15: messages from the durable outbox carry the entry's id as <c>nonce</c> with <c>enforce_nonce</c>, so a send
/// repeated after a crash is deduplicated by Discord; the fake does what Discord does with them.
/// </summary>
public sealed class NonceTests
{
    private static readonly ConversationKey Dm = ConversationKey.Private(Platform.Discord, "300", "42");

    [Fact(Timeout = 10_000)]
    public async Task A_reply_from_the_outbox_carries_its_entry_id_as_nonce_and_each_chunk_its_own()
    {
        await using var host = await DiscordTestHost.StartAsync();
        IReplySender sender = host.Get<DiscordReplySender>();
        var paragraph = string.Join(' ', Enumerable.Repeat("Breathe in slowly and let your shoulders drop", 30));
        var reply = new OutgoingReply("0123456789abcdef", new TextReply("long", string.Join("\n\n", Enumerable.Repeat(paragraph, 4))));

        await sender.SendAsync(Dm, ChatKind.Private, [reply], CancellationToken.None);

        var posts = host.Fake.RequestsTo("POST", "/channels/300/messages").Select(r => r.Json!).ToList();
        Assert.True(posts.Count >= 3);
        Assert.Equal(posts.Select((_, i) => i == 0 ? "0123456789abcdef" : $"0123456789abcdef.{i}"), posts.Select(p => p["nonce"]!.GetValue<string>()));
        Assert.All(posts, p => Assert.True(p["enforce_nonce"]!.GetValue<bool>()));
        Assert.All(posts, p => Assert.InRange(p["nonce"]!.GetValue<string>().Length, 1, 25));
        Assert.True(reply.Done.IsCompletedSuccessfully);
    }

    [Fact(Timeout = 10_000)]
    public async Task A_send_repeated_after_a_crash_shows_once()
    {
        await using var host = await DiscordTestHost.StartAsync();
        IReplySender sender = host.Get<DiscordReplySender>();

        // the first process sent it and died before marking it sent; the next one sends the same entry again
        await sender.SendAsync(Dm, ChatKind.Private, [new OutgoingReply("entry00000000001", new TextReply("triage.emergency.advice", "Call 999 now."))], CancellationToken.None);
        await sender.SendAsync(Dm, ChatKind.Private, [new OutgoingReply("entry00000000001", new TextReply("triage.emergency.advice", "Call 999 now."))], CancellationToken.None);

        var answers = host.Fake.RequestsTo("POST", "/channels/300/messages").Select(r => r.ResponseJson!["id"]!.GetValue<string>()).ToList();
        Assert.Equal(2, answers.Count);
        Assert.Equal(answers[0], answers[1]);
        Assert.Equal(1, host.Fake.MessagesCreated);
        Assert.Equal(1, host.Fake.NonceRepeats);
    }

    [Fact(Timeout = 10_000)]
    public async Task A_file_from_the_outbox_is_deduplicated_by_its_nonce_too()
    {
        await using var host = await DiscordTestHost.StartAsync();
        IReplySender sender = host.Get<DiscordReplySender>();
        var chart = new FileReply("stats.chart", "chart.png", "image/png", new byte[] { 0x89, 0x50, 0x4E, 0x47 }, "Your month");

        await sender.SendAsync(Dm, ChatKind.Private, [new OutgoingReply("file000000000001", chart)], CancellationToken.None);
        await sender.SendAsync(Dm, ChatKind.Private, [new OutgoingReply("file000000000001", chart)], CancellationToken.None);

        Assert.Equal(1, host.Fake.MessagesCreated);
        Assert.Equal(1, host.Fake.NonceRepeats);
    }

    [Fact(Timeout = 10_000)]
    public async Task The_fake_like_discord_creates_a_second_message_without_enforce_nonce_or_once_the_nonce_is_old()
    {
        await using var host = await DiscordTestHost.StartAsync();
        var rest = host.Get<IDiscordRestClient>();
        MessagePayload Payload(bool enforce) => new() { Content = "hi", Nonce = "n1", EnforceNonce = enforce ? true : null };

        await rest.CreateMessageAsync("300", Payload(enforce: false), CancellationToken.None);
        await rest.CreateMessageAsync("300", Payload(enforce: false), CancellationToken.None);
        Assert.Equal(2, host.Fake.MessagesCreated);

        await rest.CreateMessageAsync("300", Payload(enforce: true), CancellationToken.None);
        Assert.Equal(2, host.Fake.MessagesCreated); // the nonce was seen a moment ago

        host.Fake.NonceWindow = TimeSpan.Zero; // minutes later
        await rest.CreateMessageAsync("300", Payload(enforce: true), CancellationToken.None);
        Assert.Equal(3, host.Fake.MessagesCreated);
    }

    [Fact(Timeout = 10_000)]
    public async Task Messages_sent_outside_the_outbox_carry_no_nonce()
    {
        await using var host = await DiscordTestHost.StartAsync();
        var sender = host.Get<DiscordReplySender>();

        await sender.SendAsync(Dm, ChatKind.Private, [new TextReply("hello", "Hello")], CancellationToken.None);

        var post = Assert.Single(host.Fake.RequestsTo("POST", "/channels/300/messages")).Json!;
        Assert.Null(post["nonce"]);
        Assert.Null(post["enforce_nonce"]);
    }
}
