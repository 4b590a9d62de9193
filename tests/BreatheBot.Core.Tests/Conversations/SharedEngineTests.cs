using BreatheBot.Core.Content;
using BreatheBot.Core.Conversations;
using BreatheBot.Core.Episodes;
using BreatheBot.Core.Messaging;
using BreatheBot.Core.Tests.Support;
using Microsoft.Extensions.Options;

namespace BreatheBot.Core.Tests.Conversations;

/// <summary>
/// One engine serves every conversation, and it builds each question once (issue 7, B1). These pin down that the
/// shared questions never carry one person's answers into another's conversation, from one thread or many.
/// </summary>
public sealed class SharedEngineTests
{
    [Fact]
    public void Ticks_in_one_conversation_never_show_in_another_conversation_on_the_same_engine()
    {
        var engine = NewEngine();
        var first = new EngineDriver(engine: engine);
        var second = new EngineDriver(engine: engine);
        first.Send("/headache");
        first.Press("e:none");
        first.Press("s:none");
        first.Press("pb:6");

        var ticked = ChoicesOf(Assert.Single(first.Press("loc:1")));
        Assert.Equal([Wording.Selected + Wording.Label(PainLocation.BackOfHeadNeck)], Ticked(ticked));

        second.Send("/headache");
        second.Press("e:none");
        second.Press("s:none");
        var asked = second.Press("pb:6");
        Assert.Empty(Ticked(ChoicesOf(Assert.Single(asked))));

        // The first person's message still shows their tick, and unticking shows none.
        Assert.Single(Ticked(ticked));
        Assert.Empty(Ticked(ChoicesOf(Assert.Single(first.Press("loc:1")))));
    }

    [Fact]
    public void Handle_from_many_threads_at_once_gives_the_same_replies_as_one_thread()
    {
        var engine = NewEngine();
        var expected = Transcript(new EngineDriver(engine: engine));

        var transcripts = new string[8][];
        Parallel.For(0, transcripts.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            string[] last = [];
            for (var round = 0; round < 50; round++)
            {
                last = Transcript(new EngineDriver(engine: engine));
            }

            transcripts[i] = last;
        });

        Assert.All(transcripts, t => Assert.Equal(expected, t));
    }

    [Fact]
    public void Breathing_length_marks_the_default_of_the_engines_own_options()
    {
        var three = new EngineDriver(new ConversationOptions { DefaultBreathingMinutes = 3 });
        var five = new EngineDriver(new ConversationOptions { DefaultBreathingMinutes = 5 });

        // Box breathing (bp:1): each button states the real length of the rounds that fit.
        Assert.Equal(Wording.LengthLabel(BreathingPresets.Box, 3, recommended: true), LengthChoices(three)[2].Label);
        Assert.Equal(Wording.LengthLabel(BreathingPresets.Box, 5, recommended: true), LengthChoices(five)[4].Label);
        Assert.Equal(Wording.LengthLabel(BreathingPresets.Box, 3, recommended: false), LengthChoices(five)[2].Label);
    }

    private static IReadOnlyList<ReplyChoice> LengthChoices(EngineDriver chat)
    {
        chat.Send("/breathe");
        chat.Press("bpu:headache");
        chat.Press("e:none");
        chat.Press("s:none");
        chat.Press("pb:5");
        return ChoicesOf(Assert.Single(chat.Press("bp:1"), r => r.Key == "breathing.length"));
    }

    private static ConversationEngine NewEngine() => new(Options.Create(new ConversationOptions()));

    /// <summary>A headache triage with ticks and unticks, typed and pressed, flattened to text.</summary>
    private static string[] Transcript(EngineDriver chat)
    {
        chat.Send("/headache");
        chat.Press("e:none");
        chat.Send("no");
        chat.Send("6");
        chat.Press("loc:1");
        chat.Press("loc:3");
        chat.Press("loc:1");
        chat.Press("loc:done");
        chat.Send("pressing");
        chat.Send("1, 2");
        chat.Press("tr:0");
        chat.Press("tr:done");
        chat.Send("none");
        chat.Press("bp:1");
        return [.. chat.AllReplies.Select(r => r.Key + "|" + EngineDriver.TextOf(r) + "|" + string.Join(";", ChoicesOf(r).Select(c => c.Id + "=" + c.Label)))];
    }

    private static IReadOnlyList<ReplyChoice> ChoicesOf(Reply reply) => EngineDriver.ChoicesOf(reply);

    private static List<string> Ticked(IReadOnlyList<ReplyChoice> choices) =>
        [.. choices.Where(c => c.Label.StartsWith(Wording.Selected, StringComparison.Ordinal)).Select(c => c.Label)];
}
