using BreatheBot.Core.Messaging;

namespace BreatheBot.Core.Outbox;

/// <summary>
/// A reply handed to an <see cref="IReplySender"/> from the durable outbox. The sender reports each one, in order, as
/// soon as the platform has taken it (<see cref="Confirm"/>), so a crash repeats at most the send in flight.
/// </summary>
public sealed class OutgoingReply(string id, Reply reply)
{
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The outbox entry's id: at most 16 characters of [0-9a-z], stable across restarts (a platform idempotency key).</summary>
    public string Id { get; } = id;

    public Reply Reply { get; } = reply;

    /// <summary>Completes when confirmed; cancelled when the reply was not sent and stays in the outbox.</summary>
    public Task Done => _done.Task;

    /// <summary>The platform took the reply, or the sender gave it up for good (a blocked chat, a refused request).</summary>
    public void Confirm() => _done.TrySetResult();

    /// <summary>Not sent (the sender is stopping): the reply stays in the outbox and goes out at the next start.</summary>
    public void Abandon() => _done.TrySetCanceled();
}
