using BreatheBot.Core.Episodes;
using BreatheBot.Core.Storage;
using BreatheBot.TelegramAdapter.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace BreatheBot.TelegramAdapter.Tests.EndToEnd;

/// <summary>Issue 14 item 6 on Telegram: the daily check-in arrives as a private message with stamped buttons; a tap stores the day.</summary>
public sealed class DailyCheckInEndToEndTests : IAsyncLifetime
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
    public async Task The_check_in_arrives_at_the_chosen_time_with_buttons_and_a_tap_stores_the_day()
    {
        var start = new DateTimeOffset(2026, 6, 1, 10, 0, 0, TimeSpan.Zero);
        await using var bot = await BotHarness.StartAsync(_server, _database, new FakeTimeProvider(start));
        await bot.SayAsync(Dee, Dee, "/settings checkin 13:00");
        await Eventually.TrueAsync(() => _server.MessagesIn(Dee).Any(m => m.PlainText.Contains("each day at 13:00", StringComparison.Ordinal)), "the setting is confirmed");
        Assert.DoesNotContain(_server.MessagesIn(Dee), m => m.PlainText == "Any headache today?");

        await bot.RunUntilAsync(start.AddHours(3).AddMinutes(1));

        var asked = Assert.Single(_server.MessagesIn(Dee), m => m.PlainText == "Any headache today?");
        var button = bot.FindButton(Dee, d => d == "ci:mild");
        Assert.NotNull(button);
        Assert.True(TelegramUpdateMapper.TryReadCallbackData(button.Value.Data, out _, out var promptId) && promptId > 0, "the button carries the question's number");
        Assert.Equal(asked.MessageId, button.Value.Message.MessageId);

        await bot.PressAsync(Dee, Dee, "ci:mild");
        await bot.SettleAsync();

        var days = await bot.Host.Services.GetRequiredService<IEpisodeStore>().ListDaysAsync("telegram:444", CancellationToken.None);
        Assert.Equal(new DateOnly(2026, 6, 1), Assert.Single(days).Day);
        Assert.Equal(DayHeadache.Mild, days[0].Headache);
    }
}
