using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using BreatheBot.Core.Conversations;
using BreatheBot.Core.Episodes;
using BreatheBot.Core.Messaging;

namespace BreatheBot.Core.Diagnostics;

/// <summary>
/// BreatheBot's one <see cref="Meter"/> (<see cref="MeterName"/>: <c>dotnet-counters monitor --counters BreatheBot</c>).
/// Tags are few fixed words (platform, event, outcome, kind, tier): never a user, chat, message or any text a person
/// wrote, so no series can tell who used the bot or what they said. Created once per host through
/// <see cref="IMeterFactory"/>; without a factory (unit tests) it owns a meter of its own.
/// </summary>
public sealed class BreatheBotMetrics : IDisposable
{
    public const string MeterName = "BreatheBot";

    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly Counter<long> _turns;
    private readonly Histogram<double> _turnDuration;
    private readonly Histogram<double> _commitDuration;
    private readonly Counter<long> _flowsStarted;
    private readonly Counter<long> _flowsFinished;
    private readonly Counter<long> _screens;
    private readonly Counter<long> _replies;
    private readonly Counter<long> _retries;
    private readonly Counter<long> _rateLimited;
    private readonly ConcurrentDictionary<string, Func<int>> _outboxes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Func<int>> _gauges = new(StringComparer.Ordinal);

    public BreatheBotMetrics(IMeterFactory? meterFactory = null)
    {
        _ownsMeter = meterFactory is null;
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _turns = _meter.CreateCounter<long>("turns", "{turn}", "Turns run (event: text, choice, command, timer, membership; outcome: ok; error = the engine failed and the calm fallback was sent; failed = not saved, so not confirmed; duplicate = a redelivery dropped)");
        _turnDuration = _meter.CreateHistogram<double>("turn.duration", "s", "Time from taking a turn's conversation to its commit being durable");
        _commitDuration = _meter.CreateHistogram<double>("storage.commit.duration", "s", "Time for one turn's commit to become durable");
        _flowsStarted = _meter.CreateCounter<long>("flows.started", "{flow}", "Personal flows started (kind: headache, breathing, points)");
        _flowsFinished = _meter.CreateCounter<long>("flows.finished", "{flow}", "Personal flows left, finished or stopped (kind)");
        _screens = _meter.CreateCounter<long>("redflag.screens", "{screen}", "Warning-sign screens (tier: emergency, same_day; outcome: shown, flagged). Counts only");
        _replies = _meter.CreateCounter<long>("replies", "{reply}", "Replies handed to a platform's sender (platform)");
        _retries = _meter.CreateCounter<long>("platform.retries", "{request}", "Platform requests retried after a network or server error (platform)");
        _rateLimited = _meter.CreateCounter<long>("platform.rate_limited", "{response}", "429 Too Many Requests answers from a platform (platform)");
        _meter.CreateObservableGauge("outbox.depth", ObserveOutboxes, "{message}", "Messages waiting in a platform's outbox (platform)");
        _meter.CreateObservableGauge("conversations.active", () => Read("conversations.active"), "{conversation}", "Conversations in a turn or delivering its replies right now");
        _meter.CreateObservableGauge("conversations.live", () => Read("conversations.live"), "{conversation}", "Conversations waiting for a wake-up: a flow in progress (a question, a pacer, a hold, a follow-up)");
        _meter.CreateObservableGauge("pacers.armed", () => Read("pacers.armed"), "{pacer}", "Breathing pacers running right now");
    }

    /// <summary>The meter, for tests that listen to exactly this instance.</summary>
    public Meter Meter => _meter;

    public void TurnCompleted(Platform platform, InboundEvent inbound, string outcome, TimeSpan duration)
    {
        ArgumentNullException.ThrowIfNull(inbound);
        var tags = new TagList { { "platform", PlatformTag(platform) }, { "event", EventTag(inbound) }, { "outcome", outcome } };
        _turns.Add(1, tags);
        if (outcome != "duplicate")
        {
            _turnDuration.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("platform", PlatformTag(platform)));
        }
    }

    public void CommitCompleted(TimeSpan duration) => _commitDuration.Record(duration.TotalSeconds);

    /// <summary>Counts flows started and finished, and warning-sign screens, from one turn's step change.</summary>
    public void StepChanged(ConversationState before, ConversationState after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var beforeFlow = before as FlowState;
        var afterFlow = after as FlowState;
        var sameEpisode = beforeFlow is not null && afterFlow is not null && beforeFlow.Episode.Id == afterFlow.Episode.Id;
        if (beforeFlow is not null && !sameEpisode)
        {
            _flowsFinished.Add(1, new KeyValuePair<string, object?>("kind", KindTag(beforeFlow.Episode.Kind)));
        }

        if (afterFlow is not null && !sameEpisode)
        {
            _flowsStarted.Add(1, new KeyValuePair<string, object?>("kind", KindTag(afterFlow.Episode.Kind)));
        }

        if (after is ScreeningState shown && !(before is ScreeningState previous && previous.Tier == shown.Tier && sameEpisode))
        {
            _screens.Add(1, new KeyValuePair<string, object?>("tier", TierTag(shown.Tier)), new KeyValuePair<string, object?>("outcome", "shown"));
        }

        if (after is RedFlagRecordState flagged && before is not RedFlagRecordState)
        {
            _screens.Add(1, new KeyValuePair<string, object?>("tier", TierTag(flagged.Tier)), new KeyValuePair<string, object?>("outcome", "flagged"));
        }
    }

    public void RepliesSent(Platform platform, int count) => _replies.Add(count, new KeyValuePair<string, object?>("platform", PlatformTag(platform)));

    public void Retried(Platform platform) => _retries.Add(1, new KeyValuePair<string, object?>("platform", PlatformTag(platform)));

    public void RateLimited(Platform platform) => _rateLimited.Add(1, new KeyValuePair<string, object?>("platform", PlatformTag(platform)));

    /// <summary>Reports a platform's outbox length on every collection (the latest registration per platform wins).</summary>
    public void ObserveOutbox(Platform platform, Func<int> depth) => _outboxes[PlatformTag(platform)] = depth;

    /// <summary>The conversation service reports its live counts here.</summary>
    internal void ObserveConversations(Func<int> active, Func<int> live, Func<int> pacers)
    {
        _gauges["conversations.active"] = active;
        _gauges["conversations.live"] = live;
        _gauges["pacers.armed"] = pacers;
    }

    public void Dispose()
    {
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }

    private int Read(string name) => _gauges.TryGetValue(name, out var read) ? read() : 0;

    private IEnumerable<Measurement<int>> ObserveOutboxes() =>
        _outboxes.Select(o => new Measurement<int>(o.Value(), new KeyValuePair<string, object?>("platform", o.Key)));

    public static string PlatformTag(Platform platform) => platform switch
    {
        Platform.Telegram => "telegram",
        Platform.Discord => "discord",
        _ => "terminal",
    };

    private static string EventTag(InboundEvent inbound) => inbound switch
    {
        TextReceived => "text",
        ChoiceSelected => "choice",
        CommandReceived => "command",
        TimerFired => "timer",
        MembershipChanged => "membership",
        _ => "other",
    };

    private static string KindTag(EpisodeKind kind) => kind switch
    {
        EpisodeKind.BreathingOnly => "breathing",
        EpisodeKind.PointsOnly => "points",
        _ => "headache",
    };

    private static string TierTag(RedFlagTier tier) => tier == RedFlagTier.Emergency ? "emergency" : "same_day";
}
