using BreatheBot.Core.Content;
using BreatheBot.Core.Conversations;
using BreatheBot.Core.Episodes;
using BreatheBot.Core.Tests.Support;

namespace BreatheBot.Core.Tests.Safety;

/// <summary>content.md §5: the pre-massage questions, the sternocleidomastoid's limits, the stop rules, /points' features, the table.</summary>
public sealed class TriggerPointSafetyTests
{
    /// <summary>/points to the pre-massage questions, with pain where <paramref name="location"/> says and pressing, no features.</summary>
    private static EngineDriver ReachPreQuestions(string location, EngineDriver? chat = null)
    {
        chat ??= new EngineDriver();
        foreach (var line in new[] { "/points", "no", "no", "5", location, "pressing", "done" })
        {
            chat.Send(line);
        }

        Assert.Equal(["points.contraindications"], chat.LastKeys);
        return chat;
    }

    [Fact]
    public void The_pre_massage_questions_ask_every_sign_in_one_message()
    {
        var text = EngineDriver.TextOf(Assert.Single(ReachPreQuestions("jaw or face").LastReplies));
        string[] asked =
        [
            "neck injury", "neck surgery", "neck manipulation", "new or sudden pain on one side of the neck", "drooping eyelid",
            "one pupil smaller than the other", "dizziness or changes in your vision when you turn your head", "narrowed neck arteries",
            "stroke or mini-stroke", "blood thinners", "bleeding disorder", "osteoporosis", "skin problem where you'd press",
        ];
        Assert.All(asked, sign => Assert.Contains(sign, text, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("ci:yes")]
    [InlineData("ci:unsure")]
    public void Any_yes_or_not_sure_skips_massage_says_why_and_offers_breathing(string answer)
    {
        var chat = ReachPreQuestions("back of the head and neck");
        Assert.Equal(["points.contraindicated", "breathing.preset"], chat.Press(answer).Select(r => r.Key));
        Assert.Contains("pressing on the neck or head could do harm", EngineDriver.TextOf(chat.LastReplies[0]), StringComparison.Ordinal);
        Assert.True(chat.Episode!.MassageContraindicated);
        Assert.DoesNotContain(chat.AllReplies, r => r.Key == "points.step");
    }

    [Theory]
    [InlineData("1")]
    [InlineData("2")]
    [InlineData("3")]
    public void A_bare_number_on_the_pre_massage_questions_never_answers_them(string typed)
    {
        var chat = ReachPreQuestions("jaw or face");
        Assert.Equal(["reprompt", "points.contraindications"], chat.Send(typed).Select(r => r.Key));
        Assert.IsType<ContraindicationState>(chat.State);
    }

    [Fact]
    public void Over_65_the_sternocleidomastoid_is_not_offered()
    {
        var chat = ReachPreQuestions("behind the eyes");
        Assert.Equal(["points.over-65"], chat.Press("ci:none").Select(r => r.Key));
        chat.Press("ag:yes");
        var step = Assert.IsType<MuscleState>(chat.State);
        Assert.DoesNotContain(Muscle.Sternocleidomastoid, step.Muscles);
        Assert.InRange(step.Muscles.Count, 2, 4);
        Assert.True(chat.Episode!.Over65);
    }

    [Fact]
    public void Sixty_five_or_under_the_sternocleidomastoid_comes_with_its_limits()
    {
        var chat = ReachPreQuestions("behind the eyes");
        chat.Press("ci:none");
        chat.Press("ag:no");
        Assert.Contains(Muscle.Sternocleidomastoid, Assert.IsType<MuscleState>(chat.State).Muscles);
        chat.Press("mu:skip");
        var text = EngineDriver.TextOf(Assert.Single(chat.LastReplies));
        Assert.Contains("Sternocleidomastoid", text, StringComparison.Ordinal);
        Assert.Contains("only its upper third, just below the ear", text, StringComparison.Ordinal);
        Assert.Contains("one side at a time", text, StringComparison.Ordinal);
        Assert.Contains("pinch it gently", text, StringComparison.Ordinal);
        Assert.Contains("Never press into the front of the neck or on the pulse (carotid artery)", text, StringComparison.Ordinal);
        Assert.Contains("Stop if you feel light-headed", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Age_is_not_asked_when_the_routine_has_no_sternocleidomastoid()
    {
        var chat = ReachPreQuestions("jaw or face");
        Assert.Equal(["points.step"], chat.Press("ci:none").Select(r => r.Key));
        Assert.Null(chat.Episode!.Over65);
    }

    [Fact]
    public void The_stop_rules_come_with_the_first_step_and_every_hold_timer()
    {
        var chat = ReachPreQuestions("back of the head and neck");
        Assert.Contains(Wording.StopRules, EngineDriver.TextOf(Assert.Single(chat.Press("ci:none"))), StringComparison.Ordinal);
        Assert.Equal(
            "Stop at once if you feel dizzy, faint, numb or tingly, or if the pain spreads or gets worse.",
            Wording.StopRules);

        for (var hold = 0; hold < 3; hold++)
        {
            var timer = Assert.Single(chat.Press("mu:hold"));
            Assert.Equal("points.hold", timer.Key);
            Assert.Contains(Wording.StopRules, EngineDriver.TextOf(timer), StringComparison.Ordinal);
            Assert.Contains(EngineDriver.ChoicesOf(timer), c => c.Id == "mu:unwell");
            chat.TickUntil(s => s is not MuscleState { Holding: true });
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Stopping_unwell_on_a_hold_gives_the_dizziness_advice_and_no_more_massage(bool typed)
    {
        var chat = ReachPreQuestions("back of the head and neck", new EngineDriver { Profile = new UserProfile { UserKey = "telegram:100", FirstSeenAt = EngineDriver.Start, EmergencyNumbers = "000" } });
        chat.Press("ci:none");
        chat.Press("mu:hold");

        var replies = typed ? chat.Send("I feel dizzy") : chat.Press("mu:unwell");

        Assert.Equal(["points.hold", "points.unwell", "episode.saved"], replies.Select(r => r.Key));
        Assert.Equal(Wording.MassageStopped, EngineDriver.TextOf(replies[0]));
        Assert.Equal(Wording.DizzyAdvice("000"), EngineDriver.TextOf(replies[1]));
        Assert.IsType<FollowUpPendingState>(chat.State);
        Assert.True(chat.Episode!.MassageStoppedUnwell);
        Assert.True(chat.Profile!.BreathHoldsOff);

        // Nothing more of the massage: no step, no timer, even when the follow-up comes.
        chat.Tick();
        Assert.DoesNotContain(chat.Turns[^1], r => r.Key.StartsWith("points.", StringComparison.Ordinal));
    }

    [Fact]
    public void Points_on_its_own_asks_the_features_and_features_like_migraine_make_it_gentle_and_optional()
    {
        var chat = new EngineDriver();
        foreach (var line in new[] { "/points", "no", "no", "5" })
        {
            chat.Send(line);
        }

        Assert.Equal(["triage.character"], chat.Send("jaw or face").Select(r => r.Key));
        chat.Send("throbbing");
        Assert.Equal(["points.offer"], chat.Send("done").Select(r => r.Key));
        chat.Press("op:yes");
        chat.Press("ci:none");
        Assert.True(Assert.IsType<MuscleState>(chat.State).Gentle);
        Assert.Contains("about 3–4 out of 10", EngineDriver.TextOf(Assert.Single(chat.LastReplies)), StringComparison.Ordinal);
    }

    [Fact]
    public void Skipping_the_features_on_points_means_gentle_pressure_and_optional_steps()
    {
        var chat = new EngineDriver();
        foreach (var line in new[] { "/points", "no", "no", "5", "jaw or face" })
        {
            chat.Send(line);
        }

        Assert.Contains(EngineDriver.ChoicesOf(Assert.Single(chat.LastReplies)), c => c.Id == "ch:skip");
        Assert.Equal(["points.offer"], chat.Press("ch:skip").Select(r => r.Key));
        Assert.True(chat.Episode!.FeaturesSkipped);

        // Declining leads to breathing instead.
        Assert.Equal(["breathing.preset"], chat.Press("op:no").Select(r => r.Key));
    }

    [Fact]
    public void Skipping_the_features_then_accepting_gives_gentle_pressure()
    {
        var chat = new EngineDriver();
        foreach (var line in new[] { "/points", "no", "no", "5", "jaw or face" })
        {
            chat.Send(line);
        }

        chat.Press("ch:skip");
        chat.Press("op:yes");
        chat.Press("ci:none");
        Assert.True(Assert.IsType<MuscleState>(chat.State).Gentle);
    }

    /// <summary>content.md §5's table: where each muscle sends pain, and the locations it is chosen for.</summary>
    public static TheoryData<Muscle, string, PainLocation[]> Table => new()
    {
        { Muscle.Suboccipitals, "the back of the head and behind the eye", [PainLocation.BackOfHeadNeck, PainLocation.BehindEyes, PainLocation.AllOverBand] },
        // "All over, like a band" takes in the temples and the back of the head.
        { Muscle.UpperTrapezius, "the side of the neck, the temple and behind the ear", [PainLocation.ForeheadTemples, PainLocation.BackOfHeadNeck, PainLocation.OneSide, PainLocation.AllOverBand] },
        { Muscle.Sternocleidomastoid, "the forehead, around the eye, the ear and the top of the head", [PainLocation.ForeheadTemples, PainLocation.BehindEyes] },
        { Muscle.Temporalis, "the temples, upper teeth and eyebrow", [PainLocation.ForeheadTemples, PainLocation.JawFace] },
        // "Top of head": only "all over, like a band" covers it.
        { Muscle.SpleniusCapitis, "the top of the head", [PainLocation.AllOverBand] },
        // "Neck stiffness, one side".
        { Muscle.LevatorScapulae, "the angle of the neck and the back of the shoulder", [PainLocation.BackOfHeadNeck, PainLocation.OneSide] },
        { Muscle.Masseter, "the jaw, teeth, cheek, above the eye and the ear", [PainLocation.JawFace] },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void Every_muscle_row_matches_the_content_table(Muscle muscle, string refersTo, PainLocation[] chosenFor)
    {
        Assert.Equal(refersTo, TriggerPoints.Guides[muscle].RefersTo);
        foreach (var (location, muscles) in TriggerPoints.ByLocation)
        {
            Assert.True(!muscles.Contains(muscle) || chosenFor.Contains(location), $"{muscle} is listed for {location}, which its row does not name.");
        }
    }
}
