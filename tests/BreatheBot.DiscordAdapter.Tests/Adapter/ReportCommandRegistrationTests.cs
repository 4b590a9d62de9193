using BreatheBot.DiscordAdapter.Tests.Fakes;

namespace BreatheBot.DiscordAdapter.Tests.Adapter;

public sealed class ReportCommandRegistrationTests
{
    [Fact(Timeout = 10_000)]
    public async Task Report_is_a_dm_command_with_one_optional_period_option()
    {
        await using var host = await DiscordTestHost.StartAsync();
        await host.Get<DiscordCommandRegistrar>().EnsureRegisteredAsync(CancellationToken.None);
        var commands = Assert.Single(host.Fake.RequestsTo("PUT", "/applications/100/commands")).Json!.AsArray();

        var report = commands.Single(c => c!["name"]!.GetValue<string>() == "report")!;
        Assert.Equal([1], report["contexts"]!.AsArray().Select(n => n!.GetValue<int>())); // DMs only
        var option = Assert.Single(report["options"]!.AsArray())!;
        Assert.Equal(3, option["type"]!.GetValue<int>());
        Assert.Equal("period", option["name"]!.GetValue<string>());
        Assert.False(option["required"]!.GetValue<bool>());
        Assert.InRange(option["description"]!.GetValue<string>().Length, 1, 100);
    }
}
