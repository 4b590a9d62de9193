using BreatheBot.Core.Insights;

namespace BreatheBot.Core.Messaging;

/// <summary>
/// A doctor's report the engine wants sent. The conversation service renders it to a PDF <see cref="FileReply"/> with the
/// registered <see cref="IReportRenderer"/> before anything reaches an adapter; adapters never see this type.
/// </summary>
internal sealed record ReportReply(string Key, DiaryReport Report, string FileName, string Caption) : Reply(Key);
