using BreatheBot.Core.Cluster;
using BreatheBot.Host.Health;
using BreatheBot.TelegramAdapter.Tests.Fakes;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace BreatheBot.TelegramAdapter.Tests.Cluster;

/// <summary>A node standing by for a lease: how often it tries (on the injected clock), and what its health says.</summary>
public sealed class StandingByTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 4, 1, 0, 0, TimeSpan.Zero));
    private readonly FakeLogger<TelegramLeases> _log = new();

    private TelegramLeases Leases(IClusterLeases leases, TelegramOptions? options = null) =>
        new(leases, Options.Create(options ?? new TelegramOptions { BotToken = FakeTelegramServer.Token }), _time, _log);

    [Fact]
    public async Task A_node_standing_by_tries_the_lease_every_two_seconds_by_default_and_takes_it_when_it_is_free()
    {
        var scripted = new ScriptedClusterLeases { Available = false };
        var leases = Leases(scripted);
        var standingBy = 0;

        var acquiring = leases.AcquireAsync(leases.Poller, () => standingBy++, CancellationToken.None);
        Assert.Equal(1, scripted.Tries);
        _time.Advance(TimeSpan.FromMilliseconds(1_999));
        Assert.Equal(1, scripted.Tries);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        await Eventually.TrueAsync(() => scripted.Tries == 2, "the second try, 2 s after the first");
        scripted.Available = true;
        await Eventually.TrueAsync(
            () =>
            {
                _time.Advance(TimeSpan.FromMilliseconds(500)); // the next wait starts once the second try is over
                return acquiring.IsCompleted;
            },
            "the third try takes the lease");
        await using var lease = await acquiring;

        Assert.Equal("telegram-poller:123456789", lease!.Name);
        Assert.Equal(3, scripted.Tries);
        Assert.Equal(2, standingBy);
        Assert.Single(_log.Collector.GetSnapshot(), r => r.Id.Id == 2071); // said once, not at every try
    }

    [Fact]
    public async Task Leases_that_cannot_be_reached_are_tried_again_after_the_interval_and_stopping_ends_the_wait()
    {
        var failing = new FailingLeases();
        var leases = Leases(failing, new TelegramOptions { BotToken = FakeTelegramServer.Token, LeaseRetryInterval = TimeSpan.FromSeconds(5) });
        using var stopping = new CancellationTokenSource();

        var acquiring = leases.AcquireAsync(leases.WebhookSetup, null, stopping.Token);
        _time.Advance(TimeSpan.FromSeconds(5));
        await Eventually.TrueAsync(() => failing.Tries == 2, "tried again after 5 s");
        await stopping.CancelAsync();

        Assert.Null(await acquiring.WaitAsync(TimeSpan.FromSeconds(5)));
        var failed = _log.Collector.GetSnapshot().Where(r => r.Id.Id == 2073).ToList();
        Assert.Equal(2, failed.Count);
        Assert.Contains("telegram-webhook-setup:123456789", failed[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_polling_node_standing_by_is_healthy_and_its_silence_counts_from_when_it_took_the_lease_over()
    {
        var status = new TelegramReceiveStatus(_time);
        var check = new TelegramHealthCheck(status, Options.Create(new TelegramOptions()), Options.Create(new HealthOptions { TelegramMaxSilence = TimeSpan.FromMinutes(1) }), _time);

        status.Standby();
        _time.Advance(TimeSpan.FromHours(3));
        var standingBy = await check.CheckHealthAsync(new HealthCheckContext());
        status.Leading();
        _time.Advance(TimeSpan.FromSeconds(30));
        var leading = await check.CheckHealthAsync(new HealthCheckContext());
        _time.Advance(TimeSpan.FromSeconds(31));
        var silent = await check.CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(HealthStatus.Healthy, standingBy.Status);
        Assert.Contains("standing by", standingBy.Description, StringComparison.Ordinal);
        Assert.Equal(HealthStatus.Healthy, leading.Status);
        Assert.Equal(HealthStatus.Unhealthy, silent.Status);
    }

    private sealed class FailingLeases : IClusterLeases
    {
        private int _tries;

        public int Tries => Volatile.Read(ref _tries);

        public ValueTask<IClusterLease?> TryAcquireAsync(string name, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _tries);
            throw new InvalidOperationException("the database is restarting");
        }
    }
}
