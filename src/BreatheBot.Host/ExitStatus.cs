namespace BreatheBot.Host;

/// <summary>Why the application stopped itself, if it did: <see cref="BreatheBotHost.RunAsync"/> then exits with code 1.</summary>
internal sealed class ExitStatus
{
    private string? _problem;

    /// <summary>One line for the person running BreatheBot, or null after a normal stop.</summary>
    public string? Problem => Volatile.Read(ref _problem);

    public void Fail(string problem) => Interlocked.CompareExchange(ref _problem, problem, null);
}
