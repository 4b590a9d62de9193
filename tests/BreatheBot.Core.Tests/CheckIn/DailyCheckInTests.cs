using BreatheBot.Core.Conversations;
using BreatheBot.Core.Episodes;
using BreatheBot.Core.Messaging;
using BreatheBot.Core.Tests.Support;

namespace BreatheBot.Core.Tests.CheckIn;

/// <summary>Issue 14 item 6: the daily check-in, opt-in in /settings, at a local time, one answer per local day.</summary>
public sealed class DailyCheckInTests
{
    // Tuesday 10 March 2026, 10:00 in Berlin (UTC+1).
    private static readonly DateTimeOffset Morning = new(2026, 3, 10, 9, 0, 0, TimeSpan.Zero);

    private static EngineDriver Berlin(string? checkIn = null)
    {
        var driver = new EngineDriver
        {
            Now = Morning,
            WithDiary = true,
            Profile = new UserProfile { UserKey = "telegram:100", FirstSeenAt = Morning, DisclaimerShownAt = Morning, TimeZoneId = "Europe/Berlin" },
        };
        if (checkIn is not null)
        {
            driver.Send("/settings checkin " + checkIn);
        }

        return driver;
    }

    private static DateTimeOffset Utc(int month, int day, int hour, int minute = 0) => new(2026, month, day, hour, minute, 0, TimeSpan.Zero);

    [Fact]
    public void Settings_offers_the_check_in_and_a_tapped_time_arms_it_at_that_local_time()
    {
        var driver = Berlin();
        driver.Send("/settings");
        Assert.Contains(EngineDriver.ChoicesOf(driver.LastReplies.Single()), c => c.Label == "Daily check-in");
        Assert.Contains("• Daily check-in: off\n\nTap one to change it.", EngineDriver.TextOf(driver.LastReplies.Single()), StringComparison.Ordinal);

        driver.Press("set:checkin");
        Assert.Equal(["09:00", "13:00", "20:00", "21:00", "Off"], EngineDriver.ChoicesOf(driver.LastReplies.Single()).Select(c => c.Label));
        driver.Press("sci:20:00");

        Assert.Equal(new TimeOnly(20, 0), driver.Profile!.CheckInTime);
        Assert.IsType<IdleState>(driver.State);
        Assert.Equal(Utc(3, 10, 19), driver.State.WakeAt); // 20:00 in Berlin is 19:00 UTC in winter time
        Assert.Contains("each day at 20:00 (Europe/Berlin time)", EngineDriver.TextOf(driver.LastReplies.Single()), StringComparison.Ordinal);
    }

    [Fact]
    public void A_typed_time_in_settings_and_the_argument_form_set_it_and_off_turns_it_off()
    {
        var driver = Berlin();
        driver.Send("/settings");
        driver.Press("set:checkin");
        driver.Send("20:30");
        Assert.Equal(new TimeOnly(20, 30), driver.Profile!.CheckInTime);
        Assert.Equal(Utc(3, 10, 19, 30), driver.State.WakeAt);

        driver.Send("/settings checkin 9:15");
        Assert.Equal(Utc(3, 11, 8, 15), driver.State.WakeAt); // 09:15 has passed today: tomorrow

        driver.Send("/settings checkin 25:99");
        Assert.Equal("settings.checkin.bad", driver.LastKeys[0]);
        Assert.Equal(new TimeOnly(9, 15), driver.Profile!.CheckInTime); // nothing lost

        driver.Send("/settings check-in off");
        Assert.Null(driver.Profile!.CheckInTime);
        Assert.Null(driver.State.WakeAt);
    }

    [Fact]
    public void At_the_time_it_asks_with_four_buttons_and_an_answer_stores_a_headache_free_day()
    {
        var driver = Berlin("20:00");

        var asked = driver.Tick();

        var question = Assert.Single(asked);
        Assert.Equal("Any headache today?", EngineDriver.TextOf(question));
        Assert.Equal(["None", "Mild", "Moderate", "Severe"], EngineDriver.ChoicesOf(question).Select(c => c.Label));
        Assert.All(EngineDriver.ChoicesOf(question), c => Assert.Equal(driver.State.PromptId, c.PromptId));

        driver.Press("ci:none");

        var day = Assert.Single(driver.Days.Values);
        Assert.Equal(new DayRecord("telegram:100", new DateOnly(2026, 3, 10), DayHeadache.None, driver.Now), day);
        Assert.Contains("headache-free day", EngineDriver.TextOf(driver.LastReplies.Single()), StringComparison.Ordinal);
        Assert.Equal(Utc(3, 11, 19), driver.State.WakeAt); // tomorrow's
    }

    [Fact]
    public void A_second_answer_the_same_day_replaces_the_first()
    {
        var driver = Berlin("20:00");
        driver.Tick();
        driver.Press("ci:none");
        driver.Send("moderate");

        var day = Assert.Single(driver.Days.Values);
        Assert.Equal(DayHeadache.Moderate, day.Headache);
        Assert.Contains("/headache", EngineDriver.TextOf(driver.LastReplies.Single()), StringComparison.Ordinal);
    }

    [Fact]
    public void It_stays_quiet_on_a_day_an_episode_was_logged_and_asks_again_the_next_day()
    {
        var driver = Berlin("20:00");
        driver.Episodes["e1"] = new Episode
        {
            Id = "e1", UserKey = "telegram:100", ConversationKey = driver.Key.ToString(), Kind = EpisodeKind.Headache,
            StartedAt = Utc(3, 10, 7), Status = EpisodeStatus.Completed, // 08:00 in Berlin, today
        };

        Assert.Empty(driver.Tick());
        Assert.Equal(new DateOnly(2026, 3, 10), driver.Profile!.LastCheckInDay);
        Assert.Empty(driver.Days);
        Assert.Equal(Utc(3, 11, 19), driver.State.WakeAt);

        Assert.Equal(["checkin.ask"], driver.Tick().Select(r => r.Key));
    }

    [Fact]
    public void Unanswered_days_store_nothing_and_the_next_day_asks_again()
    {
        var driver = Berlin("20:00");
        driver.Tick();
        var next = driver.Tick(); // the next evening, the first never answered

        Assert.Equal(["checkin.ask"], next.Select(r => r.Key));
        Assert.Empty(driver.Days);
        Assert.Equal(new CheckInState(new DateOnly(2026, 3, 11)).StepName, driver.State.StepName);
    }

    [Fact]
    public void A_check_in_that_falls_during_a_flow_is_skipped_that_day_and_the_flow_is_not_interrupted()
    {
        var driver = Berlin("20:00");
        driver.Now = Utc(3, 10, 18, 55); // 19:55 in Berlin
        driver.Send("/breathe");
        Assert.IsNotType<IdleState>(driver.State);
        Assert.NotEqual(Utc(3, 10, 19), driver.State.WakeAt); // the flow's own wake-up, not the check-in's

        driver.Now = Utc(3, 10, 19, 30);
        driver.Send("stop");

        Assert.DoesNotContain(driver.AllReplies, r => r.Key == "checkin.ask");
        Assert.Equal(Utc(3, 11, 19), driver.State.WakeAt); // today's was skipped: tomorrow's is next
    }

    [Fact]
    public void Across_the_spring_DST_change_it_keeps_the_local_time()
    {
        // Europe/Berlin moves to summer time on Sunday 29 March 2026 at 02:00.
        var driver = Berlin();
        driver.Now = Utc(3, 28, 9);
        driver.Send("/settings checkin 20:00");
        Assert.Equal(Utc(3, 28, 19), driver.State.WakeAt); // UTC+1

        driver.Tick();
        driver.Press("ci:mild");

        Assert.Equal(Utc(3, 29, 18), driver.State.WakeAt); // UTC+2: still 20:00 in Berlin
        driver.Tick();
        Assert.Equal(Utc(3, 29, 18), driver.Now);
        Assert.Equal(new DateOnly(2026, 3, 29), Assert.IsType<CheckInState>(driver.State).Day);
    }

    [Fact]
    public void Across_the_autumn_DST_change_it_keeps_the_local_time()
    {
        // Europe/Berlin goes back to winter time on Sunday 25 October 2026 at 03:00.
        Assert.Equal(Utc(10, 24, 18), CheckInSchedule.At(new DateOnly(2026, 10, 24), new TimeOnly(20, 0), TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin")));
        Assert.Equal(Utc(10, 25, 19), CheckInSchedule.At(new DateOnly(2026, 10, 25), new TimeOnly(20, 0), TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin")));
    }

    [Fact]
    public void A_wake_up_for_a_day_already_asked_sends_nothing_again()
    {
        var driver = Berlin("20:00");
        var due = driver.State.WakeAt!.Value;
        driver.Tick();
        driver.Press("ci:none");

        // The same wake-up again, as after a restart that re-read an old state, from an idle conversation.
        driver.State = new IdleState { WakeAt = due, PromptId = driver.State.PromptId };
        driver.Now = due + TimeSpan.FromMinutes(5);
        var again = driver.Run(new TimerFired(driver.Key, ChatKind.Private, driver.Now, due));

        Assert.Empty(again);
        Assert.Single(driver.Days);
    }

    [Fact]
    public void Typing_something_else_while_the_check_in_waits_goes_on_as_from_idle()
    {
        var driver = Berlin("20:00");
        driver.Tick();

        driver.Send("/headache");

        Assert.IsType<ScreeningState>(driver.State);
        Assert.Empty(driver.Days);
    }

    [Fact]
    public void Forget_erases_the_person_and_with_them_their_check_in_days()
    {
        var driver = Berlin("20:00");
        driver.Tick();
        driver.Press("ci:none");

        driver.Send("/forget");
        var result = driver.Engine.Handle(driver.State, new ChoiceSelected(driver.Key, ChatKind.Private, "100", driver.Now, null, "fg:yes") { PromptId = driver.State.PromptId }, driver.Profile, driver.Now);

        Assert.Equal(["telegram:100"], result.ForgetUsers);
        Assert.Empty(result.DaysToSave);
        Assert.Null(result.State.WakeAt); // no profile any more: no check-in
    }
}
