namespace BreatheBot.DiscordAdapter;

/// <summary>
/// Stops the whole adapter (REST and gateway) once something unrecoverable happened: a 401 on a bot route (dead token),
/// a fatal gateway close code, or an exhausted Identify budget. Tripping is one-way and idempotent.
/// </summary>
internal sealed class DiscordKillSwitch : IDisposable
{
    private readonly CancellationTokenSource _cts = new();
    private string? _reason;

    public CancellationToken Token => _cts.Token;

    public bool IsTripped => _reason is not null;

    public string? Reason => _reason;

    public bool Trip(string reason)
    {
        if (Interlocked.CompareExchange(ref _reason, reason, null) is not null)
        {
            return false;
        }

        _cts.Cancel();
        return true;
    }

    public void Dispose() => _cts.Dispose();
}
