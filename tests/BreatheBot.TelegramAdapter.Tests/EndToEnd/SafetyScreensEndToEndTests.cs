using System.Text.Json.Nodes;
using BreatheBot.Core.Episodes;
using BreatheBot.TelegramAdapter.Tests.Fakes;

namespace BreatheBot.TelegramAdapter.Tests.EndToEnd;

/// <summary>
/// The v2 warning-sign screens in a Telegram private chat, end to end (real core, real LiteDB, real Telegram.Bot client,
/// the fake Bot API): bullets, None / Yes / Not sure buttons, typed words, a bare number re-asked, /breathe's purpose
/// and breath-hold questions, "Have you got help?" after an emergency, and the child route.
/// </summary>
public sealed class SafetyScreensEndToEndTests : IAsyncLifetime
{
    private const long Ana = 111;
    private readonly string _database = BotHarness.NewDatabasePath();
    private FakeTelegramServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeTelegramServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        BotHarness.DeleteDatabase(_database);
    }

    /// <summary>A message's buttons as (choice id, label); the callback_data itself is stamped (v2:{prompt}:{choice}).</summary>
    private static List<(string Choice, string Label)> Buttons(StoredMessage message) =>
        [.. RawButtons(message).Select(b => (BotHarness.ChoiceOf(b.Data), b.Label))];

    private static List<(string Data, string Label)> RawButtons(StoredMessage message) =>
        [.. JsonNode.Parse(message.ReplyMarkup!)!["inline_keyboard"]!.AsArray().SelectMany(r => r!.AsArray())
            .Select(b => (b!["callback_data"]!.GetValue<string>(), b["text"]!.GetValue<string>()))];

    private async Task<string> SayAndReadAsync(BotHarness bot, string text)
    {
        var before = _server.MessagesIn(Ana).Count;
        await bot.SayAsync(Ana, Ana, text);
        await bot.SettleAsync();
        return string.Join("\n---\n", _server.MessagesIn(Ana).Skip(before).Select(m => m.PlainText));
    }

    [Fact]
    public async Task The_emergency_screen_shows_bullets_and_word_buttons_and_a_typed_number_never_clears_it()
    {
        await using var bot = await BotHarness.StartAsync(_server, _database);
        await SayAndReadAsync(bot, "/headache");
        var screen = bot.FindButton(Ana, d => d == "e:none")!.Value.Message;
        Assert.Contains("• Did it start suddenly", screen.PlainText, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"(?m)^\s*\d+[.)]", screen.PlainText);
        Assert.Equal(
            [("e:none", "None of these"), ("e:yes", "Yes, one or more"), ("e:unsure", "Not sure"), ("e:child", "It's for my child")],
            Buttons(screen));
        Assert.All(RawButtons(screen), b => Assert.Matches(@"^v2:\d+:e:", b.Data));
        Assert.Single(RawButtons(screen).Select(b => b.Data.Split(':')[1]).Distinct()); // one question, one stamp

        foreach (var number in new[] { "1", "3" })
        {
            var reply = await SayAndReadAsync(bot, number);
            Assert.Contains("please tap a button, or type yes, no or not sure", reply, StringComparison.Ordinal);
            Assert.Null(bot.FindButton(Ana, d => d == "s:none"));
        }

        Assert.Contains("And do any of these apply?", await SayAndReadAsync(bot, "none"), StringComparison.Ordinal);
        Assert.Contains("please tap a button, or type yes, no or not sure", await SayAndReadAsync(bot, "1"), StringComparison.Ordinal);
        var sameDay = await SayAndReadAsync(bot, "not sure");
        Assert.Contains("Please speak to a doctor today", sameDay, StringComparison.Ordinal);
        Assert.Contains("midwife, maternity unit or GP now", sameDay, StringComparison.Ordinal);
        await bot.PressAsync(Ana, Ana, "rf:go");
        await bot.SettleAsync();

        var episode = Assert.Single(await bot.EpisodesOfAsync(Ana));
        Assert.True(episode.SameDayScreenNotSure);
        Assert.Equal(RedFlagTier.SameDay, episode.RedFlagTier);
        Assert.Empty(_server.Violations);
    }

    [Fact]
    public async Task Emergency_yes_then_breathe_asks_have_you_got_help_and_not_yet_offers_nothing_else()
    {
        await using var bot = await BotHarness.StartAsync(_server, _database);
        await SayAndReadAsync(bot, "/headache");
        var advice = await SayAndReadAsync(bot, "yes");
        Assert.Contains("now, or go to the nearest emergency department. Don't drive yourself. Go even if it starts to ease.", advice, StringComparison.Ordinal);
        Assert.Contains("112 / 999 / 911 / 000", advice, StringComparison.Ordinal);

        var check = await SayAndReadAsync(bot, "/breathe");
        Assert.Contains("Have you got help?", check, StringComparison.Ordinal);
        Assert.NotNull(bot.FindButton(Ana, d => d == "ec:yes"));
        Assert.Contains("please tap a button, or type yes or no", await SayAndReadAsync(bot, "1"), StringComparison.Ordinal);

        var before = _server.MessagesIn(Ana).Count;
        await bot.PressAsync(Ana, Ana, "ec:no");
        await bot.SettleAsync();
        var after = _server.MessagesIn(Ana).Skip(before).ToList();
        var repeated = Assert.Single(after);
        Assert.Contains("Don't drive yourself", repeated.PlainText, StringComparison.Ordinal);
        Assert.Null(repeated.ReplyMarkup);
    }

    [Fact]
    public async Task Breathe_asks_headache_or_practice_and_practice_asks_the_breath_hold_question_first()
    {
        await using var bot = await BotHarness.StartAsync(_server, _database);
        Assert.Contains("Is this for a headache now, or to practise?", await SayAndReadAsync(bot, "/breathe"), StringComparison.Ordinal);
        Assert.Contains("type headache or practise", await SayAndReadAsync(bot, "yes"), StringComparison.Ordinal);
        await bot.PressAsync(Ana, Ana, "bpu:practice");
        await bot.SettleAsync();
        Assert.NotNull(bot.FindButton(Ana, d => d == "hc:no"));
        Assert.Null(bot.FindButton(Ana, d => d == "bp:1"));
        Assert.Contains("please tap a button, or type yes or no", await SayAndReadAsync(bot, "1"), StringComparison.Ordinal);
        await SayAndReadAsync(bot, "yes");
        var presets = bot.FindButton(Ana, d => d == "bp:0")!.Value.Message;
        Assert.Equal(["bp:0", "bp:skip"], Buttons(presets).Select(b => b.Choice));
    }

    [Fact]
    public async Task The_child_button_and_typed_child_headache_get_the_child_message_and_no_exercises()
    {
        await using var bot = await BotHarness.StartAsync(_server, _database);
        await SayAndReadAsync(bot, "/headache");
        await bot.PressAsync(Ana, Ana, "e:child");
        await bot.SettleAsync();
        Assert.Contains("For a child's headache, please speak to a doctor", _server.MessagesIn(Ana)[^1].PlainText, StringComparison.Ordinal);
        Assert.Null(_server.MessagesIn(Ana)[^1].ReplyMarkup);

        var typed = await SayAndReadAsync(bot, "my son has a headache");
        Assert.Contains("For a child's headache", typed, StringComparison.Ordinal);
        Assert.Empty(await bot.EpisodesOfAsync(Ana));
    }
}
