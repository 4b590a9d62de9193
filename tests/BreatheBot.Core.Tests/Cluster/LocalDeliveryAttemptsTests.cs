using BreatheBot.Core.Cluster;

namespace BreatheBot.Core.Tests.Cluster;

/// <summary>
/// Failed delivery attempts on one node: numbered 1, 2, 3 per delivery and platform, cleared when done, and only a
/// bounded number of deliveries remembered (the oldest forgotten first), so a flood of failing updates cannot grow
/// memory without end.
/// </summary>
public sealed class LocalDeliveryAttemptsTests
{
    [Fact]
    public async Task Failures_are_numbered_per_delivery_and_platform_and_done_starts_again()
    {
        var attempts = new LocalDeliveryAttempts();

        Assert.Equal(1, await attempts.FailedAsync("telegram", "7", default));
        Assert.Equal(2, await attempts.FailedAsync("telegram", "7", default));
        Assert.Equal(1, await attempts.FailedAsync("discord", "7", default));
        Assert.Equal(1, await attempts.FailedAsync("telegram", "8", default));

        await attempts.DoneAsync("telegram", "7", default);

        Assert.Equal(1, await attempts.FailedAsync("telegram", "7", default));
        Assert.Equal(2, await attempts.FailedAsync("discord", "7", default));
    }

    [Fact]
    public async Task Only_the_latest_deliveries_are_remembered()
    {
        var attempts = new LocalDeliveryAttempts(capacity: 3);
        foreach (var id in new[] { "1", "2", "3", "4" })
        {
            await attempts.FailedAsync("telegram", id, default);
        }

        Assert.Equal(1, await attempts.FailedAsync("telegram", "1", default)); // forgotten: counted afresh
        Assert.Equal(2, await attempts.FailedAsync("telegram", "4", default));
    }
}
