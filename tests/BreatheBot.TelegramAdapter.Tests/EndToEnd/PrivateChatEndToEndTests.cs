using System.Text.Json.Nodes;
using BreatheBot.Core.Episodes;
using BreatheBot.TelegramAdapter.Tests.Fakes;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace BreatheBot.TelegramAdapter.Tests.EndToEnd;

/// <summary>The whole bot (real core, real LiteDB, real Telegram.Bot client) in a private chat, against the fake Bot API.</summary>
public sealed class PrivateChatEndToEndTests(ITestOutputHelper output) : IAsyncLifetime
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

    /// <summary>Answers whatever the bot asks with the safest, shortest path until <paramref name="done"/> holds.</summary>
    private async Task AnswerUntilAsync(BotHarness bot, Func<Task<bool>> done, params string[] preferred)
    {
        var answered = new HashSet<string>();
        var multiPicked = new HashSet<int>();
        for (var step = 0; step < 60; step++)
        {
            await Task.Delay(50);
            if (await done())
            {
                break;
            }

            var latest = _server.MessagesIn(Ana).LastOrDefault(m => m.ReplyMarkup is not null);
            if (latest is null || !answered.Add($"{latest.MessageId}/{latest.Edits}/{latest.ReplyMarkup}"))
            {
                continue;
            }

            var data = JsonNode.Parse(latest.ReplyMarkup!)!["inline_keyboard"]!.AsArray().SelectMany(r => r!.AsArray())
                .Select(b => b!["callback_data"]!.GetValue<string>()).ToDictionary(BotHarness.ChoiceOf);
            var ids = data.Keys.ToList();
            var done2 = ids.FirstOrDefault(i => i.EndsWith(":done", StringComparison.Ordinal));
            string choice;
            if (preferred.FirstOrDefault(ids.Contains) is { } wanted)
            {
                choice = wanted;
            }
            else if (done2 is not null && multiPicked.Add(latest.MessageId))
            {
                choice = ids.First(); // a multi-select: tick one, then Done
            }
            else
            {
                choice = done2 ?? ids.First();
            }

            output.WriteLine($"bot: {latest.PlainText.Split('\n')[0]}  → pressed {choice}");
            _server.Click(Ana, Ana, latest.MessageId, data[choice]);
        }

        Assert.True(await done(), "the flow reached its end");
    }

    [Fact]
    public async Task A_headache_run_in_a_private_chat_ends_with_the_episode_logged()
    {
        await using var bot = await BotHarness.StartAsync(_server, _database);
        await bot.SayAsync(Ana, Ana, "/headache");

        await AnswerUntilAsync(
            bot,
            async () => (await bot.EpisodesOfAsync(Ana)).Any(e => e.Status == EpisodeStatus.Completed),
            "e:none", "s:none", "bp:skip", "op:no", "ot:skip");

        var episode = Assert.Single(await bot.EpisodesOfAsync(Ana));
        Assert.True(episode.EmergencyScreenClear);
        Assert.True(episode.SameDayScreenClear);
        Assert.NotNull(episode.PainBefore);
        Assert.Empty(_server.Violations);
        Assert.All(_server.CallsTo("sendMessage"), c => Assert.Equal("html", c.Params["parse_mode"]!.GetValue<string>(), ignoreCase: true));
        Assert.DoesNotContain(FakeTelegramServer.Token, TelegramTestHost.AllText(bot.Logs), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_red_flag_stops_self_care_with_urgent_advice_and_logs_the_episode()
    {
        await using var bot = await BotHarness.StartAsync(_server, _database);
        await bot.SayAsync(Ana, Ana, "/headache");
        await bot.PressAsync(Ana, Ana, "e:yes");

        await Eventually.TrueAsync(() => _server.MessagesIn(Ana).Any(m => m.PlainText.Contains("emergency", StringComparison.OrdinalIgnoreCase) && m.PlainText.Contains("112", StringComparison.Ordinal)), "the urgent advice is shown");

        var episode = Assert.Single(await bot.EpisodesOfAsync(Ana));
        Assert.Equal(RedFlagTier.Emergency, episode.RedFlagTier);
        Assert.Equal(EpisodeStatus.EmergencyAdvice, episode.Status);
        Assert.Null(bot.FindButton(Ana, d => d.StartsWith("op:", StringComparison.Ordinal) || d.StartsWith("bp:", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Typed_answers_work_as_well_as_buttons()
    {
        await using var bot = await BotHarness.StartAsync(_server, _database);
        await bot.SayAsync(Ana, Ana, "/headache");
        await Eventually.TrueAsync(() => bot.FindButton(Ana, d => d == "e:none") is not null, "the safety check is asked");
        await bot.SayAsync(Ana, Ana, "no");

        await Eventually.TrueAsync(() => bot.FindButton(Ana, d => d == "s:none") is not null, "the typed answer moved the flow on to the same-day check");
    }

    [Fact]
    public async Task The_breathing_pacer_edits_one_message_once_per_phase_on_the_clock()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var bot = await BotHarness.StartAsync(_server, _database, time);
        await bot.SayAsync(Ana, Ana, "/breathe");
        await AnswerUntilAsync(bot, () => Task.FromResult(bot.FindButton(Ana, d => d == "pc:stop") is not null), "e:none", "s:none");
        var pacer = bot.FindButton(Ana, d => d == "pc:stop")!.Value.Message;
        var frames = new List<string> { pacer.PlainText };

        for (var i = 0; i < 4; i++)
        {
            var editsBefore = _server.CallsTo("editMessageText").Count(c => c.Ok);
            time.Advance(TimeSpan.FromSeconds(6));
            await Eventually.TrueAsync(() => _server.CallsTo("editMessageText").Count(c => c.Ok) > editsBefore, "the next phase is shown");
            frames.Add(_server.MessagesIn(Ana).Single(m => m.MessageId == pacer.MessageId).PlainText);
        }

        Assert.All(_server.CallsTo("editMessageText"), c => Assert.Equal(pacer.MessageId, (int)FakeTelegramServer.ReadLong(c.Params, "message_id")!));
        Assert.True(frames.Distinct().Count() >= 3, "the phases change: " + string.Join(" | ", frames));
        Assert.Empty(_server.Violations);
    }

    [Fact]
    public async Task A_429_on_a_reply_is_waited_out_and_the_reply_arrives_once()
    {
        _server.Script("sendMessage", Fault.Status(429, "Too Many Requests: retry after 1", retryAfter: 1));
        await using var bot = await BotHarness.StartAsync(_server, _database);
        await bot.SayAsync(Ana, Ana, "/start");

        await Eventually.TrueAsync(() => _server.MessagesIn(Ana).Count >= 1, "the welcome arrives");
        await Task.Delay(300);

        var texts = _server.MessagesIn(Ana).Select(m => m.PlainText).ToList();
        Assert.Equal(texts.Distinct().Count(), texts.Count);
        Assert.Equal(1, _server.CallsTo("sendMessage").Count(c => c.Status == 429));
        Assert.Equal(texts.Count, _server.CallsTo("sendMessage").Count(c => c.Ok));
    }

    [Fact]
    public async Task A_restart_between_handling_and_confirming_redelivers_the_batch_without_repeating_anything_and_the_flow_resumes()
    {
        // All three updates wait before the bot starts, so its first poll takes them as one batch; the next poll is
        // held (the first scripted delay is zero: that first poll goes through), so the batch is never confirmed.
        _server.UserText(Ana, Ana, "/start");
        _server.UserText(Ana, Ana, "/headache");
        var third = _server.UserText(Ana, Ana, "no");
        _server.Script("getUpdates", Fault.Delay(TimeSpan.Zero), Fault.Delay(TimeSpan.FromSeconds(30)));
        var bot = await BotHarness.StartAsync(_server, _database);
        await Eventually.TrueAsync(() => bot.FindButton(Ana, d => d == "s:none") is not null, "all three turns are answered");
        var sentBefore = _server.CallsTo("sendMessage").Count(c => c.Ok);
        await bot.DisposeAsync(); // "crash": the batch was never confirmed

        Assert.True(_server.ConfirmedOffset < third + 1);
        await using var restarted = await BotHarness.StartAsync(_server, _database);
        await _server.WaitForConfirmedAsync(third + 1);
        await Task.Delay(300);
        Assert.Equal(sentBefore, _server.CallsTo("sendMessage").Count(c => c.Ok)); // redelivered, recognised, not answered again

        await restarted.PressAsync(Ana, Ana, "s:none");
        await Eventually.TrueAsync(() => _server.CallsTo("sendMessage").Count(c => c.Ok) > sentBefore, "the flow goes on where it was");
        Assert.Equal(third + 2, _server.ConfirmedOffset);
    }
}
