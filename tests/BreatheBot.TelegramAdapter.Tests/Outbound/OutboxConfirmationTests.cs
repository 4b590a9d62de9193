using BreatheBot.Core.Conversations;
using BreatheBot.Core.Messaging;
using BreatheBot.Core.Outbox;
using BreatheBot.TelegramAdapter.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;

namespace BreatheBot.TelegramAdapter.Tests.Outbound;

/// <summary>
/// Issue 15: the Telegram sender confirms a reply from the core's durable outbox only once Telegram answered its API
/// call, and a reply the outbox never got to send because it stopped is abandoned (it stays for the next start).
/// </summary>
public sealed class OutboxConfirmationTests : IAsyncLifetime
{
    private const long Ana = 111;
    private static readonly ConversationKey Key = ConversationKey.Private(Platform.Telegram, "111", "111");
    private FakeTelegramServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeTelegramServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Each_reply_is_confirmed_after_telegram_took_its_message_in_order()
    {
        await using var host = await TelegramTestHost.StartAsync(_server, new FakeConversationHandler.DurableState());
        var sender = host.Host.Services.GetServices<IReplySender>().Single(s => s.Platform == Platform.Telegram);
        var first = new OutgoingReply("a000000000000001", new TextReply("one", "First"));
        var second = new OutgoingReply("a000000000000002", new TextReply("two", "Second"));
        var shownWhenFirstConfirmed = first.Done.ContinueWith(_ => _server.MessagesIn(Ana).Count, TaskScheduler.Default);
        var shownWhenSecondConfirmed = second.Done.ContinueWith(_ => _server.MessagesIn(Ana).Count, TaskScheduler.Default);

        await sender.SendAsync(Key, ChatKind.Private, [first, second], CancellationToken.None);
        await Task.WhenAll(first.Done, second.Done).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(["First", "Second"], _server.MessagesIn(Ana).Select(m => m.PlainText));
        Assert.True(await shownWhenFirstConfirmed >= 1, "confirmed before Telegram had the first message");
        Assert.True(await shownWhenSecondConfirmed >= 2, "confirmed before Telegram had the second message");
    }

    [Fact]
    public async Task A_reply_whose_send_the_stop_cut_off_is_abandoned_not_confirmed()
    {
        var host = await TelegramTestHost.StartAsync(_server, new FakeConversationHandler.DurableState());
        var sender = host.Host.Services.GetServices<IReplySender>().Single(s => s.Platform == Platform.Telegram);
        _server.Script("sendMessage", Fault.Delay(TimeSpan.FromSeconds(30)));
        var reply = new OutgoingReply("b000000000000001", new TextReply("triage.emergency.advice", "Call 999 now."));

        await sender.SendAsync(Key, ChatKind.Private, [reply], CancellationToken.None);
        await _server.WaitForCallAsync("sendMessage", _ => true, TimeSpan.FromSeconds(10)).ContinueWith(_ => { }, TaskScheduler.Default);
        await host.Outbox.DisposeAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reply.Done.WaitAsync(TimeSpan.FromSeconds(10)));
        await host.DisposeAsync();
    }

    [Fact]
    public async Task A_reply_still_queued_behind_the_send_in_flight_when_the_outbox_stops_is_abandoned_too()
    {
        var host = await TelegramTestHost.StartAsync(_server, new FakeConversationHandler.DurableState());
        var sender = host.Host.Services.GetServices<IReplySender>().Single(s => s.Platform == Platform.Telegram);
        _server.Script("sendMessage", Fault.Delay(TimeSpan.FromSeconds(30)));
        var inFlight = new OutgoingReply("c000000000000001", new TextReply("triage.emergency.advice", "Call 999 now."));
        var queued = new OutgoingReply("c000000000000002", new TextReply("triage.emergency.more", "Don't drive yourself."));

        await sender.SendAsync(Key, ChatKind.Private, [inFlight, queued], CancellationToken.None);
        await _server.WaitForCallAsync("sendMessage", _ => true, TimeSpan.FromSeconds(10));
        await host.Outbox.DisposeAsync();

        // Neither may stay pending: an unconfirmed, unabandoned reply would hold the core's delivery forever.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => inFlight.Done.WaitAsync(TimeSpan.FromSeconds(10)));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queued.Done.WaitAsync(TimeSpan.FromSeconds(10)));
        await host.DisposeAsync();
    }
}
