using System.Collections.Concurrent;
using System.Globalization;
using BreatheBot.Core.Conversations;
using BreatheBot.Core.Messaging;
using BreatheBot.Core.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace BreatheBot.Core.Tests.Conversations;

/// <summary>The single-timer wake-up scheduler: due order, replacement, cancellation, overdue, early timers, many conversations.</summary>
public sealed class WakeUpSchedulerTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(EngineDriver.Start);
    private readonly ConcurrentQueue<TimerFired> _fired = new();
    private readonly WakeUpScheduler _scheduler;

    public WakeUpSchedulerTests()
    {
        _scheduler = new WakeUpScheduler(_time, _fired.Enqueue);
    }

    public void Dispose() => _scheduler.Dispose();

    private static ConversationKey Person(int id) =>
        ConversationKey.Private(Platform.Telegram, id.ToString(CultureInfo.InvariantCulture), id.ToString(CultureInfo.InvariantCulture));

    [Fact]
    public void Schedule_fires_once_at_the_due_time_and_not_before()
    {
        var due = _time.GetUtcNow() + TimeSpan.FromSeconds(4);
        _scheduler.Schedule(Person(1), ChatKind.Private, due);

        _time.Advance(TimeSpan.FromSeconds(4) - TimeSpan.FromTicks(1));
        Assert.Empty(_fired);
        Assert.Equal(1, _scheduler.PendingCount);

        _time.Advance(TimeSpan.FromTicks(1));
        var fired = Assert.Single(_fired);
        Assert.Equal(Person(1), fired.Key);
        Assert.Equal(due, fired.DueAt);
        Assert.Equal(due, fired.At);
        Assert.Equal(0, _scheduler.PendingCount);

        _time.Advance(TimeSpan.FromMinutes(5));
        Assert.Single(_fired);
    }

    [Fact]
    public void Schedule_again_for_the_same_conversation_replaces_the_pending_wake_up()
    {
        var start = _time.GetUtcNow();
        _scheduler.Schedule(Person(1), ChatKind.Private, start + TimeSpan.FromSeconds(2));
        _scheduler.Schedule(Person(1), ChatKind.Private, start + TimeSpan.FromSeconds(7));

        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.Empty(_fired);

        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(start + TimeSpan.FromSeconds(7), Assert.Single(_fired).DueAt);
    }

    [Fact]
    public void Schedule_null_cancels_the_pending_wake_up()
    {
        _scheduler.Schedule(Person(1), ChatKind.Private, _time.GetUtcNow() + TimeSpan.FromSeconds(2));
        _scheduler.Schedule(Person(1), ChatKind.Private, null);

        _time.Advance(TimeSpan.FromMinutes(1));

        Assert.Empty(_fired);
        Assert.Equal(0, _scheduler.PendingCount);
    }

    [Fact]
    public void Schedule_an_earlier_wake_up_after_a_later_one_fires_the_earlier_first()
    {
        var start = _time.GetUtcNow();
        _scheduler.Schedule(Person(1), ChatKind.Private, start + TimeSpan.FromSeconds(10));
        _scheduler.Schedule(Person(2), ChatKind.Group, start + TimeSpan.FromSeconds(2));

        _time.Advance(TimeSpan.FromSeconds(2));
        var first = Assert.Single(_fired);
        Assert.Equal(Person(2), first.Key);
        Assert.Equal(ChatKind.Group, first.Chat);

        _time.Advance(TimeSpan.FromSeconds(8));
        Assert.Equal([Person(2), Person(1)], _fired.Select(f => f.Key));
    }

    [Fact]
    public void Schedule_a_wake_up_already_due_fires_it_at_once()
    {
        var due = _time.GetUtcNow() - TimeSpan.FromMinutes(3);

        _scheduler.Schedule(Person(1), ChatKind.Private, due);

        var fired = Assert.Single(_fired);
        Assert.Equal(due, fired.DueAt);
        Assert.Equal(0, _scheduler.PendingCount);
    }

    [Fact]
    public void Schedule_many_conversations_fires_each_once_in_due_order()
    {
        var start = _time.GetUtcNow();
        var random = new Random(3);
        var expected = new Dictionary<ConversationKey, DateTimeOffset>();
        for (var i = 0; i < 2000; i++)
        {
            var due = start + TimeSpan.FromMilliseconds(random.Next(1, 60_000));
            expected[Person(i)] = due;
            _scheduler.Schedule(Person(i), ChatKind.Private, due);
        }

        for (var step = 0; step < 70; step++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        var fired = _fired.ToList();
        Assert.Equal(2000, fired.Count);
        Assert.Equal(expected.Count, fired.Select(f => f.Key).Distinct().Count());
        Assert.All(fired, f => Assert.Equal(expected[f.Key], f.DueAt));
        Assert.All(fired, f => Assert.True(f.At >= f.DueAt));
        Assert.Equal(fired.Select(f => f.DueAt).Order(), fired.Select(f => f.DueAt));
        Assert.Equal(0, _scheduler.PendingCount);
    }

    [Fact]
    public void Schedule_replaced_thousands_of_times_keeps_one_pending_and_fires_it_once()
    {
        var start = _time.GetUtcNow();
        for (var i = 1; i <= 5000; i++)
        {
            _scheduler.Schedule(Person(1), ChatKind.Private, start + TimeSpan.FromSeconds(i));
        }

        Assert.Equal(1, _scheduler.PendingCount);
        _time.Advance(TimeSpan.FromSeconds(5000));

        Assert.Equal(start + TimeSpan.FromSeconds(5000), Assert.Single(_fired).DueAt);
    }

    [Fact]
    public async Task Schedule_from_many_threads_fires_every_conversation_exactly_once()
    {
        var start = _time.GetUtcNow();
        await Task.WhenAll(Enumerable.Range(0, 8).Select(t => Task.Run(() =>
        {
            for (var i = 0; i < 500; i++)
            {
                var id = (t * 1000) + i;
                _scheduler.Schedule(Person(id), ChatKind.Private, start + TimeSpan.FromMilliseconds(1 + (id % 997)));
            }
        })));

        _time.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal(4000, _fired.Count);
        Assert.Equal(4000, _fired.Select(f => f.Key).Distinct().Count());
    }

    [Fact]
    public void Dispose_drops_pending_wake_ups_and_ignores_later_schedules()
    {
        _scheduler.Schedule(Person(1), ChatKind.Private, _time.GetUtcNow() + TimeSpan.FromSeconds(1));

        _scheduler.Dispose();
        _scheduler.Schedule(Person(2), ChatKind.Private, _time.GetUtcNow() + TimeSpan.FromSeconds(1));
        _time.Advance(TimeSpan.FromMinutes(1));

        Assert.Empty(_fired);
        Assert.Equal(0, _scheduler.PendingCount);
    }

    [Fact]
    public void OnTimer_a_timer_that_fires_early_fires_nothing_and_waits_for_the_due_time()
    {
        var time = new ManualTimeProvider(EngineDriver.Start);
        var fired = new List<TimerFired>();
        using var scheduler = new WakeUpScheduler(time, fired.Add);
        var due = time.Now + TimeSpan.FromSeconds(4);
        scheduler.Schedule(Person(1), ChatKind.Private, due);

        // The OS timer fires 3 ms early (it may on Linux): nothing is due yet, so the scheduler re-arms for the rest.
        time.Now = due - TimeSpan.FromMilliseconds(3);
        time.Timer!.Fire();
        Assert.Empty(fired);
        Assert.Equal(TimeSpan.FromMilliseconds(3), time.Timer.DueTime);

        time.Now = due;
        time.Timer.Fire();
        Assert.Equal(due, Assert.Single(fired).DueAt);
    }

    /// <summary>A clock set by hand whose one timer fires only when the test says so.</summary>
    private sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = start;

        public ManualTimer? Timer { get; private set; }

        public override DateTimeOffset GetUtcNow() => Now;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
            Timer = new ManualTimer(callback, state, dueTime);
    }

    private sealed class ManualTimer(TimerCallback callback, object? state, TimeSpan dueTime) : ITimer
    {
        public TimeSpan DueTime { get; private set; } = dueTime;

        public void Fire() => callback(state);

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            DueTime = dueTime;
            return true;
        }

        public void Dispose()
        {
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
