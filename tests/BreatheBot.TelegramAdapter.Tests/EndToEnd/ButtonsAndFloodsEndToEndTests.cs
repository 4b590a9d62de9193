using System.Text.Json.Nodes;
using BreatheBot.Core.Content;
using BreatheBot.TelegramAdapter.Outbound;
using BreatheBot.TelegramAdapter.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace BreatheBot.TelegramAdapter.Tests.EndToEnd;

/// <summary>Issue 12 items 5 and 6 through the whole bot against the fake Bot API: stale buttons, floods.</summary>
public sealed class ButtonsAndFloodsEndToEndTests : IAsyncLifetime
{
    private const long Ana = 111;
    private const long Group = -4002;
    private readonly string _database = BotHarness.NewDatabasePath();
    private FakeTelegramServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeTelegramServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        BotHarness.DeleteDatabase(_database);
    }

    /// <summary>Telegram's real pacing: one message a second per chat, twenty a minute per group.</summary>
    private static void RealLimits(Dictionary<string, string?> settings)
    {
        settings["Telegram:PerChatInterval"] = "00:00:01";
        settings["Telegram:GroupMessagesPerMinute"] = "20";
        settings["Telegram:GlobalMessagesPerSecond"] = "30";
    }

    /// <summary>/headache, /stop, /headache again: returns the first episode's (now earlier) emergency screen's button.</summary>
    private async Task<(StoredMessage Message, string Data)> OldScreenButtonAfterANewHeadacheAsync(BotHarness bot, string choiceId)
    {
        await bot.SayAsync(Ana, Ana, "/headache");
        await Eventually.TrueAsync(() => bot.FindButton(Ana, d => d == choiceId) is not null, "the first screen is shown");
        var oldScreen = bot.FindButton(Ana, d => d == choiceId)!.Value;
        await bot.SayAsync(Ana, Ana, "/stop");
        await bot.SayAsync(Ana, Ana, "/headache");
        await Eventually.TrueAsync(() => _server.MessagesIn(Ana).Count(m => m.PlainText.Contains(Wording.EmergencyScreenIntro, StringComparison.Ordinal)) == 2, "the new screen is shown");
        await bot.SettleAsync();
        return oldScreen;
    }

    [Fact]
    public async Task After_stop_and_a_new_headache_none_on_the_previous_episodes_screen_only_answers_the_press_with_the_notice()
    {
        await using var bot = await BotHarness.StartAsync(_server, _database);
        var oldScreen = await OldScreenButtonAfterANewHeadacheAsync(bot, "e:none");
        var sentBefore = _server.CallsTo("sendMessage").Count;

        var press = _server.Click(Ana, Ana, oldScreen.Message.MessageId, oldScreen.Data);
        await _server.WaitForConfirmedAsync(press + 1);
        await bot.SettleAsync();

        var answer = Assert.Single(_server.CallsTo("answerCallbackQuery"));
        Assert.Equal(Wording.EarlierQuestionButton, answer.Text);
        Assert.Equal(sentBefore, _server.CallsTo("sendMessage").Count);
        Assert.Empty(_server.CallsTo("editMessageText"));
        Assert.Null(bot.FindButton(Ana, d => d == "s:none"));

        // The new screen's own button still works.
        await bot.PressAsync(Ana, Ana, "e:none");
        await Eventually.TrueAsync(() => bot.FindButton(Ana, d => d == "s:none") is not null, "the current screen's press is honoured");
    }

    [Fact]
    public async Task After_stop_and_a_new_headache_yes_on_the_previous_episodes_screen_gets_the_notice_and_the_emergency_advice_and_changes_nothing_else()
    {
        await using var bot = await BotHarness.StartAsync(_server, _database);
        var oldScreen = await OldScreenButtonAfterANewHeadacheAsync(bot, "e:yes");
        var sentBefore = _server.CallsTo("sendMessage").Count;

        var press = _server.Click(Ana, Ana, oldScreen.Message.MessageId, oldScreen.Data);
        await _server.WaitForConfirmedAsync(press + 1);
        await bot.SettleAsync();

        var answer = Assert.Single(_server.CallsTo("answerCallbackQuery"));
        Assert.Equal(Wording.EarlierQuestionButton, answer.Text);

        // Safety first: a warning sign reported on an earlier screen still gets the emergency advice, and only that.
        var sent = Assert.Single(_server.CallsTo("sendMessage").Skip(sentBefore));
        Assert.StartsWith("Call 112 / 999 / 911 / 000 now", sent.Text, StringComparison.Ordinal);
        Assert.Contains("Don't drive yourself", sent.Text, StringComparison.Ordinal);
        Assert.Empty(_server.CallsTo("editMessageText"));
        Assert.DoesNotContain(await bot.EpisodesOfAsync(Ana), e => e.RedFlagTier is not null);

        // Nothing else changed: the new screen is still the question, and its own button still works.
        await bot.PressAsync(Ana, Ana, "e:none");
        await Eventually.TrueAsync(() => bot.FindButton(Ana, d => d == "s:none") is not null, "the current screen's press is honoured");
    }

    [Fact]
    public async Task The_pacers_stop_button_works_after_many_edits()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var bot = await BotHarness.StartAsync(_server, _database, time);
        await bot.SayAsync(Ana, Ana, "/breathe");
        await bot.PressAsync(Ana, Ana, "bpu:headache"); // "Is this for a headache now, or to practise?"
        await bot.PressAsync(Ana, Ana, "e:none");
        await bot.PressAsync(Ana, Ana, "s:none");
        await bot.SayAsync(Ana, Ana, "4");
        await bot.PressFirstAsync(Ana, Ana, "bp:0");
        await bot.PressFirstAsync(Ana, Ana, "bl:");
        await Eventually.TrueAsync(() => bot.FindButton(Ana, d => d == "pc:stop") is not null, "the pacer runs");
        var firstFrame = bot.FindButton(Ana, d => d == "pc:stop")!.Value;
        for (var i = 0; i < 5; i++)
        {
            var edits = _server.CallsTo("editMessageText").Count(c => c.Ok);
            time.Advance(TimeSpan.FromSeconds(6));
            await Eventually.TrueAsync(() => _server.CallsTo("editMessageText").Count(c => c.Ok) > edits, "the pacer moves on");
        }

        Assert.Equal(firstFrame.Data, bot.FindButton(Ana, d => d == "pc:stop")!.Value.Data);
        var press = _server.Click(Ana, Ana, firstFrame.Message.MessageId, firstFrame.Data);
        await _server.WaitForConfirmedAsync(press + 1);

        await Eventually.TrueAsync(() => _server.MessagesIn(Ana).Any(m => m.PlainText.Contains(Wording.BreathingStopped, StringComparison.Ordinal)), "the press stopped the pacer");
        Assert.DoesNotContain(_server.CallsTo("answerCallbackQuery"), c => c.Text == Wording.EarlierQuestionButton);
    }

    [Fact]
    public async Task Two_hundred_messages_in_a_second_get_a_bounded_number_of_replies_and_the_last_one_is_answered()
    {
        await using var bot = await BotHarness.StartAsync(_server, _database, configure: RealLimits);
        await bot.SayAsync(Ana, Ana, "/start");
        await bot.SettleAsync();
        var before = _server.CallsTo("sendMessage").Count(c => c.Ok);

        for (var i = 0; i < 199; i++)
        {
            _server.UserText(Ana, Ana, "hello " + i);
        }

        var last = _server.UserText(Ana, Ana, "/privacy");
        await _server.WaitForConfirmedAsync(last + 1, TimeSpan.FromSeconds(60));
        await bot.SettleAsync();

        var replies = _server.CallsTo("sendMessage").Where(c => c.Ok).Skip(before).ToList();
        Assert.InRange(replies.Count, 1, 12);
        Assert.StartsWith(BreatheBot.Core.Privacy.PrivacyNotice.For(BreatheBot.Core.Conversations.Platform.Telegram, new BreatheBot.Core.Privacy.PrivacyOptions()).Split('\n')[0], _server.MessagesIn(Ana)[^1].PlainText, StringComparison.Ordinal);
        Assert.True(bot.Host.Services.GetRequiredService<TelegramOutbox>().Statistics.Superseded > 150);
    }

    [Fact]
    public async Task Fifty_people_asking_for_a_headache_in_a_group_at_once_get_one_or_two_posts()
    {
        await using var bot = await BotHarness.StartAsync(_server, _database, configure: RealLimits);
        var last = 0;
        for (var person = 0; person < 50; person++)
        {
            last = _server.UserText(Group, 5000 + person, "/headache");
        }

        await _server.WaitForConfirmedAsync(last + 1, TimeSpan.FromSeconds(60));
        await bot.SettleAsync();

        var posts = _server.MessagesIn(Group);
        Assert.InRange(posts.Count, 1, 3);
        Assert.All(posts, p => Assert.Equal(Wording.MoveToPrivate, p.PlainText));
        Assert.All(posts, p => Assert.Equal(
            "https://t.me/BreatheTestBot?start=headache",
            JsonNode.Parse(p.ReplyMarkup!)!["inline_keyboard"]![0]![0]!["url"]!.GetValue<string>()));
    }
}
