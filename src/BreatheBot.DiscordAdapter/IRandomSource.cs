namespace BreatheBot.DiscordAdapter;

/// <summary>Randomness for jitter, injectable so tests can pin it.</summary>
public interface IRandomSource
{
    /// <summary>A value in [0, 1).</summary>
    double NextDouble();
}

internal sealed class SharedRandomSource : IRandomSource
{
    public double NextDouble() => Random.Shared.NextDouble();
}
