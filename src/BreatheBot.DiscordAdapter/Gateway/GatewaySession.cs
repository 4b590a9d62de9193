namespace BreatheBot.DiscordAdapter.Gateway;

/// <summary>The resumable session; it outlives single connections. Cleared when Discord says the session is gone.</summary>
internal sealed class GatewaySession
{
    public string? SessionId { get; private set; }

    public string? ResumeUrl { get; private set; }

    public int? LastSequence { get; private set; }

    public bool CanResume => SessionId is not null && ResumeUrl is not null;

    public void Start(string sessionId, string resumeUrl, int? sequence)
    {
        SessionId = sessionId;
        ResumeUrl = resumeUrl;
        LastSequence = sequence;
    }

    /// <summary>Only non-null sequence numbers advance the session.</summary>
    public void Observe(int? sequence)
    {
        if (sequence is { } s)
        {
            LastSequence = s;
        }
    }

    public void Clear()
    {
        SessionId = null;
        ResumeUrl = null;
        LastSequence = null;
    }
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
