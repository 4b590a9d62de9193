using BreatheBot.Core.Conversations;
using BreatheBot.Core.Messaging;
using BreatheBot.DiscordAdapter.Tests.Fakes;

namespace BreatheBot.DiscordAdapter.Tests.Adapter;

/// <summary>
/// What happens when Discord does not take an interaction response (issue 12, "Discord, against an independent server"):
/// a server error or 10062 Unknown interaction (answered after 3 s), and a response that reports no message id.
/// </summary>
public sealed class InteractionFailureTests
{
    private static readonly ConversationKey Dm = ConversationKey.Private(Platform.Discord, "300", "42");

    public static TheoryData<string> LostAnswers => ["5xx", "10062"];

    private static ScriptedResponse[] Lost(string kind) => kind == "5xx"
        ? [ScriptedResponse.ServerError(), ScriptedResponse.ServerError(503), ScriptedResponse.ServerError(502), ScriptedResponse.ServerError()]
        : [ScriptedResponse.UnknownInteraction()];

    [Theory(Timeout = 15_000)]
    [MemberData(nameof(LostAnswers))]
    public async Task When_the_continue_in_a_dm_note_fails_the_dm_flow_still_starts(string kind)
    {
        await using var host = await DiscordTestHost.StartAsync();
        host.Fake.Script("POST", "/interactions/9400/itok-note/callback", Lost(kind));
        host.Handler.Respond = e => e is CommandReceived { Chat: ChatKind.Group }
            ? [new MoveToPrivateReply("move", "Let's talk in private: I've sent you a direct message.", "Open", "headache")]
            : [];
        _ = host.RunAdapter();
        await host.WaitReadyAsync();

        await host.Fake.DispatchAsync("INTERACTION_CREATE", Payloads.Command("9400", "itok-note", "headache", "600", "42", guildId: "700"));
        await FakeDiscord.WaitForAsync(() => host.Handler.Received.Count == 2, "the DM start");

        var start = Assert.IsType<CommandReceived>(host.Handler.Received[1]);
        Assert.Equal("start", start.Name);
        Assert.Equal("headache", start.Argument);
        Assert.Equal(ConversationKey.Private(Platform.Discord, "942", "42"), start.Key);
        Assert.Single(host.Fake.RequestsTo("POST", "/interactions/9400/itok-note/callback")); // tried once, not retried
        Assert.Empty(host.Fake.RequestsTo("POST", "/channels/600/messages")); // a private note never goes public instead
        Assert.Contains(host.Logs.GetSnapshot(), r => r.Id.Id == 3504);
    }

    [Theory(Timeout = 15_000)]
    [MemberData(nameof(LostAnswers))]
    public async Task A_callback_Discord_does_not_take_is_not_retried_and_the_answer_goes_to_the_channel(string kind)
    {
        // Production retry delays (+1, +3, +5 s): a retried callback would hold this conversation for ~9 s.
        await using var host = await DiscordTestHost.StartAsync(c => c["Discord:RestServerErrorBaseDelay"] = "00:00:01");
        host.Fake.Script("POST", "/interactions/9401/itok-late/callback", Lost(kind));
        host.Handler.Respond = e => e is CommandReceived ? [new TextReply("help", "Here is what I can do.")] : [];
        _ = host.RunAdapter();
        await host.WaitReadyAsync();
        var started = DateTimeOffset.UtcNow;

        await host.Fake.DispatchAsync("INTERACTION_CREATE", Payloads.Command("9401", "itok-late", "help", "300", "42"));
        await FakeDiscord.WaitForAsync(() => host.Fake.RequestsTo("POST", "/channels/300/messages").Count == 1, "the answer in the channel");

        Assert.Single(host.Fake.RequestsTo("POST", "/interactions/9401/itok-late/callback"));
        var posted = host.Fake.RequestsTo("POST", "/channels/300/messages")[0];
        Assert.Equal("Here is what I can do.", posted.Json!["content"]!.GetValue<string>());
        Assert.True(posted.At - started < TimeSpan.FromSeconds(3), $"the fallback came {posted.At - started} after the event");
    }

    [Fact(Timeout = 15_000)]
    public async Task A_response_without_a_message_id_forgets_the_slot_so_a_later_edit_sends_a_new_message()
    {
        await using var host = await DiscordTestHost.StartAsync();
        host.Handler.Respond = e => e switch
        {
            CommandReceived => [new TextReply("pacer", "Breathe in… 4", [], Slot: "pacer")],
            TextReceived => [new EditReply("pacer", "pacer", "Hold… 7", [])],
            _ => [],
        };
        _ = host.RunAdapter();
        await host.WaitReadyAsync();
        var slots = host.Get<SlotRegistry>();

        await host.Fake.DispatchAsync("INTERACTION_CREATE", Payloads.Command("9402", "itok-first", "breathe", "300", "42"));
        await FakeDiscord.WaitForAsync(() => slots.TryGet(Dm, "pacer", out _), "the first pacer's id");
        Assert.True(slots.TryGet(Dm, "pacer", out var first));

        host.Fake.Script("POST", "/interactions/9403/itok-second/callback", ScriptedResponse.CallbackWithoutMessage("9403"));
        await host.Fake.DispatchAsync("INTERACTION_CREATE", Payloads.Command("9403", "itok-second", "breathe", "300", "42"));
        await FakeDiscord.WaitForAsync(() => host.Fake.RequestsTo("POST", "/interactions/9403/itok-second/callback").Count == 1, "the second pacer");
        await FakeDiscord.WaitForAsync(() => !slots.TryGet(Dm, "pacer", out _), "the slot forgotten");

        await host.Fake.DispatchAsync("MESSAGE_CREATE", Payloads.DmMessage("9404", "300", "42", "tick"));
        await FakeDiscord.WaitForAsync(() => host.Fake.RequestsTo("POST", "/channels/300/messages").Count == 1, "a new message for the edit");

        Assert.Equal("Hold… 7", host.Fake.RequestsTo("POST", "/channels/300/messages")[0].Json!["content"]!.GetValue<string>());
        Assert.Empty(host.Fake.RequestsTo("PATCH", ".*/" + first.MessageId)); // the older pacer is never edited
    }
}
