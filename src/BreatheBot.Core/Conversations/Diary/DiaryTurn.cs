using BreatheBot.Core.Episodes;
using BreatheBot.Core.Messaging;

namespace BreatheBot.Core.Conversations;

/// <summary>
/// What the diary-entry flows (/log, edit and delete from /history) need from a turn. The engine's turn provides it;
/// the flows never see the rest of the engine.
/// </summary>
internal interface IDiaryTurn
{
    DateTimeOffset Now { get; }

    /// <summary>The person's time zone (UTC when unset).</summary>
    TimeZoneInfo Zone { get; }

    /// <summary>The person's stored episodes (loaded for every diary-entry step).</summary>
    IReadOnlyList<Episode> Diary { get; }

    /// <summary>A new episode of the person, started now, with a fresh id.</summary>
    Episode NewEpisode();

    void Say(string key, string text, IReadOnlyList<ReplyChoice>? choices = null, string? slot = null);

    /// <summary>Edits a message sent earlier in <paramref name="slot"/> (a multi-select's ticks).</summary>
    void Edit(string key, string slot, string text, IReadOnlyList<ReplyChoice> choices);

    void Save(Episode episode);

    /// <summary>Deletes one of the person's episodes in this turn's commit (as thoroughly as /forget).</summary>
    void Delete(string episodeId);
}

/// <summary>A typed or pressed answer.</summary>
internal readonly record struct DiaryInput(string? Text, string? ChoiceId);

/// <summary>
/// A short, stable reference to an episode for a button: its id is too long for a button (Telegram allows 64 bytes of
/// callback data, our choice ids 32). Eight hex digits of an FNV-1a hash: unique within one person's diary in practice,
/// and a press is always checked against that diary.
/// </summary>
internal static class EpisodeRef
{
    public static string Of(string episodeId)
    {
        ArgumentNullException.ThrowIfNull(episodeId);
        var hash = 2166136261u;
        foreach (var c in episodeId)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return hash.ToString("x8", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The person's episode a reference points at, or null (deleted meanwhile, or not theirs).</summary>
    public static Episode? Find(IReadOnlyList<Episode> diary, string reference) =>
        diary.FirstOrDefault(e => Of(e.Id) == reference);
}
