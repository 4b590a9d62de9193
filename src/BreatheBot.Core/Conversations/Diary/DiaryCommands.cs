using System.Globalization;
using BreatheBot.Core.Commands;
using BreatheBot.Core.Content;
using BreatheBot.Core.Episodes;
using BreatheBot.Core.Insights;
using BreatheBot.Core.Messaging;
using BreatheBot.Core.Privacy;

namespace BreatheBot.Core.Conversations;

/// <summary>
/// A person's own data (private chats only): /history, /stats with a chart, /report (<see cref="DiaryReportCommand"/>), /export, /privacy, /forget, /link, and the
/// medication-overuse note. Owns <see cref="ConfirmForgetState"/>; /settings is <see cref="DiarySettings"/>.
/// </summary>
internal sealed class DiaryCommands(StepKit kit, DiarySettings settings)
{
    private readonly StepKit _kit = kit;

    private readonly DiarySettings _settings = settings;

    private const string HistorySlot = "history";

    /// <summary>
    /// True when the turn needs the person's diary (their stored episodes): the data commands and their buttons, and
    /// logging medication (for the medication-overuse count). The service loads it only then.
    /// </summary>
    public static bool NeedsDiary(ConversationState state, InboundEvent inbound)
    {
        ArgumentNullException.ThrowIfNull(inbound);
        if (inbound.Key.IsChannel || inbound.Chat == ChatKind.Group)
        {
            return false;
        }

        return inbound switch
        {
            CommandReceived { Name: BotCommands.History or BotCommands.Stats or BotCommands.Export or BotCommands.Report } => true,
            CommandReceived { Name: BotCommands.Start, Argument: var a } when a is not null && a.Trim().ToLowerInvariant() is BotCommands.History or BotCommands.Stats or BotCommands.Export or BotCommands.Report => true,
            ChoiceSelected c when c.ChoiceId.StartsWith("hist:", StringComparison.Ordinal) || c.ChoiceId.StartsWith("stats:", StringComparison.Ordinal) => true,
            // "it's gone" with nothing running ends the newest open headache in the diary.
            TextReceived t when state is not FlowState && HeadacheGone.Matches(t.Text) => true,
            TimerFired when state is IdleState or CheckInState => true, // the daily check-in stays quiet on a day with an episode
            _ => state is MedicationState or MedicationTimingState || DiaryEntries.NeedsDiary(state, inbound),
        };
    }

    public ConversationState Run(Turn turn, ConversationState state, string name, string? argument)
    {
        switch (name)
        {
            case BotCommands.History:
                ShowHistory(turn, page: 0, edit: false);
                return state;
            case BotCommands.Stats:
                ShowStats(turn, ParseWindow(argument));
                return state;
            case BotCommands.Export:
                Export(turn);
                return state;
            case BotCommands.Report:
                DiaryReportCommand.Show(turn, argument);
                return state;
            case BotCommands.Privacy:
                turn.Say("privacy", PrivacyNotice.For(turn.Inbound.Key.Platform, _kit.Privacy));
                return state;
            case BotCommands.Forget:
                turn.Say("forget.confirm", InsightsWording.ForgetConfirm, [new("fg:yes", InsightsWording.ForgetYes), new("fg:no", InsightsWording.ForgetNo)]);
                return new ConfirmForgetState();
            case BotCommands.Settings when CheckInSettings.IsArgument(argument):
                return CheckInSettings.FromArgument(turn, argument!);
            case BotCommands.Settings:
                return _settings.Command(turn, state, argument);
            case BotCommands.Link:
                DiaryLink.Link(turn, argument);
                // An episode in progress moves to the linked diary too.
                return turn.LinkToPerson is { } link && state is FlowState flow
                    ? flow with { Episode = flow.Episode with { UserKey = link.PersonKey } }
                    : state;
            default:
                return state;
        }
    }

    private static StatsWindow ParseWindow(string? argument) => argument?.Trim().ToLowerInvariant() switch
    {
        "90d" or "90" or "90 days" => StatsWindow.Last90Days,
        "all" or "all time" => StatsWindow.All,
        _ => StatsWindow.Last30Days,
    };

    private static TimeZoneInfo ZoneOf(Turn turn) => turn.Profile?.TimeZone ?? TimeZoneInfo.Utc;

    private static void ShowHistory(Turn turn, int page, bool edit)
    {
        var diary = turn.Diary.OrderByDescending(e => e.StartedAt).ToList();
        if (diary.Count == 0)
        {
            turn.Say("history", InsightsWording.EmptyDiary);
            return;
        }

        var pages = (diary.Count + InsightsWording.HistoryPageSize - 1) / InsightsWording.HistoryPageSize;
        page = Math.Clamp(page, 0, pages - 1);
        var zone = ZoneOf(turn);
        // Entries are numbered newest first across pages; each has Edit and Delete (HistoryEntries), then paging.
        var first = page * InsightsWording.HistoryPageSize + 1;
        var shown = diary.Skip(first - 1).Take(InsightsWording.HistoryPageSize).ToList();
        var lines = shown.Select((e, i) => (first + i).ToString(CultureInfo.InvariantCulture) + ". " + InsightsWording.HistoryLine(e, zone));
        var text = InsightsWording.HistoryHeader(page, pages, diary.Count) + "\n" + string.Join("\n", lines);
        var buttons = new List<ReplyChoice>(HistoryEntries.HistoryButtons(shown, first));
        if (page + 1 < pages)
        {
            buttons.Add(new ReplyChoice("hist:" + (page + 1).ToString(CultureInfo.InvariantCulture), InsightsWording.Older));
        }

        if (page > 0)
        {
            buttons.Add(new ReplyChoice("hist:" + (page - 1).ToString(CultureInfo.InvariantCulture), InsightsWording.Newer));
        }

        if (edit)
        {
            turn.Edit("history", HistorySlot, text, buttons);
        }
        else
        {
            turn.Say("history", text, buttons, HistorySlot);
        }
    }

    private static void ShowStats(Turn turn, StatsWindow window)
    {
        var zone = ZoneOf(turn);
        var stats = DiaryStatistics.Compute(turn.Diary, window, turn.Now, zone);
        turn.Say("stats", InsightsWording.Stats(stats),
        [
            new("stats:30d", "30 days"),
            new("stats:90d", "90 days"),
            new("stats:all", "All time"),
        ]);
        CheckInFlow.SayBaseline(turn, window, zone);
        if (stats.Episodes > 0)
        {
            var from = window switch
            {
                StatsWindow.Last30Days => turn.Now - TimeSpan.FromDays(30),
                StatsWindow.Last90Days => turn.Now - TimeSpan.FromDays(90),
                _ => DateTimeOffset.MinValue,
            };
            // Pain after self-care: never a follow-up taken after a painkiller (SelfCarePain).
            var points = SelfCarePain.ChartPoints(turn.Diary, from, zone);
            bool windowed = window != StatsWindow.All;
            var chart = new DiaryChart("Your headache diary, " + InsightsWording.WindowName(window), points, stats.HeadacheDaysPerMonth,
                windowed ? TimeZoneInfo.ConvertTime(from, zone) : null,
                windowed ? TimeZoneInfo.ConvertTime(turn.Now, zone) : null);
            turn.Add(new ChartReply("stats.chart", chart, "breathebot-stats.png", InsightsWording.ChartCaption));
        }
    }

    private static void Export(Turn turn)
    {
        if (turn.Diary.Count == 0 && turn.Profile is null)
        {
            turn.Say("export.empty", InsightsWording.ExportEmpty);
            return;
        }

        turn.Add(new FileReply("export.csv", "breathebot-diary.csv", "text/csv", DiaryExport.Csv(turn.Diary, ZoneOf(turn)), InsightsWording.ExportCaptionCsv));
        turn.Add(new FileReply("export.json", "breathebot-diary.json", "application/json", DiaryExport.Json(turn.Profile, turn.Diary, turn.Now, turn.Days), InsightsWording.ExportCaptionJson));
    }

    public ConversationState AnswerViewButton(Turn turn, ConversationState state, string choiceId)
    {
        if (choiceId.StartsWith("hist:", StringComparison.Ordinal))
        {
            var page = int.TryParse(choiceId.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? p : 0;
            ShowHistory(turn, page, edit: true);
            return state;
        }

        ShowStats(turn, choiceId switch
        {
            "stats:90d" => StatsWindow.Last90Days,
            "stats:all" => StatsWindow.All,
            _ => StatsWindow.Last30Days,
        });
        return state;
    }

    /// <summary>"Delete everything?", asked (again).</summary>
    public static ConversationState AskForget(Turn turn)
    {
        turn.Say("forget.confirm", InsightsWording.ForgetConfirm, [new("fg:yes", InsightsWording.ForgetYes), new("fg:no", InsightsWording.ForgetNo)]);
        return new ConfirmForgetState();
    }

    public static ConversationState AnswerForget(Turn turn, Input input)
    {
        var answer = input.ChoiceId ?? TypedAnswer.Normalise(input.Text!) switch
        {
            "yes" or "yes delete everything" or "delete" or "delete everything" or "1" => "fg:yes",
            "no" or "no keep it" or "keep" or "keep it" or "2" => "fg:no",
            _ => null,
        };

        switch (answer)
        {
            case "fg:yes":
                turn.Forget(turn.PersonKey);
                turn.Add(new DataErasedReply("forget.files"));
                turn.Say("forget.done", InsightsWording.Forgotten);
                return new IdleState();
            case "fg:no":
                turn.Say("forget.cancelled", InsightsWording.ForgetCancelled);
                return new IdleState();
            default:
                turn.Say("forget.confirm", InsightsWording.ForgetConfirm, [new("fg:yes", InsightsWording.ForgetYes), new("fg:no", InsightsWording.ForgetNo)]);
                return new ConfirmForgetState();
        }
    }

    /// <summary>After a medication answer: the calm overuse note (content.md §7) when the person's own log reaches the thresholds.</summary>
    public static void CheckMedicationOveruse(Turn turn, Episode episode)
    {
        if (MedicationDays.ClassOf(episode.Medication) is null)
        {
            return;
        }

        var diary = turn.Diary.Where(e => e.Id != episode.Id).Append(episode);
        var days = MedicationDays.Count(diary, turn.Now, ZoneOf(turn));
        if (days.WorthTalkingToADoctor)
        {
            turn.Say("medication.overuse", InsightsWording.MedicationOveruse(days.AnyDays));
        }
    }
}
