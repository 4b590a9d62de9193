using BreatheBot.Core.Conversations;
using BreatheBot.Core.Episodes;
using BreatheBot.Core.Messaging;
using BreatheBot.Core.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace BreatheBot.Core.Tests.CheckIn;

/// <summary>The check-in's wake-up is stored with the conversation: it survives restarts and is never sent twice a day.</summary>
public sealed class CheckInRestartTests
{
    private static readonly DateTimeOffset Morning = new(2026, 3, 10, 9, 0, 0, TimeSpan.Zero); // 10:00 in Berlin
    private static readonly ConversationKey Key = ConversationKey.Private(Platform.Telegram, "7", "7");

    private readonly FakeTimeProvider _time = new(Morning);
    private readonly InMemoryConversationStore _store = new();
    private readonly RecordingSender _sender = new();

    private ConversationService NewService() =>
        new(new ConversationEngine(Options.Create(new ConversationOptions())), _store, [_sender], _time, NullLogger<ConversationService>.Instance);

    private int Asked => _sender.KeysFor(Key).Count(k => k == "checkin.ask");

    [Fact]
    public async Task A_check_in_due_while_the_bot_was_down_is_sent_once_on_restart_and_not_again_after_another()
    {
        _store.Profiles["telegram:7"] = new UserProfile { UserKey = "telegram:7", FirstSeenAt = Morning, DisclaimerShownAt = Morning, TimeZoneId = "Europe/Berlin" };
        await using (var first = NewService())
        {
            var receipt = await first.HandleAsync(new CommandReceived(Key, ChatKind.Private, "7", Morning, "d1", "settings", "checkin 20:00"));
            await receipt.Delivered;
            await first.StopAsync(CancellationToken.None);
        }

        Assert.Equal(new DateTimeOffset(2026, 3, 10, 19, 0, 0, TimeSpan.Zero), _store.Get(Key)!.WakeAt);

        _time.SetUtcNow(new DateTimeOffset(2026, 3, 10, 19, 20, 0, TimeSpan.Zero)); // down over 20:00 Berlin time
        await using (var second = NewService())
        {
            await second.ResumeAsync(CancellationToken.None);
            await second.WhenIdleAsync();
            await second.StopAsync(CancellationToken.None);
        }

        Assert.Equal(1, Asked);
        Assert.Equal(new DateOnly(2026, 3, 10), _store.Profiles["telegram:7"].LastCheckInDay);

        _time.Advance(TimeSpan.FromMinutes(5));
        await using (var third = NewService())
        {
            await third.ResumeAsync(CancellationToken.None);
            await third.WhenIdleAsync();
            Assert.Equal(1, Asked); // armed for tomorrow, not again today

            _time.SetUtcNow(new DateTimeOffset(2026, 3, 11, 19, 0, 0, TimeSpan.Zero));
            await third.WhenIdleAsync();
            Assert.Equal(2, Asked);

            var press = await third.HandleAsync(new ChoiceSelected(Key, ChatKind.Private, "7", _time.GetUtcNow(), "d2", "ci:severe") { PromptId = _store.Get(Key)!.State.PromptId });
            await press.Delivered;
            await third.StopAsync(CancellationToken.None);
        }

        var day = Assert.Single(_store.Days.Values);
        Assert.Equal(new DayRecord("telegram:7", new DateOnly(2026, 3, 11), DayHeadache.Severe, _time.GetUtcNow()), day);
    }

    [Fact]
    public async Task A_check_in_whose_day_ended_while_the_bot_was_down_is_skipped_not_sent_late()
    {
        _store.Profiles["telegram:7"] = new UserProfile { UserKey = "telegram:7", FirstSeenAt = Morning, DisclaimerShownAt = Morning, TimeZoneId = "Europe/Berlin", CheckInTime = new TimeOnly(20, 0) };
        _store.Put(new Storage.StoredConversation(Key, ChatKind.Private, new IdleState { WakeAt = new DateTimeOffset(2026, 3, 10, 19, 0, 0, TimeSpan.Zero) }, Morning, []));
        _time.SetUtcNow(new DateTimeOffset(2026, 3, 11, 7, 0, 0, TimeSpan.Zero)); // 08:00 the next morning

        await using var service = NewService();
        await service.ResumeAsync(CancellationToken.None);
        await service.WhenIdleAsync();

        Assert.Equal(0, Asked);
        Assert.Equal(new DateTimeOffset(2026, 3, 11, 19, 0, 0, TimeSpan.Zero), _store.Get(Key)!.WakeAt);
    }
}
