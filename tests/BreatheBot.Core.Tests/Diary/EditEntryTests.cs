using BreatheBot.Core.Conversations;
using BreatheBot.Core.Episodes;
using BreatheBot.Core.Messaging;
using BreatheBot.Core.Tests.Support;

namespace BreatheBot.Core.Tests.Diary;

/// <summary>
/// From /history, each entry has Edit and Delete. Edits are validated and saved one by one; Delete asks Delete / Keep.
/// Only the person's own entries can be reached. The clock: Tuesday 10 March 2026, 10:00 in Berlin.
/// </summary>
public sealed class EditEntryTests
{
    private static EngineDriver Chat()
    {
        var chat = new EngineDriver
        {
            Profile = new UserProfile
            {
                UserKey = "telegram:100", FirstSeenAt = EngineDriver.Start, DisclaimerShownAt = EngineDriver.Start, TimeZoneId = "Europe/Berlin",
            },
        };
        Add(chat, "older", -3, note: "OLDNOTE");
        Add(chat, "newer", -1, note: null);
        return chat;
    }

    private static void Add(EngineDriver chat, string id, int days, string? note, string user = "telegram:100") =>
        chat.Episodes[id] = new Episode
        {
            Id = id, UserKey = user, ConversationKey = chat.Key.ToString(), Kind = EpisodeKind.Headache,
            StartedAt = EngineDriver.Start.AddDays(days), Status = EpisodeStatus.Completed, EmergencyScreenClear = true, SameDayScreenClear = true,
            PainBefore = 6, PainAfterBreathing = 4, Locations = [PainLocation.ForeheadTemples], Triggers = [HeadacheTrigger.Caffeine, HeadacheTrigger.Other],
            OtherTrigger = "new pillow", Medication = MedicationKind.None, StepsDone = [SelfCareStep.Breathing], Note = note,
        };

    [Fact]
    public void Edit_changes_one_field_at_a_time_and_keeps_everything_else()
    {
        var chat = Chat();
        chat.Send("/history");

        Assert.Equal(["entry.edit.menu"], Keys(chat.Press("he:" + EpisodeRef.Of("newer"))));
        Assert.StartsWith("Editing: Mon 9 Mar 2026 10:00", EngineDriver.TextOf(chat.LastReplies[0]), StringComparison.Ordinal);

        chat.Press("edm:pain");
        Assert.Equal(["At the start: 6", "After breathing: 4"], EngineDriver.ChoicesOf(chat.LastReplies[0]).Select(c => c.Label));
        chat.Press("edw:" + (int)PainMoment.AfterBreathing);
        Assert.Equal(["entry.edit.saved", "entry.edit.menu"], Keys(chat.Press("edv:2")));

        chat.Press("edm:start");
        chat.Send("yesterday 08:30");
        chat.Press("edm:loc");
        chat.Press("edl:" + (int)PainLocation.ForeheadTemples);
        chat.Press("edl:" + (int)PainLocation.OneSide);
        chat.Press("edl:done");
        chat.Press("edm:trg");
        chat.Send("poor sleep");
        chat.Press("edm:med");
        chat.Press("edx:" + (int)MedicationKind.Triptan);
        chat.Press("edm:note");
        chat.Send("after the long drive");
        Assert.Equal(["entry.edit.done"], Keys(chat.Press("edm:done")));

        var edited = chat.Episodes["newer"];
        Assert.Equal(new DateTimeOffset(2026, 3, 9, 7, 30, 0, TimeSpan.Zero), edited.StartedAt);
        Assert.Equal(6, edited.PainBefore);
        Assert.Equal(2, edited.PainAfterBreathing);
        Assert.Equal([PainLocation.OneSide], edited.Locations);
        Assert.Equal([HeadacheTrigger.PoorSleep, HeadacheTrigger.Other], edited.Triggers);
        Assert.Equal("new pillow", edited.OtherTrigger);
        Assert.Equal(MedicationKind.Triptan, edited.Medication);
        Assert.Equal("after the long drive", edited.Note);
        Assert.Equal([SelfCareStep.Breathing], edited.StepsDone);
        Assert.True(edited.EmergencyScreenClear);
        Assert.False(edited.LoggedAfterwards);
        Assert.IsType<IdleState>(chat.State);
        Assert.Equal("OLDNOTE", chat.Episodes["older"].Note);
    }

    [Theory]
    [InlineData("edm:start", "tomorrow", "entry.edit.start.unreadable")]
    [InlineData("edm:start", "today 23:00", "entry.edit.start.future")]
    [InlineData("edm:start", "2024-01-01 10:00", "entry.edit.start.too-old")]
    [InlineData("edm:note", "LONG", "entry.edit.note.too-long")]
    public void Edit_refuses_a_bad_value_with_a_clear_reply_and_changes_nothing(string item, string typed, string expected)
    {
        var chat = Chat();
        chat.Send("/history");
        chat.Press("he:" + EpisodeRef.Of("newer"));
        chat.Press(item);
        var before = chat.Episodes["newer"];

        Assert.Equal([expected], Keys(chat.Send(typed == "LONG" ? new string('n', Episode.NoteMaxLength + 1) : typed)));
        Assert.Same(before, chat.Episodes["newer"]);
        Assert.IsType<EditEntryState>(chat.State);
    }

    [Theory]
    [InlineData("11")]
    [InlineData("-1")]
    [InlineData("a lot")]
    public void Edit_pain_must_be_0_to_10(string typed)
    {
        var chat = Chat();
        chat.Send("/history");
        chat.Press("he:" + EpisodeRef.Of("newer"));
        chat.Press("edm:pain");
        chat.Send("1");

        Assert.Equal(["entry.edit.pain.reask"], Keys(chat.Send(typed)));
        Assert.Equal(6, chat.Episodes["newer"].PainBefore);
        Assert.Equal(["entry.edit.saved", "entry.edit.menu"], Keys(chat.Send("0")));
        Assert.Equal(0, chat.Episodes["newer"].PainBefore);
    }

    [Fact]
    public void Delete_asks_first_keep_keeps_it_and_delete_removes_only_that_entry()
    {
        var chat = Chat();
        chat.Send("/history");

        Assert.Equal(["entry.delete.confirm"], Keys(chat.Press("hd:" + EpisodeRef.Of("older"))));
        Assert.Equal(["del:yes", "del:no"], EngineDriver.ChoicesOf(chat.LastReplies[0]).Select(c => c.Id));
        Assert.Equal(["entry.kept"], Keys(chat.Press("del:no")));
        Assert.Equal(2, chat.Episodes.Count);

        chat.Send("/history");
        chat.Press("hd:" + EpisodeRef.Of("older"));
        var result = chat.Engine.Handle(chat.State, new ChoiceSelected(chat.Key, ChatKind.Private, "100", chat.Now, null, "del:yes") { PromptId = chat.State.PromptId },
            chat.Profile, chat.Now, new TurnInputs { Diary = [.. chat.Episodes.Values] });

        Assert.Equal(["older"], result.DeleteEpisodes);
        Assert.Empty(result.EpisodesToSave);
        Assert.Equal(["entry.deleted"], Keys(result.Replies));
        Assert.IsType<IdleState>(result.State);
    }

    [Fact]
    public void Delete_then_history_no_longer_lists_it()
    {
        var chat = Chat();
        chat.Send("/history");
        chat.Press("hd:" + EpisodeRef.Of("older"));
        chat.Send("delete");

        Assert.Equal(["newer"], chat.Episodes.Keys);
        Assert.StartsWith("Your episodes (1 in all)", EngineDriver.TextOf(chat.Send("/history")[0]), StringComparison.Ordinal);
    }

    [Fact]
    public void An_entry_already_deleted_or_someone_elses_cannot_be_reached()
    {
        var chat = Chat();
        Add(chat, "someone-else", -2, note: null, user: "telegram:999");
        chat.Send("/history");

        Assert.Equal(["entry.gone"], Keys(chat.Press("he:" + EpisodeRef.Of("someone-else"))));
        Assert.Equal(["entry.gone"], Keys(chat.Press("hd:" + EpisodeRef.Of("someone-else"))));
        Assert.True(chat.Episodes.ContainsKey("someone-else"));

        chat.Press("he:" + EpisodeRef.Of("older"));
        chat.Episodes.Remove("older");
        Assert.Equal(["entry.gone"], Keys(chat.Press("edm:pain")));
        Assert.IsType<IdleState>(chat.State);
    }

    [Fact]
    public void A_warning_sign_typed_while_editing_gets_the_advice_and_leaves_the_entry_as_it_was()
    {
        var chat = Chat();
        chat.Send("/history");
        chat.Press("he:" + EpisodeRef.Of("newer"));
        chat.Press("edm:note");
        var before = chat.Episodes["newer"];

        Assert.Contains("triage.emergency.advice", Keys(chat.Send("my face is drooping on the left side")));
        Assert.Same(before, chat.Episodes["newer"]);
        Assert.Null(chat.Episodes["newer"].RedFlagTier);
    }

    [Fact]
    public void Stop_while_editing_keeps_what_was_saved()
    {
        var chat = Chat();
        chat.Send("/history");
        chat.Press("he:" + EpisodeRef.Of("newer"));
        chat.Press("edm:pain");
        chat.Press("edw:0");
        chat.Press("edv:9");

        Assert.Equal(["stopped"], Keys(chat.Send("stop")));
        Assert.Equal(9, chat.Episodes["newer"].PainBefore);
    }

    [Fact]
    public void A_button_from_an_earlier_edit_question_is_not_taken_as_an_answer()
    {
        var chat = Chat();
        chat.Send("/history");
        chat.Press("he:" + EpisodeRef.Of("newer"));
        var menu = chat.LastReplies[0];
        chat.Press("edm:pain");

        Assert.Equal(["choice.earlier"], Keys(chat.PressOn(menu, "edm:note")));
        Assert.Equal(EditItem.PainWhich, Assert.IsType<EditEntryState>(chat.State).Item);
    }

    [Fact]
    public void Edit_or_delete_can_be_typed_by_the_entry_number_where_buttons_cannot_be_pressed()
    {
        var chat = Chat();
        chat.Send("/history");

        Assert.Equal(["entry.delete.confirm"], Keys(chat.Send("delete 2")));
        Assert.Contains("Sat 7 Mar 2026", EngineDriver.TextOf(chat.LastReplies[0]), StringComparison.Ordinal);
        chat.Send("keep");
        Assert.Equal(["entry.edit.menu"], Keys(chat.Send("Edit 1")));
        Assert.Equal("newer", Assert.IsType<EditEntryState>(chat.State).EpisodeId);
        chat.Send("done");
        Assert.Equal(["entry.gone"], Keys(chat.Send("edit 9")));
    }

    private static string[] Keys(IEnumerable<Reply> replies) => [.. replies.Select(r => r.Key)];
}
