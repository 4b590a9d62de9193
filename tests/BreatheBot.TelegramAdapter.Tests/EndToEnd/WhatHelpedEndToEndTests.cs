using System.Text.Json.Nodes;
using BreatheBot.Core.Episodes;
using BreatheBot.TelegramAdapter.Tests.Fakes;
using Microsoft.Extensions.Time.Testing;

namespace BreatheBot.TelegramAdapter.Tests.EndToEnd;

/// <summary>
/// Issue 14 items 3 and 5 on Telegram, end to end (real core, real LiteDB, the fake Bot API): at the follow-up, "What
/// helped?" takes several answers — each tap ticks its button by editing the same message, Done records them all —
/// and pain 0 ends the episode.
/// </summary>
public sealed class WhatHelpedEndToEndTests : IAsyncLifetime
{
    private const long Ana = 444;
    private readonly string _database = BotHarness.NewDatabasePath();
    private FakeTelegramServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeTelegramServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        BotHarness.DeleteDatabase(_database);
    }

    private static List<string> Labels(StoredMessage message) =>
        [.. JsonNode.Parse(message.ReplyMarkup!)!["inline_keyboard"]!.AsArray().SelectMany(r => r!.AsArray()).Select(b => b!["text"]!.GetValue<string>())];

    [Fact]
    public async Task What_helped_ticks_several_buttons_on_one_message_and_done_records_them_all()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 10, 9, 0, 0, TimeSpan.Zero));
        await using var bot = await BotHarness.StartAsync(_server, _database, time);
        foreach (var line in new[] { "/breathe", "headache", "no", "no", "6", "skip breathing" })
        {
            await bot.SayAsync(Ana, Ana, line);
        }

        await bot.SettleAsync();
        await bot.RunUntilAsync(time.GetUtcNow() + TimeSpan.FromMinutes(31));
        await bot.PressAsync(Ana, Ana, "pf:0");
        await bot.SettleAsync();

        var question = bot.FindButton(Ana, d => d == "wh:done")!.Value.Message;
        Assert.Contains("What helped?", question.PlainText, StringComparison.Ordinal);
        await bot.PressAsync(Ana, Ana, "wh:" + (int)HelpedMost.Breathing);
        await bot.PressAsync(Ana, Ana, "wh:" + (int)HelpedMost.Rest);
        await bot.SettleAsync();

        var edited = _server.MessagesIn(Ana).Single(m => m.MessageId == question.MessageId);
        Assert.Equal(2, edited.Edits);
        Assert.Contains("✓ Breathing", Labels(edited));
        Assert.Contains("✓ Rest", Labels(edited));
        Assert.Contains("Pressure points", Labels(edited));

        await bot.PressAsync(Ana, Ana, "wh:done");
        await bot.SettleAsync();

        var episode = Assert.Single(await bot.EpisodesOfAsync(Ana));
        Assert.Equal([HelpedMost.Breathing, HelpedMost.Rest], episode.WhatHelped);
        Assert.Equal(FollowUpStatus.Answered, episode.FollowUp);
        Assert.NotNull(episode.EndedAt);
        Assert.Equal(0, episode.PainAtFollowUp);
        Assert.Empty(_server.Violations);
    }
}
