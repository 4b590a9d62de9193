using System.Globalization;
using BreatheBot.Core.Commands;
using BreatheBot.Core.Content;
using BreatheBot.Core.Episodes;
using BreatheBot.Core.Insights;
using BreatheBot.Core.Messaging;
using BreatheBot.Core.Privacy;

namespace BreatheBot.Core.Conversations;

/// <summary>A person's own data: history, stats with a chart, export, forget, privacy and settings (private chats only).</summary>
public sealed partial class ConversationEngine
{
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
            CommandReceived { Name: BotCommands.History or BotCommands.Stats or BotCommands.Export } => true,
            CommandReceived { Name: BotCommands.Start, Argument: var a } when a is not null && a.Trim().ToLowerInvariant() is BotCommands.History or BotCommands.Stats or BotCommands.Export => true,
            ChoiceSelected c when c.ChoiceId.StartsWith("hist:", StringComparison.Ordinal) || c.ChoiceId.StartsWith("stats:", StringComparison.Ordinal) => true,
            // Diary entries: /log (for the overuse count) and edit or delete from /history read the diary each turn.
            CommandReceived { Name: BotCommands.Log } => true,
            ChoiceSelected c when Diary.HistoryEntries.IsHistoryButton(c.ChoiceId) => true,
            TextReceived t when state is IdleState or FollowUpPendingState && Diary.HistoryEntries.MayBeTypedHistoryChoice(t.Text) => true,
            _ => state is MedicationState or MedicationTimingState || IsDiaryEntryStep(state),
        };
    }

    private ConversationState RunDataCommand(Turn turn, ConversationState state, string name, string? argument)
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
            case BotCommands.Privacy:
                turn.Say("privacy", PrivacyNotice.For(turn.Inbound.Key.Platform, _privacy));
                return state;
            case BotCommands.Forget:
                turn.Say("forget.confirm", InsightsWording.ForgetConfirm, [new("fg:yes", InsightsWording.ForgetYes), new("fg:no", InsightsWording.ForgetNo)]);
                return new ConfirmForgetState();
            case BotCommands.Settings:
                return ShowSettings(turn);
            case BotCommands.Link:
                Link(turn, argument);
                // An episode in progress moves to the linked diary too.
                return turn.LinkToPerson is { } link && state is FlowState flow
                    ? flow with { Episode = flow.Episode with { UserKey = link.PersonKey } }
                    : state;
            default:
                return state;
        }
    }

    /// <summary>How long a /link code stays valid.</summary>
    public static readonly TimeSpan LinkCodeLifetime = TimeSpan.FromMinutes(10);

    /// <summary>"/link" without a code: the caller must supply <see cref="TurnInputs.NewLinkCode"/>.</summary>
    public static bool LinkCodeRequested(InboundEvent inbound) =>
        inbound is CommandReceived { Name: BotCommands.Link } command && !inbound.Key.IsChannel && inbound.Chat == ChatKind.Private && string.IsNullOrWhiteSpace(command.Argument);

    /// <summary>"/link CODE": the code as typed, normalised (upper case, no spaces or dashes), or null.</summary>
    public static string? TypedLinkCode(InboundEvent inbound) =>
        inbound is CommandReceived { Name: BotCommands.Link, Argument: { } argument } && !inbound.Key.IsChannel && inbound.Chat == ChatKind.Private
            ? NormaliseLinkCode(argument)
            : null;

    public static string? NormaliseLinkCode(string text)
    {
        var code = new string([.. text.Where(char.IsAsciiLetterOrDigit).Select(char.ToUpperInvariant)]);
        return code.Length is >= 6 and <= 16 ? code : null;
    }

    private static void Link(Turn turn, string? argument)
    {
        if (string.IsNullOrWhiteSpace(argument))
        {
            var code = turn.Inputs.NewLinkCode;
            if (code is null)
            {
                turn.Say("link.unavailable", InsightsWording.LinkUnavailable);
                return;
            }

            turn.CreateLinkCode = new LinkCode(code, turn.PersonKey, turn.Now + LinkCodeLifetime);
            turn.Say("link.code", InsightsWording.LinkCodeIssued(code, LinkCodeLifetime));
            return;
        }

        var typed = turn.Inputs.TypedLinkCode;
        if (typed is null || typed.ExpiresAt < turn.Now || typed.Code != NormaliseLinkCode(argument))
        {
            turn.Say("link.invalid", InsightsWording.LinkInvalid);
            return;
        }

        if (typed.PersonKey == turn.PersonKey)
        {
            turn.Say("link.same", InsightsWording.LinkSame);
            return;
        }

        turn.LinkToPerson = typed;
        turn.Say("link.done", InsightsWording.Linked);
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
        var shown = diary.Skip(page * InsightsWording.HistoryPageSize).Take(InsightsWording.HistoryPageSize).ToList();
        var first = page * InsightsWording.HistoryPageSize + 1;
        var lines = shown.Select((e, i) => (first + i).ToString(CultureInfo.InvariantCulture) + ". " + InsightsWording.HistoryLine(e, zone));
        var text = InsightsWording.HistoryHeader(page, pages, diary.Count) + "\n" + string.Join("\n", lines);
        // Each entry's Edit and Delete, then paging.
        var buttons = new List<ReplyChoice>(Diary.HistoryEntries.HistoryButtons(shown, first));
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
        if (stats.Episodes > 0)
        {
            var from = window switch
            {
                StatsWindow.Last30Days => turn.Now - TimeSpan.FromDays(30),
                StatsWindow.Last90Days => turn.Now - TimeSpan.FromDays(90),
                _ => DateTimeOffset.MinValue,
            };
            var points = turn.Diary
                .Where(e => e.StartedAt >= from && e.PainBefore is not null)
                .OrderBy(e => e.StartedAt)
                .Select(e => new PainPoint(TimeZoneInfo.ConvertTime(e.StartedAt, zone), e.PainBefore!.Value,
                    new[] { e.PainAfterBreathing, e.PainAfterTriggerPoints, e.PainAtFollowUp }.Where(p => p is not null).Min()))
                .ToList();
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
        turn.Add(new FileReply("export.json", "breathebot-diary.json", "application/json", DiaryExport.Json(turn.Profile, turn.Diary, turn.Now), InsightsWording.ExportCaptionJson));
    }

    private ConversationState AnswerDataButton(Turn turn, ConversationState state, string choiceId)
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

    private static ConversationState AnswerForget(Turn turn, Input input)
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
    private static void CheckMedicationOveruse(Turn turn, Episode episode)
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

    // Settings

    private static readonly string[] CommonZones = ["Europe/London", "Europe/Berlin", "America/New_York", "America/Los_Angeles", "Asia/Kolkata", "Australia/Sydney", "UTC"];

    private ConversationState ShowSettings(Turn turn)
    {
        turn.Say("settings", InsightsWording.SettingsSummary(turn.Profile, _options.EmergencyNumbers, _options.DefaultBreathingMinutes, _options.FollowUpDelay),
        [
            new("set:tz", "Time zone"),
            new("set:preset", "Breathing exercise"),
            new("set:len", "Breathing length"),
            new("set:fu", "Follow-up time"),
            new("set:sos", "Emergency number"),
            new("set:holds", InsightsWording.BreathHoldsItem),
            new("set:done", Wording.Done),
        ]);
        return new SettingsState(SettingItem.Menu);
    }

    private ConversationState AnswerSettings(Turn turn, SettingsState settings, Input input)
    {
        var choice = input.ChoiceId;
        var text = input.Text?.Trim();
        var profile = turn.Profile ?? new UserProfile { UserKey = turn.PersonKey, FirstSeenAt = turn.Now };

        switch (settings.Item)
        {
            case SettingItem.Menu:
                var pick = choice ?? TypedAnswer.Normalise(text ?? string.Empty) switch
                {
                    "1" or "time zone" or "timezone" => "set:tz",
                    "2" or "breathing exercise" or "breathing" => "set:preset",
                    "3" or "breathing length" or "length" => "set:len",
                    "4" or "follow up time" or "follow up" => "set:fu",
                    "5" or "emergency number" or "emergency" => "set:sos",
                    "6" or "breath holds" or "holds" => "set:holds",
                    "7" or "done" => "set:done",
                    _ => null,
                };
                switch (pick)
                {
                    case "set:tz":
                        turn.Say("settings.tz", InsightsWording.AskTimeZone, [.. CommonZones.Select(z => new ReplyChoice("tz:" + z, z))]);
                        return new SettingsState(SettingItem.TimeZone);
                    case "set:preset":
                        turn.Say("settings.preset", Wording.BreathingChoose,
                            [.. Enum.GetValues<BreathingPreset>().Select(p => new ReplyChoice("sp:" + (int)p, BreathingPresets.For(p).Name))]);
                        return new SettingsState(SettingItem.BreathingPreset);
                    case "set:len":
                        turn.Say("settings.length", Wording.BreathingLength,
                            [.. Enumerable.Range(1, 5).Select(m => new ReplyChoice("sl:" + m.ToString(CultureInfo.InvariantCulture), Wording.MinutesLabel(m, recommended: false)))]);
                        return new SettingsState(SettingItem.BreathingLength);
                    case "set:fu":
                        turn.Say("settings.follow-up", InsightsWording.AskFollowUp,
                            [.. new[] { 15, 30, 60, 120 }.Select(m => new ReplyChoice("sf:" + m.ToString(CultureInfo.InvariantCulture), Wording.Describe(TimeSpan.FromMinutes(m))))]);
                        return new SettingsState(SettingItem.FollowUpDelay);
                    case "set:sos":
                        turn.Say("settings.emergency", InsightsWording.AskEmergencyNumber,
                            [.. new[] { "112", "999", "911", "000" }.Select(n => new ReplyChoice("ss:" + n, n))]);
                        return new SettingsState(SettingItem.EmergencyNumbers);
                    case "set:holds":
                        turn.Say("settings.holds", InsightsWording.AskBreathHolds(profile.BreathHoldsOff),
                            [new("sh:on", InsightsWording.BreathHoldsOn), new("sh:off", InsightsWording.BreathHoldsOff)]);
                        return new SettingsState(SettingItem.BreathHolds);
                    case "set:done":
                        turn.Say("settings.done", InsightsWording.SettingSaved);
                        return new IdleState();
                    default:
                        if (choice is not null)
                        {
                            turn.Say("stale", Wording.StaleButton);
                        }

                        return ShowSettings(turn);
                }

            case SettingItem.TimeZone:
                var zone = choice is not null && choice.StartsWith("tz:", StringComparison.Ordinal) ? choice[3..] : text;
                if (!TimeZoneNames.TryResolve(zone, out var found))
                {
                    turn.Say("settings.tz.unknown", InsightsWording.UnknownTimeZone);
                    return settings;
                }

                return SaveSetting(turn, profile with { TimeZoneId = found.Id });

            case SettingItem.BreathingPreset:
                var preset = choice is not null && choice.StartsWith("sp:", StringComparison.Ordinal) ? ParseValue(choice) : ParseTypedPreset(text);
                if (preset is null || !Enum.IsDefined((BreathingPreset)preset.Value))
                {
                    turn.Say("reprompt", Wording.DidNotCatch);
                    return settings;
                }

                return SaveSetting(turn, profile with { PreferredPreset = (BreathingPreset)preset.Value });

            case SettingItem.BreathingLength:
                var minutes = choice is not null && choice.StartsWith("sl:", StringComparison.Ordinal) ? ParseValue(choice) : TypedAnswer.Pain(text ?? string.Empty);
                if (minutes is null or < 1 or > 5)
                {
                    turn.Say("reprompt", "Please pick 1 to 5 minutes.");
                    return settings;
                }

                return SaveSetting(turn, profile with { PreferredMinutes = minutes });

            case SettingItem.FollowUpDelay:
                var delay = choice is not null && choice.StartsWith("sf:", StringComparison.Ordinal) ? ParseValue(choice) : null;
                if (delay is not (15 or 30 or 60 or 120))
                {
                    turn.Say("reprompt", Wording.DidNotCatch);
                    return settings;
                }

                return SaveSetting(turn, profile with { FollowUpDelayMinutes = delay });

            case SettingItem.EmergencyNumbers:
                var number = choice is not null && choice.StartsWith("ss:", StringComparison.Ordinal) ? choice[3..] : text;
                if (number is null || number.Length is < 2 or > 6 || !number.All(char.IsAsciiDigit))
                {
                    turn.Say("settings.emergency.bad", InsightsWording.BadEmergencyNumber);
                    return settings;
                }

                return SaveSetting(turn, profile with { EmergencyNumbers = number });

            case SettingItem.BreathHolds:
                var holds = choice ?? TypedAnswer.Normalise(text ?? string.Empty) switch
                {
                    "1" or "on" or "yes" or "turn them on" or "turn breath holds back on" => "sh:on",
                    "2" or "off" or "no" or "keep them off" or "keep breath holds off" => "sh:off",
                    _ => null,
                };
                if (holds is not ("sh:on" or "sh:off"))
                {
                    turn.Say("reprompt", Wording.DidNotCatch);
                    return settings;
                }

                return SaveSetting(turn, profile with { BreathHoldsOff = holds == "sh:off" });

            default:
                return ShowSettings(turn);
        }
    }

    private static int? ParseTypedPreset(string? text) => TypedAnswer.Normalise(text ?? string.Empty) switch
    {
        "1" or "resonance" or "resonance breathing" => (int)BreathingPreset.Resonance,
        "2" or "box" or "box breathing" => (int)BreathingPreset.Box,
        "3" or "4 7 8" or "478" or "4 7 8 breathing" => (int)BreathingPreset.FourSevenEight,
        _ => null,
    };

    private ConversationState SaveSetting(Turn turn, UserProfile updated)
    {
        turn.SetProfile(updated);
        turn.Say("settings.saved", InsightsWording.SettingSaved);
        return ShowSettings(turn);
    }

    private string EmergencyNumbers(Turn turn) => turn.Profile?.EmergencyNumbers ?? _options.EmergencyNumbers;

    private TimeSpan FollowUpDelay(Turn turn) =>
        turn.Profile?.FollowUpDelayMinutes is { } minutes ? TimeSpan.FromMinutes(minutes) : _options.FollowUpDelay;

    private int BreathingMinutes(Turn turn) => turn.Profile?.PreferredMinutes ?? _options.DefaultBreathingMinutes;
}
