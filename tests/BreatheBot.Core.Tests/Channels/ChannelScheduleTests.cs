using BreatheBot.Core.Channels;

namespace BreatheBot.Core.Tests.Channels;

public sealed class ChannelScheduleTests
{
    private static readonly ChannelSettings London = new() { TimeZoneId = "Europe/London", SessionAt = new TimeOnly(9, 30), SessionDays = SessionDays.EveryDay };

    [Fact]
    public void NextSession_stays_at_local_time_across_the_spring_dst_change()
    {
        // Sat 28 Mar 2026 09:30 GMT = 09:30Z; Sun 29 Mar (BST from 01:00Z) 09:30 BST = 08:30Z.
        var saturday = ChannelSchedule.NextSession(London, new DateTimeOffset(2026, 3, 28, 0, 0, 0, TimeSpan.Zero));
        Assert.Equal(new DateTimeOffset(2026, 3, 28, 9, 30, 0, TimeSpan.Zero), saturday);
        var sunday = ChannelSchedule.NextSession(London, saturday!.Value);
        Assert.Equal(new DateTimeOffset(2026, 3, 29, 8, 30, 0, TimeSpan.Zero), sunday);
    }

    [Fact]
    public void NextSession_stays_at_local_time_across_the_autumn_dst_change()
    {
        var friday = new DateTimeOffset(2026, 10, 23, 8, 30, 0, TimeSpan.Zero); // 09:30 BST
        var next = ChannelSchedule.NextSession(London with { SessionDays = SessionDays.Weekdays }, friday);
        Assert.Equal(new DateTimeOffset(2026, 10, 26, 9, 30, 0, TimeSpan.Zero), next); // Monday 09:30 GMT
    }

    [Fact]
    public void A_session_time_skipped_by_dst_moves_forward_by_the_gap()
    {
        var settings = London with { SessionAt = new TimeOnly(1, 30) };
        var next = ChannelSchedule.NextSession(settings, new DateTimeOffset(2026, 3, 29, 0, 0, 0, TimeSpan.Zero));
        Assert.Equal(new DateTimeOffset(2026, 3, 29, 1, 0, 0, TimeSpan.Zero), next); // 02:00 BST
    }

    [Fact]
    public void Weekday_sessions_skip_the_weekend_and_off_means_null()
    {
        var settings = London with { SessionDays = SessionDays.Weekdays };
        var afterFriday = new DateTimeOffset(2026, 3, 27, 12, 0, 0, TimeSpan.Zero);
        Assert.Equal(DayOfWeek.Monday, ChannelSchedule.NextSession(settings, afterFriday)!.Value.DayOfWeek);
        Assert.Null(ChannelSchedule.NextSession(settings with { SessionAt = null }, afterFriday));
    }

    [Fact]
    public void Reminders_come_every_n_hours_within_working_hours_and_skip_quiet_hours()
    {
        var settings = new ChannelSettings { TimeZoneId = "America/New_York", ReminderEveryHours = 2, WorkStart = new(9, 0), WorkEnd = new(17, 0), QuietFrom = new(12, 30), QuietTo = new(14, 0) };
        var times = new List<DateTimeOffset>();
        var at = new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero); // a Monday
        for (var i = 0; i < 4; i++)
        {
            at = ChannelSchedule.NextReminder(settings, at)!.Value;
            times.Add(at);
        }

        // 09:00, 11:00, (13:00 is quiet), 15:00 EDT, then Tuesday 09:00.
        Assert.Equal(
            [new DateTimeOffset(2026, 6, 1, 13, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 6, 1, 15, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 6, 1, 19, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 6, 2, 13, 0, 0, TimeSpan.Zero)],
            times);
    }

    [Theory]
    [InlineData(22, 7, 23, true)]
    [InlineData(22, 7, 6, true)]
    [InlineData(22, 7, 7, false)]
    [InlineData(22, 7, 12, false)]
    [InlineData(12, 14, 13, true)]
    [InlineData(12, 14, 14, false)]
    public void Quiet_hours_may_wrap_past_midnight(int from, int to, int hour, bool quiet)
    {
        var settings = new ChannelSettings { QuietFrom = new(from, 0), QuietTo = new(to, 0) };
        Assert.Equal(quiet, settings.IsQuiet(new TimeOnly(hour, 0)));
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(9, true)]
    [InlineData(10, true)]
    [InlineData(11, false)]
    [InlineData(600, false)]
    public void Something_due_fires_once_within_the_grace_window_and_is_skipped_after(int minutesLate, bool fires)
    {
        var due = new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);
        Assert.Equal(fires, ChannelSchedule.ShouldFire(due, due.AddMinutes(minutesLate), ChannelSchedule.DefaultGrace));
    }

    [Fact]
    public void After_a_long_outage_the_next_occurrence_is_in_the_future_so_missed_ones_never_burst()
    {
        var settings = London with { SessionDays = SessionDays.EveryDay };
        var due = ChannelSchedule.NextSession(settings, new DateTimeOffset(2026, 1, 5, 0, 0, 0, TimeSpan.Zero))!.Value;
        var backAfterThreeDays = due.AddDays(3).AddHours(1);
        Assert.False(ChannelSchedule.ShouldFire(due, backAfterThreeDays, ChannelSchedule.DefaultGrace));
        var next = ChannelSchedule.NextSession(settings, backAfterThreeDays)!.Value;
        Assert.True(next > backAfterThreeDays);
        Assert.True(next - backAfterThreeDays < TimeSpan.FromDays(1));
    }
}
