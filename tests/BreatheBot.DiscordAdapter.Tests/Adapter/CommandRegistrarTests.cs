using BreatheBot.Core.Commands;
using BreatheBot.DiscordAdapter.Tests.Fakes;

namespace BreatheBot.DiscordAdapter.Tests.Adapter;

public sealed class CommandRegistrarTests
{
    // Scenario 19
    [Fact(Timeout = 10_000)]
    public async Task Commands_are_bulk_overwritten_globally_once_and_skipped_while_unchanged()
    {
        await using var host = await DiscordTestHost.StartAsync();
        var registrar = host.Get<DiscordCommandRegistrar>();
        Assert.True(await registrar.EnsureRegisteredAsync(CancellationToken.None));
        Assert.False(await registrar.EnsureRegisteredAsync(CancellationToken.None));

        var put = Assert.Single(host.Fake.RequestsTo("PUT", "/applications/100/commands"));
        Assert.Equal("application/json", put.Headers["Content-Type"].Split(';')[0]);
        var commands = put.Json!.AsArray();
        Assert.Equal(BotCommands.All.Select(c => c.Name), commands.Select(c => c!["name"]!.GetValue<string>()));
        var headache = commands.Single(c => c!["name"]!.GetValue<string>() == "headache")!;
        Assert.Equal(1, headache["type"]!.GetValue<int>());
        Assert.Equal([0, 1], headache["contexts"]!.AsArray().Select(n => n!.GetValue<int>()));
        Assert.Equal([0], headache["integration_types"]!.AsArray().Select(n => n!.GetValue<int>()));
        Assert.InRange(headache["description"]!.GetValue<string>().Length, 1, 100);
        var start = commands.Single(c => c!["name"]!.GetValue<string>() == "start")!;
        Assert.Equal([1], start["contexts"]!.AsArray().Select(n => n!.GetValue<int>())); // DM only
    }

    [Fact(Timeout = 10_000)]
    public async Task With_a_dev_guild_commands_go_to_that_guild_without_dm_only_commands()
    {
        await using var host = await DiscordTestHost.StartAsync(c => c["Discord:DevGuildId"] = "700");
        await host.Get<DiscordCommandRegistrar>().EnsureRegisteredAsync(CancellationToken.None);
        var put = Assert.Single(host.Fake.RequestsTo("PUT", "/applications/100/guilds/700/commands"));
        var names = put.Json!.AsArray().Select(c => c!["name"]!.GetValue<string>()).ToList();
        Assert.DoesNotContain("start", names);
        Assert.Contains("breathe", names);
        Assert.Empty(host.Fake.RequestsTo("PUT", "/applications/100/commands"));
    }

    [Fact(Timeout = 10_000)]
    public async Task A_changed_command_set_is_registered_again()
    {
        await using var host = await DiscordTestHost.StartAsync();
        var registrar = host.Get<DiscordCommandRegistrar>();
        await registrar.EnsureRegisteredAsync(CancellationToken.None);
        host.Get<Microsoft.Extensions.Options.IOptions<DiscordOptions>>().Value.AdminCommands.Add("stop"); // changes default_member_permissions
        Assert.True(await registrar.EnsureRegisteredAsync(CancellationToken.None));
        var second = host.Fake.RequestsTo("PUT", "/applications/100/commands")[1].Json!.AsArray();
        Assert.Equal("32", second.Single(c => c!["name"]!.GetValue<string>() == "stop")!["default_member_permissions"]!.GetValue<string>());
    }
}
