using BreatheBot.Core.Episodes;

namespace BreatheBot.Core.Conversations;

/// <summary>Creating, closing and keeping episodes: shared by every personal flow.</summary>
internal static class EpisodeLifecycle
{
    internal static EpisodeStatus OpenOr(Episode episode, EpisodeStatus status) =>
        episode.Status == EpisodeStatus.Open ? status : episode.Status;

    /// <summary>Saves a finished or abandoned episode, when it holds anything worth keeping.</summary>
    internal static void EndEpisode(Turn turn, Episode original, Episode final)
    {
        if (IsWorthKeeping(final))
        {
            turn.Save(final);
        }
        else if (!ReferenceEquals(original, final) && IsWorthKeeping(original))
        {
            turn.Save(final);
        }
    }

    /// <summary>An episode is kept once the person has answered the first safety question.</summary>
    internal static bool IsWorthKeeping(Episode episode) => episode.EmergencyScreenClear || episode.RedFlagTier is not null;

    /// <summary>A new open episode of <paramref name="kind"/>, started now.</summary>
    internal static Episode NewEpisode(Turn turn, EpisodeKind kind)
    {
        var key = turn.Inbound.Key;
        return new Episode
        {
            Id = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{ConversationKey.PlatformName(key.Platform)}-{key.UserId}-{turn.Now.ToUnixTimeMilliseconds()}")
                + (turn.Inputs.EpisodeIdSuffix is { } suffix ? "-" + suffix : string.Empty),
            UserKey = turn.PersonKey,
            ConversationKey = key.ToString(),
            Kind = kind,
            StartedAt = turn.Now,
            UpdatedAt = turn.Now,
            Status = EpisodeStatus.Open,
        };
    }
}
