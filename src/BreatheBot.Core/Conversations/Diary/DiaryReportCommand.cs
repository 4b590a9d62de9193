using BreatheBot.Core.Content;
using BreatheBot.Core.Insights;
using BreatheBot.Core.Messaging;

namespace BreatheBot.Core.Conversations;

/// <summary>/report: the doctor's report (a PDF the conversation service renders), private chats only like every diary command.</summary>
internal static class DiaryReportCommand
{
    /// <summary>/report [30d|90d|all]: the report for the period (90 days by default), or a clear reply instead of a PDF.</summary>
    public static void Show(Turn turn, string? argument)
    {
        if (!DiaryReport.TryParseWindow(argument, out var window))
        {
            turn.Say("report.bad-window", ReportWording.BadWindow);
        }
        else if (turn.Diary.Count == 0)
        {
            turn.Say("report.empty", InsightsWording.EmptyDiary);
        }
        else if (DiaryReport.InWindow(turn.Diary, window, turn.Now).Count == 0)
        {
            turn.Say("report.empty-window", ReportWording.EmptyWindow(window));
        }
        else
        {
            turn.Add(new ReportReply("report", DiaryReport.Build(turn.Diary, turn.Profile, window, turn.Now), ReportWording.FileName, ReportWording.Caption));
        }
    }
}
