namespace BreatheBot.Host.Health;

/// <summary>
/// The tags the checks carry: /healthz runs the <see cref="Live"/> checks and /readyz the <see cref="Ready"/> ones.
/// Live means a restart would help (the diary cannot commit); ready also covers the platforms' connections, which a
/// restart does not fix (a network or platform outage).
/// </summary>
internal static class HealthTags
{
    public const string Live = "live";
    public const string Ready = "ready";
}
