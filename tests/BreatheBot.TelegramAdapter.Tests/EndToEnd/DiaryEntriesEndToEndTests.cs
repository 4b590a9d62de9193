using BreatheBot.TelegramAdapter.Tests.Fakes;

namespace BreatheBot.TelegramAdapter.Tests.EndToEnd;

/// <summary>Issue 14 items 1-2 on Telegram: /log a past headache, then edit and delete it from /history with buttons.</summary>
public sealed class DiaryEntriesEndToEndTests : IAsyncLifetime
{
    private const long Dee = 444;
    private readonly string _database = BotHarness.NewDatabasePath();
    private FakeTelegramServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeTelegramServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        BotHarness.DeleteDatabase(_database);
    }

    [Fact]
    public async Task Log_a_past_headache_then_edit_and_delete_it_from_history()
    {
        await using var bot = await BotHarness.StartAsync(_server, _database);

        await bot.SayAsync(Dee, Dee, "/log");
        await bot.SayAsync(Dee, Dee, "2 hours ago");
        await Eventually.TrueAsync(() => _server.MessagesIn(Dee).Any(m => m.PlainText.EndsWith("— right?", StringComparison.Ordinal)), "the time is echoed for confirmation");
        await bot.PressAsync(Dee, Dee, "lgc:yes");
        await bot.PressAsync(Dee, Dee, "lgd:60");
        await bot.PressAsync(Dee, Dee, "lgp:5");
        await bot.PressAsync(Dee, Dee, "lgl:0");
        await bot.PressAsync(Dee, Dee, "lgl:done");
        await bot.PressAsync(Dee, Dee, "lgt:done");
        await bot.PressAsync(Dee, Dee, "lgm:0");
        await bot.SayAsync(Dee, Dee, "TELEGRAMNOTE");
        await UntilAsync(async () => (await bot.EpisodesOfAsync(Dee)).Any(e => e.LoggedAfterwards && e.Note == "TELEGRAMNOTE" && e.Duration == TimeSpan.FromHours(1)), "the logged episode is stored");
        Assert.DoesNotContain(_server.MessagesIn(Dee), m => m.PlainText.Contains("quick safety check", StringComparison.Ordinal));

        await bot.SayAsync(Dee, Dee, "/history");
        await bot.PressFirstAsync(Dee, Dee, "he:");
        await bot.PressAsync(Dee, Dee, "edm:pain");
        await bot.PressAsync(Dee, Dee, "edw:0");
        await bot.PressAsync(Dee, Dee, "edv:2");
        await UntilAsync(async () => (await bot.EpisodesOfAsync(Dee)).Single().PainBefore == 2, "the edit is stored");
        await bot.PressAsync(Dee, Dee, "edm:done");

        await bot.SayAsync(Dee, Dee, "/history");
        await bot.PressFirstAsync(Dee, Dee, "hd:");
        await bot.PressAsync(Dee, Dee, "del:yes");
        await UntilAsync(async () => (await bot.EpisodesOfAsync(Dee)).Count == 0, "the entry is deleted");
        await Eventually.TrueAsync(() => _server.MessagesIn(Dee).Any(m => m.PlainText.StartsWith("Deleted.", StringComparison.Ordinal)), "deletion is confirmed");
    }

    private static async Task UntilAsync(Func<Task<bool>> condition, string what)
    {
        for (var i = 0; i < 400; i++)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(25);
        }

        Assert.Fail("Timed out waiting until " + what + ".");
    }
}
