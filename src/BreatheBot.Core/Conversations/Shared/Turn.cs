using BreatheBot.Core.Episodes;
using BreatheBot.Core.Messaging;

namespace BreatheBot.Core.Conversations;

/// <summary>Collects one turn's output.</summary>
internal sealed class Turn(InboundEvent inbound, UserProfile? profile, DateTimeOffset now, TurnInputs inputs)
{
    private readonly List<Reply> _replies = [];
    private readonly List<Episode> _episodes = [];
    private List<string>? _forget;
    private List<DayRecord>? _days;
    private bool _profileChanged;

    public TurnInputs Inputs { get; } = inputs;

    /// <summary>The person's stored episodes, when the caller loaded them (see NeedsDiary).</summary>
    public IReadOnlyList<Episode> Diary { get; } = inputs.Diary ?? [];

    /// <summary>The person's daily check-in answers, when the caller loaded them (with the diary).</summary>
    public IReadOnlyList<DayRecord> Days { get; } = inputs.Days ?? [];

    /// <summary>Stores a check-in answer; a second one for the same day in this turn replaces the first.</summary>
    public void SaveDay(DayRecord day)
    {
        _days ??= [];
        _days.RemoveAll(d => d.Id == day.Id);
        _days.Add(day);
    }

    private string? _personKey;

    /// <summary>The person this account's diary belongs to ("platform:user"); built when first needed.</summary>
    public string PersonKey => _personKey ??= Inputs.PersonKey ?? Inbound.Key.UserKey;

    public LinkCode? CreateLinkCode { get; set; }

    public LinkCode? LinkToPerson { get; set; }

    public void Forget(string userKey) => (_forget ??= []).Add(userKey);

    private List<string>? _delete;

    /// <summary>Deletes one of the person's episodes in this turn's commit (a write of it in this turn is dropped).</summary>
    public void Delete(string episodeId)
    {
        (_delete ??= []).Add(episodeId);
        var index = IndexOfEpisode(episodeId);
        if (index >= 0)
        {
            _episodes.RemoveAt(index);
        }
    }

    public void SetProfile(UserProfile updated)
    {
        Profile = updated;
        _profileChanged = true;
    }

    public InboundEvent Inbound { get; } = inbound;

    public DateTimeOffset Now { get; } = now;

    public UserProfile? Profile { get; private set; } = profile;

    public bool FirstUse { get; private set; }

    public void Say(string key, string text, IReadOnlyList<ReplyChoice>? choices = null, string? slot = null, bool wordsOnly = false) =>
        _replies.Add(new TextReply(key, text, choices ?? [], slot) { WordsOnly = wordsOnly });

    public void Edit(string key, string slot, string text, IReadOnlyList<ReplyChoice>? choices = null) =>
        _replies.Add(new EditReply(key, slot, text, choices ?? []));

    public void Add(Reply reply) => _replies.Add(reply);

    public void Save(Episode episode)
    {
        var index = IndexOfEpisode(episode.Id);
        if (index >= 0)
        {
            // Ids are unique in the list, so there is at most one to replace (it moves to the end, as before).
            _episodes.RemoveAt(index);
        }

        _episodes.Add(episode with { UpdatedAt = Now });
    }

    private int IndexOfEpisode(string id)
    {
        for (var i = 0; i < _episodes.Count; i++)
        {
            if (_episodes[i].Id == id)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Creates the profile on first contact; returns true the first time the disclaimer is due.</summary>
    public bool MarkFirstUse()
    {
        if (Profile is null)
        {
            Profile = new UserProfile { UserKey = PersonKey, FirstSeenAt = Now };
            _profileChanged = true;
        }

        if (Profile.DisclaimerShownAt is null)
        {
            Profile = Profile with { DisclaimerShownAt = Now };
            _profileChanged = true;
            FirstUse = true;
        }

        return FirstUse;
    }

    public void RecordEmergency()
    {
        Profile = (Profile ?? new UserProfile { UserKey = PersonKey, FirstSeenAt = Now }) with { LastEmergencyFlagAt = Now };
        _profileChanged = true;
    }

    public TurnResult Finish(ConversationState before, ConversationState after)
    {
        // A flow step whose episode changed is saved with it (once it is worth keeping).
        if (after is FlowState flow && EpisodeLifecycle.IsWorthKeeping(flow.Episode)
            && (before is not FlowState previous || !ReferenceEquals(previous.Episode, flow.Episode))
            && IndexOfEpisode(flow.Episode.Id) < 0)
        {
            // A step may have stamped it already (the screening answers do, to spare a copy on the busiest path).
            if (!flow.Episode.UpdatedAt.EqualsExact(Now))
            {
                after = flow = flow with { Episode = flow.Episode with { UpdatedAt = Now } };
            }

            _episodes.Add(flow.Episode);
        }

        var promptId = PromptStamps.NextPromptId(before, after, _replies);
        PromptStamps.StampChoices(_replies, promptId);
        if (after.PromptId != promptId)
        {
            after = after with { PromptId = promptId };
        }

        if (_forget is { Count: > 0 })
        {
            // Nothing about a forgotten person is written after their data is erased.
            return new TurnResult(new IdleState { PromptId = promptId }, _replies, [], null) { ForgetUsers = [.. _forget] };
        }

        return new TurnResult(after, _replies, _episodes, _profileChanged ? Profile : null)
        {
            DaysToSave = _days is null ? [] : [.. _days],
            CreateLinkCode = CreateLinkCode,
            LinkToPerson = LinkToPerson,
            DeleteEpisodes = _delete is null ? [] : [.. _delete],
        };
    }
}
