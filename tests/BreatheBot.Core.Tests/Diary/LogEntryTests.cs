using BreatheBot.Core.Conversations;
using BreatheBot.Core.Episodes;
using BreatheBot.Core.Messaging;
using BreatheBot.Core.Tests.Support;

namespace BreatheBot.Core.Tests.Diary;

/// <summary>
/// /log records a headache that already happened: when (typed, read in the person's zone and confirmed), pain,
/// where, triggers, medication and a note — with no warning-sign screens and no exercises, while a typed warning sign
/// still interrupts. The clock: Tuesday 10 March 2026, 10:00 in Berlin.
/// </summary>
public sealed class LogEntryTests
{
    private static EngineDriver Chat() => new()
    {
        Profile = new UserProfile
        {
            UserKey = "telegram:100", FirstSeenAt = EngineDriver.Start, DisclaimerShownAt = EngineDriver.Start, TimeZoneId = "Europe/Berlin",
        },
    };

    [Fact]
    public void Log_records_a_past_headache_without_screens_or_exercises()
    {
        var chat = Chat();

        Assert.Equal(["log.when"], Keys(chat.Send("/log")));
        Assert.Equal("Monday 9 March, 15:00 — right?", EngineDriver.TextOf(chat.Send("yesterday 15:00")[0]));
        Assert.Equal(["log.duration"], Keys(chat.Press("lgc:yes")));
        Assert.Equal(["log.pain"], Keys(chat.Press("lgd:120")));
        Assert.Equal(["log.location"], Keys(chat.Press("lgp:7")));
        chat.Press("lgl:" + (int)PainLocation.BackOfHeadNeck);
        Assert.Equal(["log.triggers"], Keys(chat.Press("lgl:done")));
        Assert.Equal(["log.medication"], Keys(chat.Send("poor sleep and alcohol")));
        Assert.Equal(["log.note"], Keys(chat.Press("lgm:" + (int)MedicationKind.SimplePainkiller)));
        Assert.Equal(["log.saved"], Keys(chat.Send("late night at work")));

        var episode = Assert.Single(chat.Episodes.Values);
        Assert.True(episode.LoggedAfterwards);
        Assert.Equal(new DateTimeOffset(2026, 3, 9, 14, 0, 0, TimeSpan.Zero), episode.StartedAt);
        Assert.Equal(TimeSpan.FromHours(2), episode.Duration);
        Assert.Equal(EpisodeKind.Headache, episode.Kind);
        Assert.Equal(EpisodeStatus.Completed, episode.Status);
        Assert.Equal(7, episode.PainBefore);
        Assert.Equal([PainLocation.BackOfHeadNeck], episode.Locations);
        Assert.Equal([HeadacheTrigger.PoorSleep, HeadacheTrigger.Alcohol], episode.Triggers);
        Assert.Equal(MedicationKind.SimplePainkiller, episode.Medication);
        Assert.Equal("late night at work", episode.Note);
        Assert.Empty(episode.StepsDone);
        Assert.Equal(FollowUpStatus.None, episode.FollowUp);
        Assert.IsType<IdleState>(chat.State);
        Assert.Null(chat.State.WakeAt);
        Assert.DoesNotContain(chat.AllReplies, r => r.Key.StartsWith("triage.", StringComparison.Ordinal) || r.Key.StartsWith("breathing.", StringComparison.Ordinal) || r.Key.StartsWith("points.", StringComparison.Ordinal));
    }

    [Fact]
    public void Log_appears_in_history_stats_and_export()
    {
        var chat = Chat();
        LogYesterday(chat);

        Assert.Contains("Mon 9 Mar 2026 15:00", EngineDriver.TextOf(chat.Send("/history")[0]), StringComparison.Ordinal);
        Assert.StartsWith("Your diary, the last 30 days: 1 episode.", EngineDriver.TextOf(chat.Send("/stats")[0]), StringComparison.Ordinal);
        var csv = System.Text.Encoding.UTF8.GetString(chat.Send("/export").OfType<FileReply>().First(f => f.FileName.EndsWith(".csv", StringComparison.Ordinal)).Content.Span);
        Assert.EndsWith(",Yes,\r\n", csv, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sometime", "log.when.unreadable")]
    [InlineData("tomorrow 9am", "log.when.unreadable")]
    [InlineData("today 23:00", "log.when.future")]
    [InlineData("2025-01-01 10:00", "log.when.too-old")]
    public void Log_asks_again_with_a_clear_reply_on_a_time_it_cannot_take(string typed, string expected)
    {
        var chat = Chat();
        chat.Send("/log");

        Assert.Equal([expected], Keys(chat.Send(typed)));
        Assert.Equal(LogStep.When, Assert.IsType<LogEntryState>(chat.State).Step);
        Assert.Equal("Monday 9 March, 08:00 — right?", EngineDriver.TextOf(chat.Send("yesterday 8am")[0]));
    }

    [Fact]
    public void Log_a_day_without_a_time_asks_what_time_on_that_day()
    {
        var chat = Chat();
        chat.Send("/log");

        Assert.StartsWith("What time on Sunday 8 March", EngineDriver.TextOf(chat.Send("sunday")[0]), StringComparison.Ordinal);
        Assert.Equal("Sunday 8 March, 15:00 — right?", EngineDriver.TextOf(chat.Send("3pm")[0]));
    }

    [Fact]
    public void Log_change_at_the_confirmation_asks_again_and_a_typed_time_replaces_the_first()
    {
        var chat = Chat();
        chat.Send("/log");
        chat.Send("yesterday 15:00");

        Assert.Equal(["log.when"], Keys(chat.Press("lgc:change")));
        chat.Press("lgw:night");
        Assert.Equal("Monday 9 March, 22:00 — right?", EngineDriver.TextOf(chat.LastReplies[0]));
        Assert.Equal("Monday 9 March, 23:30 — right?", EngineDriver.TextOf(chat.Send("yesterday 23:30")[0]));
        Assert.Equal(["log.confirm.reask", "log.confirm"], Keys(chat.Send("hmm")));
    }

    [Fact]
    public void Log_a_typed_warning_sign_at_any_step_gets_the_emergency_advice_and_logs_nothing_past()
    {
        var chat = Chat();
        chat.Send("/log");
        chat.Send("yesterday 15:00");
        chat.Press("lgc:yes");
        chat.Press("lgd:skip");

        Assert.Contains("triage.emergency.advice", Keys(chat.Send("I think I'm having a stroke")));
        var flagged = Assert.Single(chat.Episodes.Values);
        Assert.False(flagged.LoggedAfterwards);
        Assert.Equal(RedFlagTier.Emergency, flagged.RedFlagTier);
        Assert.Equal(EngineDriver.Start, flagged.StartedAt);
    }

    [Fact]
    public void Log_stopped_keeps_nothing()
    {
        var chat = Chat();
        chat.Send("/log");
        chat.Send("yesterday 15:00");
        chat.Press("lgc:yes");
        chat.Press("lgd:skip");

        Assert.Equal(DiaryEntryWording.LogStopped, EngineDriver.TextOf(chat.Send("stop")[0]));
        Assert.Empty(chat.Episodes);
        Assert.IsType<IdleState>(chat.State);
    }

    [Fact]
    public void Log_validates_pain_and_the_note_length_and_help_repeats_the_question()
    {
        var chat = Chat();
        chat.Send("/log");
        chat.Send("2 hours ago");
        chat.Press("lgc:yes");
        chat.Press("lgd:skip");

        Assert.Equal(["log.pain.reask"], Keys(chat.Send("11")));
        Assert.Contains("log.pain", Keys(chat.Send("help")));
        chat.Send("not sure");
        chat.Press("lgl:done");
        chat.Press("lgt:done");
        chat.Send("nothing");
        Assert.Equal(["log.note.too-long"], Keys(chat.Send(new string('x', Episode.NoteMaxLength + 1))));
        Assert.Empty(chat.Episodes);
        Assert.Equal(["log.saved"], Keys(chat.Press("lgn:skip")));

        var episode = Assert.Single(chat.Episodes.Values);
        Assert.Null(episode.PainBefore);
        Assert.Null(episode.Note);
        Assert.Equal(MedicationKind.None, episode.Medication);
        Assert.Equal(EngineDriver.Start.AddHours(-2), episode.StartedAt);
    }

    [Theory]
    [InlineData("2 hours 30", 150)]
    [InlineData("90 min", 90)]
    [InlineData("3h", 180)]
    public void Log_a_typed_length_sets_the_end_exactly(string typed, int minutes)
    {
        var chat = Chat();
        chat.Send("/log");
        chat.Send("yesterday 15:00");
        chat.Press("lgc:yes");

        Assert.Equal(["log.pain"], Keys(chat.Send(typed)));
        Assert.Equal(new DateTimeOffset(2026, 3, 9, 14, 0, 0, TimeSpan.Zero).AddMinutes(minutes), Assert.IsType<LogEntryState>(chat.State).Draft.EndedAt);
    }

    [Fact]
    public void Log_duration_buttons_are_exact_lengths_and_not_sure_leaves_no_end()
    {
        var chat = Chat();
        chat.Send("/log");
        chat.Send("yesterday 15:00");

        Assert.Equal(["30 min", "1 h", "2 h", "4 h", "8 h", "A day", "Not sure / still going"],
            EngineDriver.ChoicesOf(chat.Press("lgc:yes")[0]).Select(c => c.Label));
        Assert.Equal(["log.duration.unreadable"], Keys(chat.Send("3")));
        Assert.Equal(["log.pain"], Keys(chat.Press("lgd:skip")));
        chat.Press("lgp:5");
        chat.Press("lgl:done");
        chat.Press("lgt:done");
        chat.Press("lgm:0");
        chat.Press("lgn:skip");

        Assert.Null(Assert.Single(chat.Episodes.Values).EndedAt);
        Assert.DoesNotContain("lasted", EngineDriver.TextOf(chat.Send("/history")[0]), StringComparison.Ordinal);
    }

    [Fact]
    public void Log_a_length_that_would_end_after_now_is_still_going_and_stores_no_end()
    {
        var chat = Chat();
        chat.Send("/log");
        chat.Send("2 hours ago");
        chat.Press("lgc:yes");

        Assert.Equal(["log.duration.ongoing", "log.pain"], Keys(chat.Press("lgd:240")));
        Assert.Null(Assert.IsType<LogEntryState>(chat.State).Draft.EndedAt);
    }

    [Fact]
    public void Log_duration_shows_in_history_stats_and_export()
    {
        var chat = Chat();
        chat.Send("/log");
        chat.Send("yesterday 15:00");
        chat.Press("lgc:yes");
        chat.Send("90 min");
        chat.Press("lgp:6");
        chat.Press("lgl:done");
        chat.Press("lgt:done");
        chat.Press("lgm:0");
        Assert.Contains("lasted 1 h 30 min", EngineDriver.TextOf(chat.Press("lgn:skip")[0]), StringComparison.Ordinal);

        Assert.Contains("lasted 1 h 30 min", EngineDriver.TextOf(chat.Send("/history")[0]), StringComparison.Ordinal);
        Assert.Contains(chat.Send("/stats").Select(EngineDriver.TextOf), t => t.Contains("with an end time to tell (1 so far)", StringComparison.Ordinal));
        var csv = System.Text.Encoding.UTF8.GetString(chat.Send("/export").OfType<FileReply>().First(f => f.FileName.EndsWith(".csv", StringComparison.Ordinal)).Content.Span);
        Assert.Contains("2026-03-09T15:30:00Z", csv, StringComparison.Ordinal);
        Assert.Contains(",90,", csv, StringComparison.Ordinal);
    }

    [Fact]
    public void Log_a_painkiller_counts_towards_the_overuse_note()
    {
        var chat = Chat();
        for (var day = 1; day <= 10; day++)
        {
            var id = "t" + day;
            chat.Episodes[id] = new Episode
            {
                Id = id, UserKey = "telegram:100", ConversationKey = chat.Key.ToString(), Kind = EpisodeKind.Headache,
                StartedAt = EngineDriver.Start.AddDays(-day), Status = EpisodeStatus.Completed, Medication = MedicationKind.Triptan,
            };
        }

        chat.Send("/log");
        chat.Send("this morning");
        chat.Press("lgc:yes");
        chat.Press("lgd:skip");
        chat.Press("lgp:5");
        chat.Press("lgl:done");
        chat.Press("lgt:done");
        chat.Press("lgm:" + (int)MedicationKind.Triptan);

        Assert.Equal(["log.saved", "medication.overuse"], Keys(chat.Press("lgn:skip")));
    }

    [Fact]
    public void Log_in_a_group_moves_to_a_private_chat()
    {
        var chat = new EngineDriver(chat: ChatKind.Group);

        var move = Assert.IsType<MoveToPrivateReply>(Assert.Single(chat.Send("/log")));
        Assert.Equal("log", move.StartPayload);
    }

    [Fact]
    public void Log_from_the_menu_and_from_a_private_start_link()
    {
        var chat = Chat();
        chat.Send("/start");
        Assert.Equal(["log.when"], Keys(chat.Press("m:log")));

        var linked = Chat();
        Assert.Equal(["log.when"], Keys(linked.Send("/start log")));
    }

    private static void LogYesterday(EngineDriver chat)
    {
        chat.Send("/log");
        chat.Send("yesterday 15:00");
        chat.Press("lgc:yes");
        chat.Press("lgd:skip");
        chat.Press("lgp:6");
        chat.Press("lgl:done");
        chat.Press("lgt:done");
        chat.Press("lgm:0");
        chat.Press("lgn:skip");
    }

    private static string[] Keys(IEnumerable<Reply> replies) => [.. replies.Select(r => r.Key)];
}
