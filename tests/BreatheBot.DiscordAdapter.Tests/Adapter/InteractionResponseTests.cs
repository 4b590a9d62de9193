using System.Text.Json.Nodes;
using BreatheBot.Core.Conversations;
using BreatheBot.Core.Messaging;
using BreatheBot.DiscordAdapter.Interactions;
using BreatheBot.DiscordAdapter.Model;
using BreatheBot.DiscordAdapter.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;

namespace BreatheBot.DiscordAdapter.Tests.Adapter;

public sealed class InteractionResponseTests
{
    private static TextReply Text(string text, params ReplyChoice[] choices) => new("test.reply", text, choices);

    // Scenario 17
    [Fact(Timeout = 15_000)]
    public async Task A_quick_turn_answers_the_interaction_with_one_callback_that_carries_no_bot_token()
    {
        await using var host = await DiscordTestHost.StartAsync();
        host.Handler.Respond = _ => [Text("Here is what I can do.")];
        _ = host.RunAdapter();
        await host.WaitReadyAsync();

        await host.Fake.DispatchAsync("INTERACTION_CREATE", Payloads.Command("9300", "itok-quick", "help", "300", "42"));
        await FakeDiscord.WaitForAsync(() => host.Fake.RequestsTo("POST", "/interactions/9300/itok-quick/callback").Count == 1, "callback");
        await Task.Delay(200);

        var callback = Assert.Single(host.Fake.RequestsTo("POST", "/interactions/9300/itok-quick/callback"));
        Assert.False(callback.Headers.ContainsKey("Authorization"));
        Assert.Equal(4, callback.Json!["type"]!.GetValue<int>());
        Assert.Equal("Here is what I can do.", callback.Json["data"]!["content"]!.GetValue<string>());
        Assert.Empty(callback.Json["data"]!["allowed_mentions"]!["parse"]!.AsArray());
        Assert.Null(callback.Json["data"]!["flags"]);
        Assert.Empty(host.Fake.RequestsTo("PATCH", ".*"));
    }

    [Fact(Timeout = 15_000)]
    public async Task A_slow_turn_is_deferred_first_and_then_edits_the_original_response()
    {
        await using var host = await DiscordTestHost.StartAsync(c => c["Discord:InteractionDeferAfter"] = "00:00:00.200");
        // The turn finishes only after Discord has seen the deferral, so the order is deterministic.
        host.Handler.Before = (_, _) => FakeDiscord.WaitForAsync(() => host.Fake.RequestsTo("POST", "/interactions/9301/itok-slow/callback").Count == 1, "deferral");
        host.Handler.Respond = _ => [Text("Let's begin.", new ReplyChoice("go", "Start"))];
        _ = host.RunAdapter();
        await host.WaitReadyAsync();

        await host.Fake.DispatchAsync("INTERACTION_CREATE", Payloads.Command("9301", "itok-slow", "breathe", "300", "42"));
        await FakeDiscord.WaitForAsync(() => host.Fake.RequestsTo("PATCH", "/webhooks/100/itok-slow/messages/@original").Count == 1, "edit of the deferred response");

        var callback = Assert.Single(host.Fake.RequestsTo("POST", "/interactions/9301/itok-slow/callback"));
        Assert.Equal(5, callback.Json!["type"]!.GetValue<int>());
        var edit = host.Fake.RequestsTo("PATCH", "/webhooks/100/itok-slow/messages/@original")[0];
        Assert.True(callback.At <= edit.At);
        Assert.Equal("Let's begin.", edit.Json!["content"]!.GetValue<string>());
        Assert.Equal("go", edit.Json["components"]![0]!["components"]![0]!["custom_id"]!.GetValue<string>().Split(':')[^1]);
        Assert.False(edit.Headers.ContainsKey("Authorization"));
    }

    [Fact(Timeout = 10_000)]
    public async Task An_interaction_is_acknowledged_at_most_once_even_when_defer_and_reply_race()
    {
        await using var host = await DiscordTestHost.StartAsync();
        var interaction = new Interaction { Id = "9302", Token = "itok-once", Type = 2, ChannelId = "300", User = new DiscordUser { Id = "42" } };
        using var context = new InteractionContext(interaction, ConversationKey.Private(Platform.Discord, "300", "42"), ChatKind.Private, "42",
            host.Get<BreatheBot.DiscordAdapter.Rest.IDiscordRestClient>(), new DiscordOptions(), TimeProvider.System, NullLogger.Instance);

        Assert.True(context.TryClaim());
        Assert.False(context.TryClaim());
        context.Defer(); // loses: already claimed, sends nothing
        await context.Deferred;
        Assert.Equal(InteractionAck.Responded, context.State);

        using var deferredFirst = new InteractionContext(new Interaction { Id = "9303", Token = "itok-once2", Type = 2, ChannelId = "300", User = new DiscordUser { Id = "42" } }, ConversationKey.Private(Platform.Discord, "300", "42"), ChatKind.Private, "42",
            host.Get<BreatheBot.DiscordAdapter.Rest.IDiscordRestClient>(), new DiscordOptions(), TimeProvider.System, NullLogger.Instance);
        deferredFirst.Defer();
        deferredFirst.Defer();
        await deferredFirst.Deferred;
        Assert.False(deferredFirst.TryClaim());
        Assert.True(deferredFirst.TryConsumeDeferral());
        Assert.False(deferredFirst.TryConsumeDeferral());

        Assert.Empty(host.Fake.RequestsTo("POST", "/interactions/9302/.*"));
        Assert.Single(host.Fake.RequestsTo("POST", "/interactions/9303/.*"));
    }

    [Fact(Timeout = 15_000)]
    public async Task Pressing_someone_elses_button_is_refused_privately_and_never_reaches_the_core()
    {
        await using var host = await DiscordTestHost.StartAsync();
        _ = host.RunAdapter();
        await host.WaitReadyAsync();
        var channel = ConversationKey.Channel(Platform.Discord, "600");

        await host.Fake.DispatchAsync("INTERACTION_CREATE", Payloads.Button("9304", "itok-foreign", CustomIds.Encode(channel, "42", "breathe:stop"), "600", "43", "7100", guildId: "700"));
        await FakeDiscord.WaitForAsync(() => host.Fake.RequestsTo("POST", "/interactions/9304/itok-foreign/callback").Count == 1, "refusal");
        var refusal = host.Fake.RequestsTo("POST", "/interactions/9304/itok-foreign/callback")[0].Json!;
        Assert.Equal(4, refusal["type"]!.GetValue<int>());
        Assert.Equal(64, refusal["data"]!["flags"]!.GetValue<int>());
        Assert.Contains("someone else", refusal["data"]!["content"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(host.Handler.Received);
    }

    [Fact(Timeout = 15_000)]
    public async Task A_press_whose_turn_edits_the_pressed_message_updates_it_in_place()
    {
        await using var host = await DiscordTestHost.StartAsync();
        var dm = ConversationKey.Private(Platform.Discord, "300", "42");
        host.Handler.Respond = e => e switch
        {
            CommandReceived => [new TextReply("pain", "How bad is it?", [new ReplyChoice("pain:3", "3"), new ReplyChoice("pain:7", "7")], Slot: "question")],
            ChoiceSelected => [new EditReply("pain.ack", "question", "Pain 7 noted.", [])],
            _ => [],
        };
        _ = host.RunAdapter();
        await host.WaitReadyAsync();

        await host.Fake.DispatchAsync("INTERACTION_CREATE", Payloads.Command("9305", "itok-q", "headache", "300", "42"));
        await FakeDiscord.WaitForAsync(() => host.Fake.RequestsTo("POST", "/interactions/9305/itok-q/callback").Count == 1, "question");
        var question = host.Fake.RequestsTo("POST", "/interactions/9305/itok-q/callback")[0].Json!;
        var button = question["data"]!["components"]![0]!["components"]![1]!;
        Assert.Equal(CustomIds.Encode(dm, "42", "pain:7"), button["custom_id"]!.GetValue<string>());
        var slots = host.Get<SlotRegistry>();
        await FakeDiscord.WaitForAsync(() => slots.TryGet(dm, "question", out _), "the question's message id"); // set once the answer is read
        Assert.True(slots.TryGet(dm, "question", out var slot));

        await host.Fake.DispatchAsync("INTERACTION_CREATE", Payloads.Button("9306", "itok-p", button["custom_id"]!.GetValue<string>(), "300", "42", slot.MessageId));
        await FakeDiscord.WaitForAsync(() => host.Fake.RequestsTo("POST", "/interactions/9306/itok-p/callback").Count == 1, "update");
        var update = host.Fake.RequestsTo("POST", "/interactions/9306/itok-p/callback")[0].Json!;
        Assert.Equal(7, update["type"]!.GetValue<int>());
        Assert.Equal("Pain 7 noted.", update["data"]!["content"]!.GetValue<string>());
        Assert.Empty(update["data"]!["components"]!.AsArray()); // buttons removed
        Assert.Equal("pain:7", Assert.IsType<ChoiceSelected>(host.Handler.Received[1]).ChoiceId);
    }

    [Fact(Timeout = 15_000)]
    public async Task Guild_personal_command_opens_a_dm_starts_the_flow_there_and_says_so_ephemerally()
    {
        await using var host = await DiscordTestHost.StartAsync();
        host.Handler.Respond = e => e is CommandReceived { Chat: ChatKind.Group, Name: "headache" }
            ? [new MoveToPrivateReply("move", "Let's talk in private: I've sent you a direct message.", "Open", "headache")]
            : [];
        _ = host.RunAdapter();
        await host.WaitReadyAsync();

        await host.Fake.DispatchAsync("INTERACTION_CREATE", Payloads.Command("9307", "itok-move", "headache", "600", "42", guildId: "700"));
        await FakeDiscord.WaitForAsync(() => host.Handler.Received.Count == 2, "the DM start");

        var dmOpen = Assert.Single(host.Fake.RequestsTo("POST", "/users/@me/channels"));
        Assert.Equal("42", dmOpen.Json!["recipient_id"]!.GetValue<string>());
        var note = Assert.Single(host.Fake.RequestsTo("POST", "/interactions/9307/itok-move/callback")).Json!;
        Assert.Equal(4, note["type"]!.GetValue<int>());
        Assert.Equal(64, note["data"]!["flags"]!.GetValue<int>());

        var start = Assert.IsType<CommandReceived>(host.Handler.Received[1]);
        Assert.Equal("start", start.Name);
        Assert.Equal("headache", start.Argument);
        Assert.Equal(ConversationKey.Private(Platform.Discord, "942", "42"), start.Key);
        Assert.Equal(ChatKind.Private, start.Chat);
        Assert.Empty(host.Fake.RequestsTo("POST", "/channels/600/messages")); // nothing posted in the channel
    }

    [Fact(Timeout = 15_000)]
    public async Task When_the_dm_cannot_be_opened_the_person_is_told_privately_how_to_fix_it()
    {
        await using var host = await DiscordTestHost.StartAsync();
        host.Fake.Script("POST", "/users/@me/channels", new ScriptedResponse(403, """{"code":50007,"message":"Cannot send messages to this user"}"""));
        host.Handler.Respond = _ => [new MoveToPrivateReply("move", "I've sent you a direct message.", "Open", "headache")];
        _ = host.RunAdapter();
        await host.WaitReadyAsync();

        await host.Fake.DispatchAsync("INTERACTION_CREATE", Payloads.Command("9308", "itok-nodm", "headache", "600", "42", guildId: "700"));
        await FakeDiscord.WaitForAsync(() => host.Fake.RequestsTo("POST", "/interactions/9308/itok-nodm/callback").Count == 1, "note");
        var note = host.Fake.RequestsTo("POST", "/interactions/9308/itok-nodm/callback")[0].Json!;
        Assert.Equal(64, note["data"]!["flags"]!.GetValue<int>());
        Assert.Contains("allow direct messages", note["data"]!["content"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Single(host.Handler.Received);
    }

    [Fact(Timeout = 15_000)]
    public async Task A_notice_answers_the_press_privately_and_the_rest_of_the_turn_still_reaches_the_channel()
    {
        await using var host = await DiscordTestHost.StartAsync();
        var channel = ConversationKey.Channel(Platform.Discord, "600");
        host.Handler.Respond = _ => [new NoticeReply("joined", "You're in."), new EditReply("pacer", "pacer", "Breathe in… 5 · 2 joined", [new ReplyChoice("sb:join", "Join")])];
        _ = host.RunAdapter();
        await host.WaitReadyAsync();

        await host.Fake.DispatchAsync("INTERACTION_CREATE", Payloads.Button("9309", "itok-join", CustomIds.Encode(channel, CustomIds.AnyOwner, "sb:join"), "600", "43", "7200", guildId: "700"));
        await FakeDiscord.WaitForAsync(() => host.Fake.RequestsTo("POST", "/channels/600/messages").Count == 1, "the pacer");
        var note = Assert.Single(host.Fake.RequestsTo("POST", "/interactions/9309/itok-join/callback")).Json!;
        Assert.Equal(4, note["type"]!.GetValue<int>());
        Assert.Equal(64, note["data"]!["flags"]!.GetValue<int>());
        Assert.Equal("You're in.", note["data"]!["content"]!.GetValue<string>());
        var received = Assert.IsType<ChoiceSelected>(Assert.Single(host.Handler.Received));
        Assert.Equal("43", received.SenderId);
        Assert.Equal("sb:join", received.ChoiceId);
    }
}
