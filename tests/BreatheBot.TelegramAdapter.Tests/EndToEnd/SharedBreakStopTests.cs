using BreatheBot.Core.Content;
using BreatheBot.TelegramAdapter.Tests.Fakes;
using Microsoft.Extensions.Time.Testing;

namespace BreatheBot.TelegramAdapter.Tests.EndToEnd;

/// <summary>
/// Who may stop a shared breathing break in a group (issue 12): its starter or a group admin. Another member's press
/// is answered privately (the callback answer); a typed /stop from them gets no reply in the group.
/// </summary>
[Collection(GroupChatsCollection.Name)]
public sealed class SharedBreakStopTests(GroupChatAudit audit) : IAsyncLifetime
{
    private const long Group = -4002;
    private const long Bo = 222;
    private const long Cy = 444;
    private const long Admin = 333;
    private readonly string _database = BotHarness.NewDatabasePath();
    private FakeTelegramServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeTelegramServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        BotHarness.DeleteDatabase(_database);
        audit.Collect(_server);
    }

    private bool Stopped() => _server.MessagesIn(Group).Any(m => m.PlainText == Wording.SharedBreathingStopped);

    [Fact]
    public async Task Another_member_cannot_stop_it_and_is_told_privately_the_starter_and_an_admin_can()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var bot = await BotHarness.StartAsync(_server, _database, time);
        await bot.SayAsync(Group, Bo, "/breathe");
        await Eventually.TrueAsync(() => bot.FindButton(Group, d => d == "sb:stop") is not null, "the shared pacer is shown");

        await bot.PressAsync(Group, Cy, "sb:stop");
        await bot.SayAsync(Group, Cy, "/stop");
        await bot.SettleAsync();

        var answer = Assert.Single(_server.CallsTo("answerCallbackQuery"));
        Assert.Equal(ChannelWording.StopRefused, answer.Params["text"]?.GetValue<string>());
        Assert.False(Stopped());
        Assert.DoesNotContain(_server.MessagesIn(Group), m => m.PlainText.Contains(ChannelWording.StopRefused, StringComparison.Ordinal));

        await bot.SayAsync(Group, Bo, "/stop");
        await Eventually.TrueAsync(Stopped, "the starter stops it");

        _server.MakeAdmin(Group, Admin);
        await bot.SayAsync(Group, Bo, "/breathe");
        await Eventually.TrueAsync(() => _server.CallsTo("sendMessage").Count(c => c.ChatId == Group) >= 4, "a second break");
        await bot.PressAsync(Group, Admin, "sb:stop");
        await Eventually.TrueAsync(() => _server.MessagesIn(Group).Count(m => m.PlainText == Wording.SharedBreathingStopped) == 2, "an admin stops it");
    }
}
