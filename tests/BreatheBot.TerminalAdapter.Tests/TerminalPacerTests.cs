using BreatheBot.Core.Content;
using BreatheBot.Core.Conversations;
using BreatheBot.Core.Messaging;
using Microsoft.Extensions.Time.Testing;
using static BreatheBot.TerminalAdapter.Tests.TerminalReplySenderTests;

namespace BreatheBot.TerminalAdapter.Tests;

/// <summary>Issue 14 item 8: the terminal pacer shows its choices, counts down, and never overwrites what is being typed.</summary>
public sealed class TerminalPacerTests
{
    private static readonly ConversationKey Key = ConversationKey.Private(Platform.Terminal, "local", "local");

    private static readonly IReadOnlyList<ReplyChoice> PacerControls = [new("pc:stop", "Stop breathing"), new("pc:dizzy", Wording.DizzyLabel)];

    private static string Phase(BreathPhaseKind kind, int seconds) =>
        Wording.Pacer(new BreathPhase(kind, seconds), 1, 2, TimeSpan.FromSeconds(22));

    private static ConsoleKeyInfo Key_(char c) => new(c, c switch { '\n' => ConsoleKey.Enter, '\b' => ConsoleKey.Backspace, _ => ConsoleKey.A }, false, false, false);

    private static void Type(TerminalScreen screen, string keys)
    {
        foreach (var c in keys)
        {
            screen.OnKey(Key_(c));
        }
    }

    [Fact]
    public async Task The_pacer_lists_Stop_and_I_feel_dizzy_and_counts_each_phase_down_every_second()
    {
        var time = new FakeTimeProvider();
        var (sender, terminal, _) = CreateWithScreen(interactive: true, time: time);
        await sender.SendAsync(Key, ChatKind.Private, [new TextReply("breathing.pacer", Phase(BreathPhaseKind.In, 5), PacerControls, "pacer")], default);

        Assert.Equal("  Breathe in… 5 · Round 1 of 2 · 0:22 left", ScreenLines(terminal.Writer.ToString())[^2]);
        time.Advance(TimeSpan.FromSeconds(1));
        time.Advance(TimeSpan.FromSeconds(1));
        var screen = ScreenLines(terminal.Writer.ToString());
        Assert.Equal($"  [Stop breathing]  [{Wording.DizzyLabel}]   (type the words)", screen[^3]);
        Assert.Equal("  Breathe in… 5 4 3 · Round 1 of 2 · 0:22 left", screen[^2]);

        time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal("  Breathe in… 5 4 3 2 1 · Round 1 of 2 · 0:22 left", ScreenLines(terminal.Writer.ToString())[^2]);

        // The next phase starts its own count.
        await sender.SendAsync(Key, ChatKind.Private, [new EditReply("breathing.pacer", "pacer", Phase(BreathPhaseKind.Out, 6), PacerControls)], default);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("  Breathe out… 6 5 · Round 1 of 2 · 0:22 left", ScreenLines(terminal.Writer.ToString())[^2]);
    }

    [Fact]
    public async Task Typing_during_the_pacer_stays_on_the_input_line_while_the_pacer_line_above_it_is_redrawn()
    {
        var time = new FakeTimeProvider();
        var (sender, terminal, screen) = CreateWithScreen(interactive: true, time: time);
        await sender.SendAsync(Key, ChatKind.Private, [new TextReply("breathing.pacer", Phase(BreathPhaseKind.In, 5), PacerControls, "pacer")], default);

        Type(screen, "I feex\bl di");
        time.Advance(TimeSpan.FromSeconds(1));
        await sender.SendAsync(Key, ChatKind.Private, [new EditReply("breathing.pacer", "pacer", Phase(BreathPhaseKind.Out, 6), PacerControls)], default);
        time.Advance(TimeSpan.FromSeconds(1));

        var lines = ScreenLines(terminal.Writer.ToString());
        Assert.Equal("  Breathe out… 6 5 · Round 1 of 2 · 0:22 left", lines[^2]);
        Assert.Equal("> I feel di", lines[^1]);
        Assert.Single(lines, l => l.Contains("Breathe", StringComparison.Ordinal));

        Type(screen, "zzy");
        Assert.Equal(new KeyOutcome("I feel dizzy", false), screen.OnKey(Key_('\n')));
        lines = ScreenLines(terminal.Writer.ToString());
        Assert.Equal(["> I feel dizzy", "  Breathe out… 6 5 · Round 1 of 2 · 0:22 left", ">"], lines[^3..]);
    }

    [Fact]
    public async Task A_message_while_someone_is_typing_is_printed_above_and_the_typed_text_kept()
    {
        var (sender, terminal, screen) = CreateWithScreen(interactive: true);
        Type(screen, "stre");
        await sender.SendAsync(Key, ChatKind.Private, [new TextReply("q", "What might have set it off?", [new("tr:0", "Stress")])], default);

        var lines = ScreenLines(terminal.Writer.ToString());
        Assert.Equal(["BreatheBot: What might have set it off?", "   1) Stress", "> stre"], lines[^3..]);
        Assert.Equal("stre", screen.Typed);
    }

    [Fact]
    public void The_countdown_reads_the_pacer_text_and_leaves_other_text_alone()
    {
        Assert.Equal("Hold… 4 3 2 1\nRound 1 of 2 · 0:22 left", Wording.PacerCountdown(Phase(BreathPhaseKind.Hold, 4), 9));
        Assert.Equal(Phase(BreathPhaseKind.In, 5), Wording.PacerCountdown(Phase(BreathPhaseKind.In, 5), 0));
        Assert.Equal(Wording.BreathingDone, Wording.PacerCountdown(Wording.BreathingDone, 2));
    }
}
