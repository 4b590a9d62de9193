using BreatheBot.Core.Conversations;
using BreatheBot.Core.Episodes;
using BreatheBot.Core.Messaging;
using BreatheBot.Core.Tests.Support;

namespace BreatheBot.Core.Tests.Diary;

/// <summary>
/// /history's Edit changes an entry's end time: typed like the start (or as a length from the start), after the start and
/// not in the future; "Not sure / still going" clears it. The clock: Tuesday 10 March 2026, 10:00 in Berlin; the entry
/// started Monday 9 March, 10:00 in Berlin (09:00 UTC).
/// </summary>
public sealed class EditEndTimeTests
{
    private static readonly DateTimeOffset Started = EngineDriver.Start.AddDays(-1);

    private static EngineDriver EditingEnd(DateTimeOffset? endedAt = null)
    {
        var chat = new EngineDriver
        {
            Profile = new UserProfile
            {
                UserKey = "telegram:100", FirstSeenAt = EngineDriver.Start, DisclaimerShownAt = EngineDriver.Start, TimeZoneId = "Europe/Berlin",
            },
        };
        chat.Episodes["e"] = new Episode
        {
            Id = "e", UserKey = "telegram:100", ConversationKey = chat.Key.ToString(), Kind = EpisodeKind.Headache,
            StartedAt = Started, EndedAt = endedAt, Status = EpisodeStatus.Completed, PainBefore = 6,
        };
        chat.Send("/history");
        chat.Press("he:" + EpisodeRef.Of("e"));
        return chat;
    }

    [Fact]
    public void Edit_lists_end_time_and_a_typed_end_is_saved_and_shown_as_the_duration()
    {
        var chat = EditingEnd();
        Assert.Contains("End time", EngineDriver.ChoicesOf(chat.LastReplies[0]).Select(c => c.Label));

        Assert.Equal(["entry.edit.end"], Keys(chat.Press("edm:end")));
        Assert.Contains("has no end time", EngineDriver.TextOf(chat.LastReplies[0]), StringComparison.Ordinal);
        Assert.Equal(["entry.edit.saved", "entry.edit.menu"], Keys(chat.Send("yesterday 13:30")));

        Assert.Equal(TimeSpan.FromHours(3.5), chat.Episodes["e"].Duration);
        Assert.Contains("lasted 3 h 30 min", EngineDriver.TextOf(chat.LastReplies[1]), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("3h", 180)]
    [InlineData("2 hours 30", 150)]
    public void Edit_end_as_a_length_counts_from_the_start(string typed, int minutes)
    {
        var chat = EditingEnd();
        chat.Press("edm:end");
        chat.Send(typed);

        Assert.Equal(TimeSpan.FromMinutes(minutes), chat.Episodes["e"].Duration);
    }

    [Fact]
    public void Edit_end_a_day_without_a_time_asks_what_time_on_that_day()
    {
        var chat = EditingEnd();
        chat.Press("edm:end");

        Assert.StartsWith("What time on Monday 9 March", EngineDriver.TextOf(chat.Send("yesterday")[0]), StringComparison.Ordinal);
        chat.Send("18:00");
        Assert.Equal(new DateTimeOffset(2026, 3, 9, 17, 0, 0, TimeSpan.Zero), chat.Episodes["e"].EndedAt);
    }

    [Theory]
    [InlineData("yesterday 08:00", "entry.edit.end.before-start")]
    [InlineData("yesterday 10:00", "entry.edit.end.before-start")]
    [InlineData("today 23:00", "entry.edit.end.future")]
    [InlineData("2 days", "entry.edit.end.future")]
    [InlineData("whenever", "entry.edit.end.unreadable")]
    public void Edit_end_must_be_after_the_start_and_not_in_the_future(string typed, string expected)
    {
        var chat = EditingEnd();
        chat.Press("edm:end");
        var before = chat.Episodes["e"];

        Assert.Equal([expected], Keys(chat.Send(typed)));
        Assert.Same(before, chat.Episodes["e"]);
        Assert.Equal(EditItem.End, Assert.IsType<EditEntryState>(chat.State).Item);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("still going")]
    [InlineData("not sure")]
    public void Edit_end_not_sure_or_still_going_clears_it(string? typed)
    {
        var chat = EditingEnd(endedAt: Started.AddHours(2));
        chat.Press("edm:end");
        Assert.Contains("ended Monday 9 March, 12:00", EngineDriver.TextOf(chat.LastReplies[0]), StringComparison.Ordinal);

        Assert.Equal(["entry.edit.saved", "entry.edit.menu"], Keys(typed is null ? chat.Press("ede:none") : chat.Send(typed)));
        Assert.Null(chat.Episodes["e"].EndedAt);
    }

    [Fact]
    public void Edit_start_may_not_move_past_the_end()
    {
        var chat = EditingEnd(endedAt: Started.AddHours(2));
        chat.Press("edm:start");

        Assert.Equal(["entry.edit.start.after-end"], Keys(chat.Send("yesterday 13:00")));
        Assert.Equal(Started, chat.Episodes["e"].StartedAt);
        Assert.Equal(["entry.edit.saved", "entry.edit.menu"], Keys(chat.Send("yesterday 09:00")));
        Assert.Equal(TimeSpan.FromHours(3), chat.Episodes["e"].Duration);
    }

    [Fact]
    public void Edit_end_can_be_chosen_by_typing_its_menu_number()
    {
        var chat = EditingEnd();

        Assert.Equal(["entry.edit.end"], Keys(chat.Send("2")));
    }

    private static string[] Keys(IEnumerable<Reply> replies) => [.. replies.Select(r => r.Key)];
}
