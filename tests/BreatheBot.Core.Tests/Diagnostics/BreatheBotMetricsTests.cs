using BreatheBot.Core.Conversations;
using BreatheBot.Core.Diagnostics;
using BreatheBot.Core.Episodes;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace BreatheBot.Core.Tests.Diagnostics;

/// <summary>Flows and warning-sign screens are counted from a turn's step change, with fixed-word tags only.</summary>
public sealed class BreatheBotMetricsTests : IDisposable
{
    private readonly BreatheBotMetrics _metrics = new();

    public void Dispose() => _metrics.Dispose();

    private static Episode Episode(string id, EpisodeKind kind = EpisodeKind.Headache) => new()
    {
        Id = id,
        UserKey = "telegram:111",
        ConversationKey = "telegram:111:111",
        Kind = kind,
        StartedAt = DateTimeOffset.UnixEpoch,
    };

    [Fact]
    public void A_headache_flow_through_both_screens_to_a_same_day_flag_counts_start_screens_flag_and_finish()
    {
        using var started = new MetricCollector<long>(_metrics.Meter, "flows.started");
        using var finished = new MetricCollector<long>(_metrics.Meter, "flows.finished");
        using var screens = new MetricCollector<long>(_metrics.Meter, "redflag.screens");
        var episode = Episode("e1");

        _metrics.StepChanged(new IdleState(), new ScreeningState(RedFlagTier.Emergency) { Episode = episode });
        _metrics.StepChanged(new ScreeningState(RedFlagTier.Emergency) { Episode = episode }, new ScreeningState(RedFlagTier.SameDay) { Episode = episode });
        _metrics.StepChanged(new ScreeningState(RedFlagTier.SameDay) { Episode = episode }, new ScreeningState(RedFlagTier.SameDay) { Episode = episode }); // a re-ask
        _metrics.StepChanged(new ScreeningState(RedFlagTier.SameDay) { Episode = episode }, new RedFlagRecordState(RedFlagTier.SameDay) { Episode = episode });
        _metrics.StepChanged(new RedFlagRecordState(RedFlagTier.SameDay) { Episode = episode }, new IdleState());

        var start = Assert.Single(started.GetMeasurementSnapshot());
        Assert.Equal("headache", start.Tags["kind"]);
        Assert.Equal("headache", Assert.Single(finished.GetMeasurementSnapshot()).Tags["kind"]);
        Assert.Equal(
            ["emergency/shown", "same_day/shown", "same_day/flagged"],
            screens.GetMeasurementSnapshot().Select(m => $"{m.Tags["tier"]}/{m.Tags["outcome"]}"));
    }

    [Fact]
    public void A_new_episode_replacing_another_finishes_the_old_flow_and_starts_the_new_one()
    {
        using var started = new MetricCollector<long>(_metrics.Meter, "flows.started");
        using var finished = new MetricCollector<long>(_metrics.Meter, "flows.finished");

        _metrics.StepChanged(new MedicationState { Episode = Episode("old") }, new BreathingPresetState { Episode = Episode("new", EpisodeKind.BreathingOnly) });
        _metrics.StepChanged(new BreathingPresetState { Episode = Episode("new", EpisodeKind.BreathingOnly) }, new BreathingLengthState(default) { Episode = Episode("new", EpisodeKind.BreathingOnly) });

        Assert.Equal("headache", Assert.Single(finished.GetMeasurementSnapshot()).Tags["kind"]);
        Assert.Equal("breathing", Assert.Single(started.GetMeasurementSnapshot()).Tags["kind"]);
    }
}
