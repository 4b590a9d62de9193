using BreatheBot.Core.Cluster;

namespace BreatheBot.TelegramAdapter.Tests.Fakes;

/// <summary>An attempts store that cannot be reached (PostgreSQL away): every call fails.</summary>
public sealed class UnreachableDeliveryAttempts : IDeliveryAttempts
{
    public ValueTask<int> FailedAsync(string platform, string deliveryId, CancellationToken cancellationToken) =>
        ValueTask.FromException<int>(new TimeoutException("no connection"));

    public ValueTask DoneAsync(string platform, string deliveryId, CancellationToken cancellationToken) =>
        ValueTask.FromException(new TimeoutException("no connection"));
}
