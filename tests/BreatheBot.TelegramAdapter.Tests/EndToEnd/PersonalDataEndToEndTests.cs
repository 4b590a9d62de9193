using System.Text;
using System.Text.Json;
using BreatheBot.TelegramAdapter.Tests.Fakes;

namespace BreatheBot.TelegramAdapter.Tests.EndToEnd;

/// <summary>Issue 5 on Telegram: /history, /stats with its chart, /export, /forget, and the group refusal, end to end.</summary>
public sealed class PersonalDataEndToEndTests : IAsyncLifetime
{
    private const long Cy = 333;
    private const long Group = -4777;
    private readonly string _database = BotHarness.NewDatabasePath();
    private FakeTelegramServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeTelegramServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        BotHarness.DeleteDatabase(_database);
    }

    private static async Task QuickEpisodeAsync(BotHarness bot, string pain)
    {
        foreach (var line in new[] { "/breathe", "headache", "no", "no", pain, "skip breathing" })
        {
            await bot.SayAsync(Cy, Cy, line);
        }

        for (var i = 0; i < 200 && !(await bot.EpisodesOfAsync(Cy)).Any(e => e.PainBefore == int.Parse(pain, System.Globalization.CultureInfo.InvariantCulture)); i++)
        {
            await Task.Delay(25);
        }

        Assert.Contains(await bot.EpisodesOfAsync(Cy), e => e.PainBefore == int.Parse(pain, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task History_stats_with_a_png_chart_export_files_and_forget_work_in_a_private_chat()
    {
        await using var bot = await BotHarness.StartAsync(_server, _database);
        await QuickEpisodeAsync(bot, "6");
        await QuickEpisodeAsync(bot, "4");

        await bot.SayAsync(Cy, Cy, "/history");
        await Eventually.TrueAsync(() => _server.MessagesIn(Cy).Any(m => m.PlainText.StartsWith("Your episodes (2 in all)", StringComparison.Ordinal)), "history is shown");

        await bot.SayAsync(Cy, Cy, "/stats all");
        var photo = await _server.WaitForCallAsync("sendPhoto", c => c.ChatId == Cy);
        var png = Assert.Single(photo.Files.Values).Content;
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
        Assert.Equal(900, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16, 4)));
        Assert.Equal(600, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20, 4)));
        await Eventually.TrueAsync(() => _server.MessagesIn(Cy).Any(m => m.PlainText.Contains("Your diary, all time: 2 episodes.", StringComparison.Ordinal)), "the figures are shown");

        await bot.SayAsync(Cy, Cy, "/export");
        await Eventually.TrueAsync(() => _server.CallsTo("sendDocument").Count(c => c.ChatId == Cy) == 2, "two files are sent");
        var files = _server.CallsTo("sendDocument").Where(c => c.ChatId == Cy).SelectMany(c => c.Files.Values).ToDictionary(f => f.FileName, f => f.Content);
        var csv = Encoding.UTF8.GetString(files["breathebot-diary.csv"]).TrimStart('\uFEFF').Split("\r\n");
        Assert.StartsWith("episode_id,started_at_utc,started_at_local,kind,status", csv[0], StringComparison.Ordinal);
        Assert.Equal(2, csv.Count(l => l.StartsWith("telegram-", StringComparison.Ordinal)));
        using var json = JsonDocument.Parse(files["breathebot-diary.json"]);
        Assert.Equal(2, json.RootElement.GetProperty("episodes").GetArrayLength());

        await bot.SayAsync(Cy, Cy, "/forget");
        await bot.PressAsync(Cy, Cy, "fg:yes");
        for (var i = 0; i < 200 && (await bot.EpisodesOfAsync(Cy)).Count > 0; i++)
        {
            await Task.Delay(25);
        }

        Assert.Empty(await bot.EpisodesOfAsync(Cy));
    }

    [Theory]
    [InlineData("/history@BreatheTestBot", "history")]
    [InlineData("/stats@BreatheTestBot", "stats")]
    [InlineData("/export@BreatheTestBot", "export")]
    [InlineData("/forget@BreatheTestBot", "forget")]
    public async Task A_data_command_in_a_group_gets_only_a_private_chat_link(string command, string payload)
    {
        await using var bot = await BotHarness.StartAsync(_server, _database);
        await QuickEpisodeAsync(bot, "5");
        await bot.SayAsync(Group, Cy, command);
        await Eventually.TrueAsync(() => _server.MessagesIn(Group).Count == 1, "the group gets one reply");

        var reply = _server.MessagesIn(Group).Single();
        Assert.Contains($"https://t.me/BreatheTestBot?start={payload}", reply.ReplyMarkup, StringComparison.Ordinal);
        Assert.DoesNotContain("episode", reply.PlainText, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(_server.CallsTo("sendPhoto"), c => c.ChatId == Group);
        Assert.DoesNotContain(_server.CallsTo("sendDocument"), c => c.ChatId == Group);
    }
}
