using BreatheBot.Core.Content;
using BreatheBot.Core.Conversations;
using BreatheBot.Core.Episodes;
using BreatheBot.Core.Messaging;
using BreatheBot.Core.Tests.Support;

namespace BreatheBot.Core.Tests.Safety;

/// <summary>content.md §4: the holds caution, who never gets breath-holds, "I feel dizzy", and true durations.</summary>
public sealed class BreathingSafetyTests
{
    private static readonly string[] HoldPresets = ["bp:" + (int)BreathingPreset.Box, "bp:" + (int)BreathingPreset.FourSevenEight];

    /// <summary>The one place these tests reach the preset question of a /breathe for a headache.</summary>
    internal static Reply ReachPreset(EngineDriver chat)
    {
        chat.Send("/breathe");
        chat.Send("headache");
        chat.Send("no");
        chat.Send("no");
        return Assert.Single(chat.Send("5"), r => r.Key == "breathing.preset");
    }

    private static IEnumerable<string> Ids(Reply reply) => EngineDriver.ChoicesOf(reply).Select(c => c.Id);

    [Fact]
    public void The_holds_caution_comes_with_the_presets_until_a_preset_with_holds_is_chosen_once()
    {
        var chat = new EngineDriver();
        var first = ReachPreset(chat);
        Assert.Contains(Wording.HoldsCaution, EngineDriver.TextOf(first), StringComparison.Ordinal);
        Assert.Contains(HoldPresets[0], Ids(first));

        // Choosing even breathing does not count as having chosen holds: the caution stays.
        chat.Press("bp:0");
        chat.Send("/stop");
        Assert.Contains(Wording.HoldsCaution, EngineDriver.TextOf(ReachPreset(chat)), StringComparison.Ordinal);

        chat.Press("bp:" + (int)BreathingPreset.Box);
        Assert.True(chat.Profile!.HoldsCautionSeen);
        chat.Send("/stop");
        var later = ReachPreset(chat);
        Assert.DoesNotContain(Wording.HoldsCaution, EngineDriver.TextOf(later), StringComparison.Ordinal);
        Assert.Contains(HoldPresets[0], Ids(later));
    }

    [Fact]
    public void A_same_day_sign_means_no_breath_holds_in_that_episode()
    {
        var chat = new EngineDriver();
        foreach (var line in new[] { "/headache", "no", "yes", "continue" })
        {
            chat.Send(line);
        }

        var preset = Assert.Single(chat.Send("6"), r => r.Key == "breathing.preset");
        Assert.Equal(["bp:0", "bp:skip"], Ids(preset));
        Assert.Equal(RedFlagTier.SameDay, chat.Episode!.RedFlagTier);
    }

    [Fact]
    public void I_feel_dizzy_stops_with_the_advice_and_emergency_number_and_the_profile_remembers_it()
    {
        var chat = new EngineDriver { Profile = new UserProfile { UserKey = "telegram:100", FirstSeenAt = EngineDriver.Start, EmergencyNumbers = "999" } };
        ReachPreset(chat);
        chat.Press("bp:0");
        chat.Press("bl:1");

        var replies = chat.Press("pc:dizzy");

        Assert.Equal(["breathing.pacer", "breathing.dizzy", "pain.after-breathing"], replies.Select(r => r.Key));
        Assert.Equal(
            "Breathe normally and sit or lie down. If it doesn't pass within a few minutes, or you faint, get urgent help: 999.",
            EngineDriver.TextOf(replies[1]));
        Assert.True(chat.Profile!.BreathHoldsOff);
        Assert.True(chat.Episode!.DizzyDuringBreathing);

        // A later exercise offers no breath-holds.
        chat.Send("/stop");
        Assert.Equal(["bp:0", "bp:skip"], Ids(ReachPreset(chat)));
    }

    [Fact]
    public void After_I_feel_dizzy_massage_is_not_offered_in_that_episode()
    {
        var chat = new EngineDriver();
        chat.AnswerTriageUpToBreathing();
        chat.Press("bp:0");
        chat.Press("bl:1");
        chat.Press("pc:dizzy");

        var replies = chat.Press("pr:5");

        Assert.Equal(["points.skipped.dizzy", "episode.saved"], replies.Select(r => r.Key));
        Assert.DoesNotContain(chat.AllReplies, r => r.Key is "points.contraindications" or "points.step" or "points.offer");
        Assert.Empty(chat.Episode!.MusclesDone);
    }

    [Fact]
    public void Settings_turn_breath_holds_back_on_and_off_and_say_which()
    {
        var chat = new EngineDriver { Profile = new UserProfile { UserKey = "telegram:100", FirstSeenAt = EngineDriver.Start, DisclaimerShownAt = EngineDriver.Start, BreathHoldsOff = true } };

        var summary = Assert.Single(chat.Send("/settings"));
        Assert.Contains("Breath-holds (box, 4-7-8): off, as you felt dizzy during an exercise", EngineDriver.TextOf(summary), StringComparison.Ordinal);
        Assert.Contains("set:holds", Ids(summary));
        var ask = Assert.Single(chat.Press("set:holds"));
        Assert.Equal("settings.holds", ask.Key);
        Assert.Equal(["sh:on", "sh:off"], Ids(ask));

        Assert.Equal("settings.saved", chat.Press("sh:on")[0].Key);
        Assert.False(chat.Profile!.BreathHoldsOff);
        Assert.Contains("Breath-holds (box, 4-7-8): on", EngineDriver.TextOf(chat.LastReplies[^1]), StringComparison.Ordinal);
        chat.Press("set:done");
        Assert.Contains(HoldPresets[1], Ids(ReachPreset(chat)));

        chat.Send("/settings");
        chat.Send("breath holds");
        chat.Send("off");
        Assert.True(chat.Profile!.BreathHoldsOff);
        chat.Send("done");
        Assert.Equal(["bp:0", "bp:skip"], Ids(ReachPreset(chat)));
    }

    public static TheoryData<BreathingPreset, int> PresetLengths()
    {
        var data = new TheoryData<BreathingPreset, int>();
        foreach (var preset in Enum.GetValues<BreathingPreset>())
        {
            for (var minutes = 1; minutes <= 5; minutes++)
            {
                data.Add(preset, minutes);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(PresetLengths))]
    public void Every_preset_states_its_real_length_and_the_pacer_takes_exactly_that_long(BreathingPreset preset, int minutes)
    {
        var chat = new EngineDriver(new ConversationOptions { DefaultBreathingMinutes = minutes })
        {
            Profile = new UserProfile { UserKey = "telegram:100", FirstSeenAt = EngineDriver.Start, PreferredMinutes = minutes, HoldsCautionSeen = true },
        };
        ReachPreset(chat);
        var pattern = BreathingPresets.For(preset);
        var stated = pattern.Duration(pattern.CyclesFor(minutes));

        var replies = chat.Press("bp:" + (int)preset);
        if (preset != BreathingPreset.FourSevenEight)
        {
            var button = Assert.Single(EngineDriver.ChoicesOf(Assert.Single(replies)), c => c.Id == "bl:" + minutes);
            Assert.Equal(Wording.Length(stated) + " (recommended)", button.Label);
            replies = chat.Press("bl:" + minutes);
        }

        var started = chat.Now;
        var pacer = Assert.Single(replies, r => r.Key == "breathing.pacer");
        Assert.EndsWith(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{(int)stated.TotalMinutes}:{stated.Seconds:00} left"), EngineDriver.TextOf(pacer), StringComparison.Ordinal);
        chat.TickUntil(s => s is not BreathingState);
        Assert.Equal(stated, chat.Now - started);
        Assert.Equal((int)stated.TotalSeconds, chat.Episode!.BreathingSeconds);
    }

    [Fact]
    public void Four_seven_eight_lasts_seventy_six_seconds_and_says_so()
    {
        Assert.Equal(TimeSpan.FromSeconds(76), BreathingPresets.FourSevenEight.Duration(BreathingPresets.FourSevenEight.CyclesFor(3)));
        Assert.Equal("1 min 16 s", Wording.Length(TimeSpan.FromSeconds(76)));
        Assert.Equal("3 min", Wording.Length(TimeSpan.FromMinutes(3)));
        Assert.Equal("55 s", Wording.Length(TimeSpan.FromSeconds(55)));
    }

    [Fact]
    public void A_group_session_is_resonance_by_default()
    {
        Assert.Equal(BreathingPreset.Resonance, new BreatheBot.Core.Channels.ChannelSettings().SessionPreset);
        var chat = new EngineDriver(chat: ChatKind.Group);
        chat.Send("/breathe", sender: "7");
        Assert.Equal(BreathingPreset.Resonance, Assert.IsType<BreatheBot.Core.Channels.ChannelState>(chat.State).Session!.Preset);
    }

    [Theory]
    [InlineData("r3", BreathingPreset.Resonance, 3)]
    [InlineData("r5", BreathingPreset.Resonance, 5)]
    [InlineData("b3", BreathingPreset.Box, 3)]
    [InlineData("478", BreathingPreset.FourSevenEight, 3)]
    public void A_group_session_states_its_real_length_everywhere_and_lasts_exactly_that(string id, BreathingPreset preset, int minutes)
    {
        var pattern = BreathingPresets.For(preset);
        var real = pattern.Duration(pattern.CyclesFor(minutes));
        var said = Wording.Length(real);
        var chat = new EngineDriver(chat: ChatKind.Group) { Now = new DateTimeOffset(2026, 3, 27, 6, 0, 0, TimeSpan.Zero) };
        chat.Send("/settings", sender: "1", admin: true);
        var options = Assert.Single(chat.Press("cs:edit:6", sender: "1", admin: true));
        Assert.Equal(pattern.Name.ToLowerInvariant() + ", " + said, Assert.Single(EngineDriver.ChoicesOf(options), c => c.Id == "cs:set:6:" + id).Label);
        chat.Press("cs:set:6:" + id, sender: "1", admin: true);
        chat.Press("cs:edit:0", sender: "1", admin: true);
        var summary = EngineDriver.TextOf(Assert.Single(chat.Press("cs:set:0:09:00", sender: "1", admin: true)));
        Assert.Contains("at 09:00, " + pattern.Name.ToLowerInvariant() + ", " + said, summary, StringComparison.Ordinal);

        IReadOnlyList<Reply> replies = [];
        while (!replies.Any(r => r.Key == "channel.breathing.start"))
        {
            replies = chat.Tick();
        }

        var started = chat.Now;
        Assert.Contains($": {said} of slow breathing", EngineDriver.TextOf(Assert.Single(replies, r => r.Key == "channel.breathing.start")), StringComparison.Ordinal);
        Assert.DoesNotContain(chat.AllReplies.Select(EngineDriver.TextOf), t => minutes * 60 != real.TotalSeconds && t.Contains($"{minutes} minutes", StringComparison.Ordinal));
        chat.TickUntil(s => s is BreatheBot.Core.Channels.ChannelState { Session: null });
        Assert.Equal(real, chat.Now - started);
    }
}
