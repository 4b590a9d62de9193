using BreatheBot.Core.Insights;

namespace BreatheBot.Core.Messaging;

/// <summary>
/// A chart the engine wants shown. The conversation service renders it to a PNG <see cref="FileReply"/> with the
/// registered <see cref="IChartRenderer"/> before anything reaches an adapter; adapters never see this type.
/// </summary>
internal sealed record ChartReply(string Key, DiaryChart Chart, string FileName, string Caption) : Reply(Key);
