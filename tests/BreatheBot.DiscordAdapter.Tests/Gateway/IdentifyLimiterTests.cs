using BreatheBot.DiscordAdapter.Gateway;
using BreatheBot.DiscordAdapter.State;
using BreatheBot.DiscordAdapter.Tests.Fakes;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace BreatheBot.DiscordAdapter.Tests.Gateway;

public sealed class IdentifyLimiterTests
{
    private static (IdentifyLimiter Limiter, FakeTimeProvider Time, IDiscordStateStore Store) Create(int maxPerDay = 900, IDiscordStateStore? store = null)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 29, 7, 0, 0, TimeSpan.Zero));
        store ??= new InMemoryDiscordStateStore();
        var options = Options.Create(new DiscordOptions { MaxIdentifiesPerDay = maxPerDay, IdentifyInterval = TimeSpan.FromSeconds(5), IdentifyExtraJitterMax = TimeSpan.Zero });
        return (new IdentifyLimiter(options, store, time, new FixedRandom(0)), time, store);
    }

    // Scenario 11 (identify spacing)
    [Fact(Timeout = 5_000)]
    public async Task WaitAsync_allows_at_most_one_identify_per_five_seconds()
    {
        var (limiter, time, _) = Create();
        Assert.True(await limiter.WaitAsync(CancellationToken.None));
        await limiter.RecordAsync(CancellationToken.None);

        var second = limiter.WaitAsync(CancellationToken.None);
        await Task.Delay(50);
        Assert.False(second.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(4.9));
        await Task.Delay(50);
        Assert.False(second.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(0.2));
        Assert.True(await second.WaitAsync(TimeSpan.FromSeconds(2)));
    }

    [Fact(Timeout = 5_000)]
    public async Task WaitAsync_refuses_when_the_daily_budget_is_used_and_forgets_identifies_older_than_a_day()
    {
        var (limiter, time, _) = Create(maxPerDay: 3);
        for (var i = 0; i < 3; i++)
        {
            time.Advance(TimeSpan.FromSeconds(6));
            Assert.True(await limiter.WaitAsync(CancellationToken.None));
            await limiter.RecordAsync(CancellationToken.None);
        }

        Assert.False(await limiter.WaitAsync(CancellationToken.None));
        time.Advance(TimeSpan.FromHours(24));
        Assert.True(await limiter.WaitAsync(CancellationToken.None));
        Assert.Equal(0, await limiter.CountTodayAsync(CancellationToken.None));
    }

    [Fact(Timeout = 5_000)]
    public async Task Identify_count_is_persisted_in_the_state_file_across_restarts()
    {
        var path = Path.Combine(Path.GetTempPath(), "breathebot-discord-tests", Guid.NewGuid().ToString("N"), "state.json");
        var (first, time, _) = Create(store: new FileDiscordStateStore(path));
        Assert.True(await first.WaitAsync(CancellationToken.None));
        await first.RecordAsync(CancellationToken.None);
        await first.RecordAsync(CancellationToken.None);

        var restarted = new IdentifyLimiter(
            Options.Create(new DiscordOptions { MaxIdentifiesPerDay = 2 }), new FileDiscordStateStore(path), time, new FixedRandom(0));
        Assert.Equal(2, await restarted.CountTodayAsync(CancellationToken.None));
        Assert.False(await restarted.WaitAsync(CancellationToken.None));
    }

    [Fact(Timeout = 5_000)]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task The_state_file_is_readable_by_its_owner_only_in_a_private_folder()
    {
        var folder = Path.Combine(Path.GetTempPath(), "breathebot-discord-tests", Guid.NewGuid().ToString("N"));
        var path = Path.Combine(folder, "state", "state.json");
        var (limiter, _, _) = Create(store: new FileDiscordStateStore(path));
        await limiter.RecordAsync(CancellationToken.None);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.Combine(folder, "state")));
    }

    [Fact(Timeout = 15_000)]
    public async Task Gateway_stops_with_a_fatal_error_instead_of_identifying_past_the_daily_budget()
    {
        await using var host = await DiscordTestHost.StartAsync(c => c["Discord:MaxIdentifiesPerDay"] = "2");
        var run = host.RunGateway();
        await host.WaitReadyAsync();
        await host.Fake.CloseAsync(4009); // new session needed
        await FakeDiscord.WaitForAsync(() => host.Fake.IdentifyCount == 2 && host.Fake.Current!.Ready, "second identify");
        await host.Fake.CloseAsync(4009);

        var exit = await run.Task.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(exit.Fatal);
        Assert.Contains("Identify budget", exit.Reason, StringComparison.Ordinal);
        Assert.Equal(2, host.Fake.IdentifyCount);
    }
}
