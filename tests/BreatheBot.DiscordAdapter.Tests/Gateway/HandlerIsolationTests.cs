using BreatheBot.Core.Messaging;
using BreatheBot.DiscordAdapter.Tests.Fakes;

namespace BreatheBot.DiscordAdapter.Tests.Gateway;

[Collection(TimingCollection.Name)]
public sealed class HandlerIsolationTests
{
    // Scenario 13
    [Fact(Timeout = 20_000)]
    public async Task A_blocking_handler_does_not_delay_heartbeats_or_make_the_connection_look_dead()
    {
        const int interval = 200;
        await using var host = await DiscordTestHost.StartAsync(c => c["Discord:HandlerConcurrency"] = "1");
        host.Fake.HeartbeatIntervalMs = interval;
        var finished = 0;
        host.Handler.BlockingWork = _ =>
        {
            Assert.False(Thread.CurrentThread.IsThreadPoolThread, "handler ran on a pool thread: " + Thread.CurrentThread.Name);
            Thread.Sleep(2 * interval); // synchronous work, as LiteDB would do
            Interlocked.Increment(ref finished);
        };
        var adapter = host.RunAdapter();
        await host.WaitReadyAsync();
        var connection = host.Fake.Current!;
        await FakeDiscord.WaitForAsync(() => connection.Heartbeats.Count >= 1, "first beat");

        var beatsBefore = connection.Heartbeats.Count;
        for (var i = 0; i < 4; i++)
        {
            await host.Fake.DispatchAsync("MESSAGE_CREATE", $$"""{"id":"{{900 + i}}","channel_id":"300","author":{"id":"42","username":"u"},"content":"hi","type":0}""");
        }

        await FakeDiscord.WaitForAsync(() => Volatile.Read(ref finished) == 4, "four blocking turns", 10_000);

        // Four turns blocked the handler for about 8 intervals; the beats kept coming and every one was acknowledged.
        var beats = connection.Heartbeats.Skip(beatsBefore).ToList();
        Assert.True(beats.Count >= 5, $"only {beats.Count} beats while handlers blocked; pool {ThreadPool.ThreadCount} threads, {ThreadPool.PendingWorkItemCount} pending; gaps {string.Join(",", beats.Zip(beats.Skip(1), (a, b) => (int)(b.At - a.At).TotalMilliseconds))}");
        Assert.Equal(1, host.Fake.ConnectionCount);
        Assert.Equal(0, host.Fake.ResumeCount);
        Assert.Equal(4, host.Handler.Received.OfType<TextReceived>().Count());
        Assert.False(adapter.IsCompleted);
    }
}
