namespace BreatheBot.DiscordAdapter.Gateway;

/// <summary>
/// The resumable session; it outlives single connections. Cleared when Discord says the session is gone. Written by the
/// receive loop and read by whoever shares it with other nodes, so every access takes a small lock.
/// </summary>
internal sealed class GatewaySession
{
    private readonly Lock _lock = new();
    private string? _sessionId;
    private string? _resumeUrl;
    private int? _lastSequence;

    public string? SessionId
    {
        get
        {
            lock (_lock)
            {
                return _sessionId;
            }
        }
    }

    public string? ResumeUrl
    {
        get
        {
            lock (_lock)
            {
                return _resumeUrl;
            }
        }
    }

    public int? LastSequence
    {
        get
        {
            lock (_lock)
            {
                return _lastSequence;
            }
        }
    }

    public bool CanResume
    {
        get
        {
            lock (_lock)
            {
                return _sessionId is not null && _resumeUrl is not null;
            }
        }
    }

    public void Start(string sessionId, string resumeUrl, int? sequence)
    {
        lock (_lock)
        {
            _sessionId = sessionId;
            _resumeUrl = resumeUrl;
            _lastSequence = sequence;
        }
    }

    /// <summary>Only non-null sequence numbers advance the session.</summary>
    public void Observe(int? sequence)
    {
        if (sequence is { } s)
        {
            lock (_lock)
            {
                _lastSequence = s;
            }
        }
    }

    public void Clear()
    {
        lock (_lock)
        {
            _sessionId = null;
            _resumeUrl = null;
            _lastSequence = null;
        }
    }

    /// <summary>The three fields read together (never a session id with another session's sequence).</summary>
    public GatewaySessionSnapshot Snapshot()
    {
        lock (_lock)
        {
            return new GatewaySessionSnapshot(_sessionId, _resumeUrl, _lastSequence);
        }
    }

    /// <summary>Takes over a session another node (or an earlier run) left; an empty one clears.</summary>
    public void Restore(GatewaySessionSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        lock (_lock)
        {
            _sessionId = snapshot.SessionId;
            _resumeUrl = snapshot.ResumeUrl;
            _lastSequence = snapshot.LastSequence;
        }
    }
}

/// <summary>A session's fields at one moment.</summary>
internal sealed record GatewaySessionSnapshot(string? SessionId, string? ResumeUrl, int? LastSequence)
{
    public static GatewaySessionSnapshot Empty { get; } = new(null, null, null);

    public bool CanResume => SessionId is not null && ResumeUrl is not null;
}

/// <summary>Where the gateway client is (see the session state machine in the brief, §2.7).</summary>
public enum GatewayState
{
    Disconnected,
    Connecting,
    AwaitHello,
    Identifying,
    Resuming,
    Ready,
    Faulted,
}
