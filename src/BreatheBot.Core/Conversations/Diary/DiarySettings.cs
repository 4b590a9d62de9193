using System.Globalization;
using BreatheBot.Core.Commands;
using BreatheBot.Core.Content;
using BreatheBot.Core.Episodes;
using BreatheBot.Core.Insights;
using BreatheBot.Core.Messaging;
using BreatheBot.Core.Privacy;

namespace BreatheBot.Core.Conversations;

/// <summary>/settings: the person's own settings (time zone, breathing, follow-up delay, emergency numbers, breath-holds).</summary>
internal sealed class DiarySettings(StepKit kit)
{
    private readonly StepKit _kit = kit;

    private static readonly string[] CommonZones = ["Europe/London", "Europe/Berlin", "America/New_York", "America/Los_Angeles", "Asia/Kolkata", "Australia/Sydney", "UTC"];

    public ConversationState Show(Turn turn)
    {
        var summary = InsightsWording.SettingsSummary(turn.Profile, _kit.Options.EmergencyNumbers, _kit.Options.DefaultBreathingMinutes, _kit.Options.FollowUpDelay);
        var end = summary.LastIndexOf("\n\n", StringComparison.Ordinal);
        var line = "\n" + CheckInWording.SummaryLine(turn.Profile);
        turn.Say("settings", end < 0 ? summary + line : summary.Insert(end, line), // the check-in's line, before "Tap one to change it."
        [
            new("set:tz", "Time zone"),
            new("set:preset", "Breathing exercise"),
            new("set:len", "Breathing length"),
            new("set:fu", "Follow-up time"),
            new("set:sos", "Emergency number"),
            new("set:holds", InsightsWording.BreathHoldsItem),
            new(CheckInSettings.MenuChoice, CheckInWording.SettingItem),
            new("set:done", Wording.Done),
        ]);
        return new SettingsState(SettingItem.Menu);
    }

    /// <summary>
    /// "/settings": the menu. "/settings timezone berlin" (any case, a city or an IANA id) sets the time zone directly and
    /// leaves the conversation where it was; an unknown zone gets the reply naming examples; "/settings timezone" asks.
    /// </summary>
    public ConversationState Command(Turn turn, ConversationState state, string? argument)
    {
        var typed = TimeZoneNames.SettingsArgument(argument);
        if (typed is null)
        {
            return Show(turn);
        }

        if (typed.Length == 0)
        {
            return AskTimeZone(turn);
        }

        if (!TimeZoneNames.TryResolve(typed, out var zone))
        {
            turn.Say("settings.tz.unknown", InsightsWording.UnknownTimeZone);
        }
        else
        {
            var profile = turn.Profile ?? new UserProfile { UserKey = turn.PersonKey, FirstSeenAt = turn.Now };
            turn.SetProfile(profile with { TimeZoneId = zone.Id });
            turn.Say("settings.tz.saved", InsightsWording.TimeZoneSaved(zone.Id));
        }

        // A step in progress carries on: its question is asked again below the reply.
        return state is FlowState or SettingsState ? _kit.Reask(turn, state) : state;
    }

    private static SettingsState AskTimeZone(Turn turn)
    {
        turn.Say("settings.tz", InsightsWording.AskTimeZone, [.. CommonZones.Select(z => new ReplyChoice("tz:" + z, z))]);
        return new SettingsState(SettingItem.TimeZone);
    }

    public ConversationState Answer(Turn turn, SettingsState settings, Input input)
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
                    "7" or "daily check in" or "check in" or "checkin" => CheckInSettings.MenuChoice,
                    "8" or "done" => "set:done",
                    _ => null,
                };
                switch (pick)
                {
                    case "set:tz":
                        return AskTimeZone(turn);
                    case "set:preset":
                        turn.Say("settings.preset", Wording.BreathingChoose,
                            [.. Enum.GetValues<BreathingPreset>().Select(p => new ReplyChoice("sp:" + (int)p, BreathingPresets.For(p).Name))]);
                        return new SettingsState(SettingItem.BreathingPreset);
                    case "set:len":
                        turn.Say("settings.length", Wording.BreathingLengthPrompt(_kit.Options.DefaultBreathingMinutes),
                            [.. Enumerable.Range(1, 5).Select(m => new ReplyChoice("sl:" + m.ToString(CultureInfo.InvariantCulture), Wording.MinutesLabel(m, recommended: m == _kit.Options.DefaultBreathingMinutes)))]);
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
                    case CheckInSettings.MenuChoice:
                        return CheckInSettings.Ask(turn);
                    case "set:done":
                        turn.Say("settings.done", InsightsWording.SettingSaved);
                        return new IdleState();
                    default:
                        if (choice is not null)
                        {
                            turn.Say("stale", Wording.StaleButton);
                        }

                        return Show(turn);
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
                var preset = choice is not null && choice.StartsWith("sp:", StringComparison.Ordinal) ? QuestionAnswers.ParseValue(choice) : ParseTypedPreset(text);
                if (preset is null || !Enum.IsDefined((BreathingPreset)preset.Value))
                {
                    turn.Say("reprompt", Wording.DidNotCatch);
                    return settings;
                }

                return SaveSetting(turn, profile with { PreferredPreset = (BreathingPreset)preset.Value });

            case SettingItem.BreathingLength:
                var minutes = choice is not null && choice.StartsWith("sl:", StringComparison.Ordinal) ? QuestionAnswers.ParseValue(choice) : TypedAnswer.Pain(text ?? string.Empty);
                if (minutes is null or < 1 or > 5)
                {
                    turn.Say("reprompt", "Please pick 1 to 5 minutes.");
                    return settings;
                }

                return SaveSetting(turn, profile with { PreferredMinutes = minutes });

            case SettingItem.FollowUpDelay:
                var delay = choice is not null && choice.StartsWith("sf:", StringComparison.Ordinal) ? QuestionAnswers.ParseValue(choice) : null;
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

            case SettingItem.CheckIn:
                return CheckInSettings.Answer(turn, settings, input);

            default:
                return Show(turn);
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
        return Show(turn);
    }
}
