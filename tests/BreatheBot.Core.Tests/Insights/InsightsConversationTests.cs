using BreatheBot.Core.Conversations;
using BreatheBot.Core.Episodes;
using BreatheBot.Core.Messaging;
using BreatheBot.Core.Tests.Support;
using static BreatheBot.Core.Tests.Insights.DiaryFixtures;

namespace BreatheBot.Core.Tests.Insights;

/// <summary>The data commands through the engine: what a person sees, and what a group never sees.</summary>
public sealed class InsightsConversationTests
{
    private static EngineDriver WithDiary(IEnumerable<Episode> diary, out List<Episode> list)
    {
        list = [.. diary];
        var chat = new EngineDriver { Now = Now };
        chat.Send("/start");
        return chat;
    }

    private static IReadOnlyList<Reply> Run(EngineDriver chat, InboundEvent inbound, IReadOnlyList<Episode> diary)
    {
        var result = chat.Engine.Handle(chat.State, inbound, chat.Profile, chat.Now, new TurnInputs { Diary = diary });
        chat.State = result.State;
        chat.Profile = result.ProfileToSave ?? chat.Profile;
        chat.Turns.Add(result.Replies);
        return result.Replies;
    }

    private static CommandReceived Command(EngineDriver chat, string name, string? argument = null) =>
        new(chat.Key, chat.Chat, "100", chat.Now, null, name, argument);

    [Fact]
    public void History_pages_five_at_a_time_newest_first_with_older_and_newer_buttons()
    {
        var chat = WithDiary(Enumerable.Range(0, 12).Select(d => Episode(d, before: d % 10)), out var diary);

        var first = Assert.IsType<TextReply>(Assert.Single(Run(chat, Command(chat, "history"), diary)));
        Assert.Equal("history", first.Slot);
        Assert.StartsWith("Your episodes (12 in all), page 1 of 3:", first.Text, StringComparison.Ordinal);
        Assert.Equal(["1. ", "2. ", "3. ", "4. ", "5. "], first.Text.Split('\n').Skip(1).Select(l => l[..3]));
        Assert.Contains("Tue 31 Mar 2026", first.Text.Split('\n')[1], StringComparison.Ordinal);
        // Edit and Delete for each entry shown, then paging.
        Assert.Equal(["Edit 1", "Delete 1", "Edit 2", "Delete 2", "Edit 3", "Delete 3", "Edit 4", "Delete 4", "Edit 5", "Delete 5"], first.Choices.SkipLast(1).Select(c => c.Label));
        Assert.Equal("hist:1", first.Choices[^1].Id);

        var second = Assert.IsType<EditReply>(Assert.Single(Run(chat, new ChoiceSelected(chat.Key, chat.Chat, "100", chat.Now, null, "hist:1"), diary)));
        Assert.Equal(["hist:2", "hist:0"], second.Choices.Where(c => c.Id.StartsWith("hist:", StringComparison.Ordinal)).Select(c => c.Id));
        var last = Assert.IsType<EditReply>(Assert.Single(Run(chat, new ChoiceSelected(chat.Key, chat.Chat, "100", chat.Now, null, "hist:2"), diary)));
        Assert.Equal(2, last.Text.Split('\n').Length - 1);
        Assert.Equal(["he:", "hd:", "he:", "hd:", "hist:1"], last.Choices.Select(c => c.Id[..(c.Id.IndexOf(':', StringComparison.Ordinal) + 1)]).Select(p => p == "hist:" ? "hist:1" : p));
        Assert.IsType<EditReply>(Assert.Single(Run(chat, new ChoiceSelected(chat.Key, chat.Chat, "100", chat.Now, null, "hist:999"), diary)));
    }

    [Fact]
    public void History_line_shows_pain_steps_medication_and_triggers()
    {
        var line = BreatheBot.Core.Content.InsightsWording.HistoryLine(
            Episode(0, before: 6, afterBreathing: 4, afterPoints: 3, followUp: 2, medication: MedicationKind.SimplePainkiller,
                steps: [SelfCareStep.Breathing, SelfCareStep.TriggerPoints], triggers: [HeadacheTrigger.PoorSleep]),
            TimeZoneInfo.Utc);
        Assert.Equal("Tue 31 Mar 2026 12:00 · pain 6 → 4 after breathing → 3 after pressure points, later 2 · breathing, pressure points · simple painkiller · poor sleep", line);
    }

    [Theory]
    [InlineData(5, null, null, "pain 7 → 5 after breathing ·")]
    [InlineData(5, null, 4, "pain 7 → 5 after breathing, later 4 ·")]
    [InlineData(null, 3, null, "pain 7 → 3 after pressure points ·")]
    [InlineData(null, null, null, "pain 7 ·")]
    public void History_shows_the_after_breathing_score_where_one_was_recorded(int? afterBreathing, int? afterPoints, int? followUp, string expected)
    {
        var line = BreatheBot.Core.Content.InsightsWording.HistoryLine(
            Episode(0, before: 7, afterBreathing: afterBreathing, afterPoints: afterPoints, followUp: followUp, steps: [SelfCareStep.Breathing]),
            TimeZoneInfo.Utc);
        Assert.Contains(" · " + expected, line, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_diary_says_so()
    {
        var chat = WithDiary([], out var diary);
        Assert.Equal(BreatheBot.Core.Content.InsightsWording.EmptyDiary, EngineDriver.TextOf(Assert.Single(Run(chat, Command(chat, "history"), diary))));
    }

    [Fact]
    public void Stats_reply_has_text_window_buttons_and_a_chart()
    {
        var chat = WithDiary([Episode(1, before: 6, afterBreathing: 3, steps: [SelfCareStep.Breathing])], out var diary);
        var replies = Run(chat, Command(chat, "stats", "90d"), diary);
        Assert.Equal(["stats", "stats.chart"], replies.Select(r => r.Key));
        Assert.Contains("the last 90 days", EngineDriver.TextOf(replies[0]), StringComparison.Ordinal);
        Assert.Equal(["stats:30d", "stats:90d", "stats:all"], EngineDriver.ChoicesOf(replies[0]).Select(c => c.Id));
    }

    [Theory]
    [InlineData("30d", 30)]
    [InlineData("90d", 90)]
    public void A_windowed_chart_spans_exactly_its_window_ending_now(string argument, int days)
    {
        var chat = WithDiary([Episode(1, before: 6, afterBreathing: 3, steps: [SelfCareStep.Breathing])], out var diary);

        var chart = Assert.IsType<ChartReply>(Run(chat, Command(chat, "stats", argument), diary)[1]).Chart;

        Assert.Equal(Now - TimeSpan.FromDays(days), chart.From);
        Assert.Equal(Now, chart.To);
    }

    [Fact]
    public void The_all_time_chart_has_no_fixed_window()
    {
        var chat = WithDiary([Episode(1, before: 6)], out var diary);

        var chart = Assert.IsType<ChartReply>(Run(chat, Command(chat, "stats", "all"), diary)[1]).Chart;

        Assert.Null(chart.From);
        Assert.Null(chart.To);
    }

    [Fact]
    public void Export_sends_a_csv_and_a_json_file()
    {
        var chat = WithDiary([Episode(1, before: 6)], out var diary);
        var replies = Run(chat, Command(chat, "export"), diary);
        Assert.Equal(["breathebot-diary.csv", "breathebot-diary.json"], replies.OfType<FileReply>().Select(f => f.FileName));
    }

    [Fact]
    public void Forget_asks_first_and_only_a_yes_erases()
    {
        var chat = new EngineDriver();
        chat.Send("/start");
        Assert.Equal(["forget.confirm"], chat.Send("/forget").Select(r => r.Key));
        Assert.Equal(["forget.confirm"], chat.Send("maybe").Select(r => r.Key));
        Assert.Equal(["forget.cancelled"], chat.Press("fg:no").Select(r => r.Key));

        chat.Send("/forget");
        var result = chat.Engine.Handle(chat.State, new ChoiceSelected(chat.Key, chat.Chat, "100", chat.Now, null, "fg:yes") { PromptId = chat.State.PromptId }, chat.Profile, chat.Now);
        Assert.Equal(["forget.files", "forget.done"], result.Replies.Select(r => r.Key));
        Assert.Equal([chat.Key.UserKey], result.ForgetUsers);
        Assert.Empty(result.EpisodesToSave);
        Assert.Null(result.ProfileToSave);
        Assert.IsType<IdleState>(result.State);
    }

    [Fact]
    public void Logging_medication_on_the_tenth_triptan_day_gives_the_calm_overuse_note()
    {
        var diary = Enumerable.Range(1, 9).Select(d => Episode(d, before: 5, medication: MedicationKind.Triptan)).ToList();
        var chat = new EngineDriver { Now = Now };
        foreach (var line in new[] { "/headache", "no", "no", "6", "2", "pressing", "done", "done" })
        {
            chat.Send(line);
        }

        var replies = Run(chat, new ChoiceSelected(chat.Key, chat.Chat, "100", chat.Now, null, "med:2") { PromptId = chat.State.PromptId }, diary);
        Assert.Equal(["medication.overuse", "triage.medication-name"], replies.Select(r => r.Key));
        Assert.Equal(
            "You've logged painkillers on 10 days in the last 30. Using them this often can itself make headaches more frequent. It's worth talking to your doctor about this.",
            EngineDriver.TextOf(replies[0]));
        Assert.DoesNotContain("stop", EngineDriver.TextOf(replies[0]), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Logging_medication_on_the_ninth_triptan_day_says_nothing_extra()
    {
        var diary = Enumerable.Range(1, 8).Select(d => Episode(d, before: 5, medication: MedicationKind.Triptan)).ToList();
        var chat = new EngineDriver { Now = Now };
        foreach (var line in new[] { "/headache", "no", "no", "6", "2", "pressing", "done", "done" })
        {
            chat.Send(line);
        }

        Assert.Equal(["triage.medication-name"], Run(chat, new ChoiceSelected(chat.Key, chat.Chat, "100", chat.Now, null, "med:2") { PromptId = chat.State.PromptId }, diary).Select(r => r.Key));
    }

    [Theory]
    [InlineData("/history")]
    [InlineData("/stats")]
    [InlineData("/export")]
    [InlineData("/forget")]
    [InlineData("/link")]
    public void Data_commands_in_a_group_move_to_a_private_chat_and_show_nothing(string command)
    {
        var chat = new EngineDriver(chat: ChatKind.Group);
        var move = Assert.IsType<MoveToPrivateReply>(Assert.Single(chat.Send(command)));
        Assert.Equal(command[1..], move.StartPayload);
        Assert.False(ConversationEngine.NeedsDiary(chat.State, new CommandReceived(chat.Key, ChatKind.Group, "1", chat.Now, null, command[1..], null)));
    }

    [Theory]
    [InlineData("berlin", "Europe/Berlin")]
    [InlineData("Europe/paris", "Europe/Paris")]
    [InlineData("new york", "America/New_York")]
    public void A_typed_time_zone_is_accepted_in_any_case_and_by_city(string typed, string expected)
    {
        var chat = new EngineDriver();
        chat.Send("/settings");
        chat.Press("set:tz");

        Assert.DoesNotContain("settings.tz.unknown", chat.Send(typed).Select(r => r.Key));
        Assert.Equal(expected, chat.Profile!.TimeZoneId);
    }

    [Fact]
    public void Settings_change_time_zone_and_emergency_number_and_they_are_used()
    {
        var chat = new EngineDriver();
        chat.Send("/settings");
        chat.Press("set:tz");
        Assert.Equal(["settings.tz.unknown"], chat.Send("Mars/Olympus_Mons").Select(r => r.Key));
        chat.Send("Europe/Berlin");
        Assert.Equal("Europe/Berlin", chat.Profile!.TimeZoneId);
        chat.Press("set:sos");
        Assert.Equal(["settings.emergency.bad"], chat.Send("call someone").Select(r => r.Key));
        chat.Send("999");
        chat.Press("set:fu");
        chat.Press("sf:60");
        chat.Press("set:done");

        chat.Send("/headache");
        var advice = chat.Press("e:yes")[0];
        Assert.Contains("Call 999 now", EngineDriver.TextOf(advice), StringComparison.Ordinal);

        chat.Send("/breathe");
        chat.Send("yes"); // help is on its way (asked within the pause after the emergency flag)
        chat.Send("headache");
        chat.Send("no");
        chat.Send("no");
        chat.Send("5");
        chat.Send("skip breathing");
        Assert.Contains("1 hour", EngineDriver.TextOf(chat.LastReplies[^1]), StringComparison.Ordinal);
    }

    [Fact]
    public void Privacy_explains_what_is_stored_and_how_to_export_or_delete()
    {
        var chat = new EngineDriver();
        var text = EngineDriver.TextOf(chat.Send("/privacy").Last());
        Assert.Contains("/export", text, StringComparison.Ordinal);
        Assert.Contains("/forget", text, StringComparison.Ordinal);
        Assert.Contains("It is not medical advice or a diagnosis", text, StringComparison.Ordinal);
    }
}
