using BreatheBot.Core.Content;
using BreatheBot.Core.Conversations;
using BreatheBot.Core.Messaging;
using BreatheBot.Core.Storage;
using BreatheBot.Core.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace BreatheBot.Core.Tests.Conversations;

/// <summary>Issue 12 item 5: a press is honoured only on the message of the current question of the current episode.</summary>
public sealed class ButtonsBoundToTheirQuestionTests
{
    private static ReplyChoice Button(Reply reply, string id) => EngineDriver.ChoicesOf(reply).Single(c => c.Id == id);

    [Fact]
    public void After_stop_and_a_new_headache_none_on_the_previous_episodes_screen_only_gets_the_notice()
    {
        var chat = new EngineDriver();
        var oldScreen = chat.Send("/headache").Single(r => r.Key == "triage.emergency");
        chat.Send("/stop");
        chat.Send("/headache");
        var state = chat.State;

        var replies = chat.PressOn(oldScreen, "e:none");

        var notice = Assert.IsType<NoticeReply>(Assert.Single(replies));
        Assert.Equal(Wording.EarlierQuestionButton, notice.Text);
        Assert.Same(state, chat.State);
    }

    [Fact]
    public void After_stop_and_a_new_headache_yes_on_the_previous_episodes_screen_gets_the_notice_and_the_emergency_advice_but_changes_nothing()
    {
        var chat = new EngineDriver();
        var oldScreen = chat.Send("/headache").Single(r => r.Key == "triage.emergency");
        chat.Send("/stop");
        chat.Send("/headache");
        var state = chat.State;
        var episodes = chat.Episodes.Count;

        var replies = chat.PressOn(oldScreen, "e:yes");

        Assert.Equal(["choice.earlier", "triage.emergency.advice"], replies.Select(r => r.Key));
        Assert.StartsWith("Call 112 / 999 / 911 / 000 now", EngineDriver.TextOf(replies[1]), StringComparison.Ordinal);
        var notice = Assert.IsType<NoticeReply>(replies[0]);
        Assert.Equal(Wording.EarlierQuestionButton, notice.Text);
        Assert.StartsWith("That button belongs to an earlier question", notice.Text, StringComparison.Ordinal);
        Assert.Same(state, chat.State);
        Assert.Equal(episodes, chat.Episodes.Count);
        Assert.Null(chat.Profile!.LastEmergencyFlagAt);
    }

    [Fact]
    public void The_same_press_on_the_current_screen_is_honoured()
    {
        var chat = new EngineDriver();
        chat.Send("/headache");
        chat.Send("/stop");
        var screen = chat.Send("/headache").Single(r => r.Key == "triage.emergency");

        var replies = chat.PressOn(screen, "e:yes");

        Assert.Contains(replies, r => r.Key == "triage.emergency.advice");
    }

    [Fact]
    public void A_button_of_an_earlier_question_in_the_same_episode_changes_nothing()
    {
        var chat = new EngineDriver();
        var emergencyScreen = chat.Send("/headache").Single(r => r.Key == "triage.emergency");
        chat.Press("e:none");
        var state = chat.State;

        var replies = chat.PressOn(emergencyScreen, "e:none");

        Assert.Equal(["choice.earlier"], replies.Select(r => r.Key));
        Assert.Same(state, chat.State);
    }

    [Fact]
    public void Typed_answers_are_never_refused_as_earlier()
    {
        var chat = new EngineDriver();
        chat.Send("/headache");
        chat.Send("/stop");
        chat.Send("/headache");

        Assert.Equal(["triage.same-day"], chat.Send("no").Select(r => r.Key));
    }

    [Fact]
    public void The_pacers_stop_and_dizzy_buttons_stay_current_through_every_edit()
    {
        var chat = StepScripts.Reach(["/breathe", "headache", "no", "no", "5"]);
        chat.Press("bp:0");
        var pacer = chat.Press("bl:3").Single(r => r.Key == "breathing.pacer");
        for (var i = 0; i < 5; i++)
        {
            var edit = chat.Tick().OfType<EditReply>().Single();
            Assert.Equal(Button(pacer, "pc:dizzy").PromptId, Button(edit, "pc:dizzy").PromptId);
        }

        // Pressed on the message as first sent (the edits kept its stamp) ...
        var replies = chat.PressOn(pacer, "pc:dizzy");

        Assert.Contains(replies, r => r.Key == "breathing.dizzy");
        Assert.IsType<PainState>(chat.State);
    }

    [Fact]
    public void A_repeated_question_keeps_its_number_so_both_copies_work()
    {
        var chat = new EngineDriver();
        var first = chat.Send("/headache").Single(r => r.Key == "triage.emergency");
        var again = chat.Send("/help").Single(r => r.Key == "triage.emergency");
        Assert.Equal(Button(first, "e:none").PromptId, Button(again, "e:none").PromptId);

        Assert.Equal(["triage.same-day"], chat.PressOn(first, "e:none").Select(r => r.Key));
    }

    [Fact]
    public void A_question_answered_and_moved_on_from_refuses_its_buttons()
    {
        var chat = new EngineDriver();
        chat.Send("/headache");
        chat.Press("e:none");
        var painQuestion = chat.Press("s:none").Single(r => r.Key == "pain.before");
        chat.Press("pb:6");

        Assert.Equal(["choice.earlier"], chat.PressOn(painQuestion, "pb:2").Select(r => r.Key));
    }

    [Fact]
    public void A_button_from_before_stamps_is_honoured_until_something_new_is_asked()
    {
        var chat = new EngineDriver();
        chat.Send("/headache");
        // As stored by the previous version: no number, and buttons sent without a stamp.
        chat.State = chat.State with { PromptId = 0 };
        var unstamped = new ChoiceSelected(chat.Key, chat.Chat, "100", chat.Now, null, "e:none");

        Assert.Equal(["triage.same-day"], chat.Run(unstamped).Select(r => r.Key));
        Assert.Equal(["choice.earlier"], chat.Run(unstamped with { ChoiceId = "s:none" }).Select(r => r.Key));
    }

    [Fact]
    public void History_paging_is_a_view_and_works_whatever_is_asked_meanwhile()
    {
        var chat = new EngineDriver();
        chat.Send("/headache");
        var before = chat.State.PromptId;
        chat.Send("/history");

        Assert.Equal(before, chat.State.PromptId);
        Assert.Equal(["triage.same-day"], chat.Press("e:none").Select(r => r.Key));
    }

    [Fact]
    public async Task Through_the_service_the_old_screens_yes_is_answered_with_the_notice_and_the_advice_and_stored_state_is_untouched()
    {
        var time = new FakeTimeProvider(EngineDriver.Start);
        var store = new InMemoryConversationStore();
        var sender = new RecordingSender();
        await using var service = new ConversationService(
            new ConversationEngine(Options.Create(new ConversationOptions())), store, [sender], time, NullLogger<ConversationService>.Instance);
        var key = ConversationKey.Private(Platform.Telegram, "7", "7");

        async Task<IReadOnlyList<Reply>> Run(InboundEvent inbound)
        {
            var count = sender.KeysFor(key).Count;
            await (await service.HandleAsync(inbound)).Delivered;
            return [.. sender.Sent.GetValueOrDefault(key)?.Skip(count) ?? []];
        }

        var oldScreen = (await Run(new CommandReceived(key, ChatKind.Private, "7", time.GetUtcNow(), "1", "headache", null))).Single(r => r.Key == "triage.emergency");
        await Run(new CommandReceived(key, ChatKind.Private, "7", time.GetUtcNow(), "2", "stop", null));
        await Run(new CommandReceived(key, ChatKind.Private, "7", time.GetUtcNow(), "3", "headache", null));
        var stored = ConversationStateSerializer.Serialize(store.Get(key)!.State);

        var replies = await Run(new ChoiceSelected(key, ChatKind.Private, "7", time.GetUtcNow(), "4", "e:yes") { PromptId = Button(oldScreen, "e:yes").PromptId });

        Assert.Equal(["choice.earlier", "triage.emergency.advice"], replies.Select(r => r.Key));
        Assert.Equal(stored, ConversationStateSerializer.Serialize(store.Get(key)!.State));
        Assert.IsType<ScreeningState>(store.Get(key)!.State);
    }
}
