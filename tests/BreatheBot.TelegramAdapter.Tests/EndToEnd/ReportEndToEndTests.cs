using BreatheBot.TelegramAdapter.Tests.Fakes;

namespace BreatheBot.TelegramAdapter.Tests.EndToEnd;

/// <summary>Issue 14 item 7 on Telegram: /report sends the doctor's report as a PDF document, and never in a group.</summary>
public sealed class ReportEndToEndTests : IAsyncLifetime
{
    private const long Cy = 344;
    private const long Group = -4788;
    private readonly string _database = BotHarness.NewDatabasePath();
    private FakeTelegramServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeTelegramServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        BotHarness.DeleteDatabase(_database);
    }

    private static async Task QuickEpisodeAsync(BotHarness bot, int pain)
    {
        foreach (var line in new[] { "/breathe", "headache", "no", "no", pain.ToString(System.Globalization.CultureInfo.InvariantCulture), "skip breathing" })
        {
            await bot.SayAsync(Cy, Cy, line);
        }

        for (var i = 0; i < 200 && !(await bot.EpisodesOfAsync(Cy)).Any(e => e.PainBefore == pain); i++)
        {
            await Task.Delay(25);
        }

        Assert.Contains(await bot.EpisodesOfAsync(Cy), e => e.PainBefore == pain);
    }

    [Fact]
    public async Task Report_sends_a_pdf_document_in_a_private_chat_and_is_in_the_private_menu_only()
    {
        await using var bot = await BotHarness.StartAsync(_server, _database);

        await bot.SayAsync(Cy, Cy, "/report");
        await Eventually.TrueAsync(() => _server.MessagesIn(Cy).Any(m => m.PlainText.StartsWith("Your diary is empty so far", StringComparison.Ordinal)), "an empty diary gets a reply");
        Assert.DoesNotContain(_server.CallsTo("sendDocument"), c => c.ChatId == Cy);

        await QuickEpisodeAsync(bot, 6);
        await bot.SayAsync(Cy, Cy, "/report all");

        var document = await _server.WaitForCallAsync("sendDocument", c => c.ChatId == Cy);
        var file = Assert.Single(document.Files.Values);
        Assert.Equal("breathebot-report.pdf", file.FileName);
        Assert.Equal("%PDF-"u8.ToArray(), file.Content[..5]);
        Assert.Contains("to show your doctor", document.Params["caption"]!.GetValue<string>(), StringComparison.Ordinal);

        Assert.Contains("report", _server.CommandsFor("all_private_chats")!.Select(c => c!["command"]!.GetValue<string>()));
        Assert.DoesNotContain("report", _server.CommandsFor("all_group_chats")!.Select(c => c!["command"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_bad_period_gets_a_reply_naming_the_choices()
    {
        await using var bot = await BotHarness.StartAsync(_server, _database);
        await QuickEpisodeAsync(bot, 5);

        await bot.SayAsync(Cy, Cy, "/report 7d");

        await Eventually.TrueAsync(() => _server.MessagesIn(Cy).Any(m => m.PlainText.Contains("/report 30d, /report 90d or /report all", StringComparison.Ordinal)), "the choices are named");
        Assert.DoesNotContain(_server.CallsTo("sendDocument"), c => c.ChatId == Cy);
    }

    [Fact]
    public async Task In_a_group_report_gets_only_a_private_chat_link()
    {
        await using var bot = await BotHarness.StartAsync(_server, _database);
        await QuickEpisodeAsync(bot, 5);

        await bot.SayAsync(Group, Cy, "/report@BreatheTestBot all");
        await Eventually.TrueAsync(() => _server.MessagesIn(Group).Count == 1, "the group gets one reply");

        var reply = _server.MessagesIn(Group).Single();
        Assert.Contains("https://t.me/BreatheTestBot?start=report", reply.ReplyMarkup, StringComparison.Ordinal);
        Assert.DoesNotContain(_server.CallsTo("sendDocument"), c => c.ChatId == Group);
    }
}
