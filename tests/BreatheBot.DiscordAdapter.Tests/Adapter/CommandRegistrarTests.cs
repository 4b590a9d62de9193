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
    public async Task Settings_work_in_dms_and_server_channels_and_channel_counts_are_hidden_from_non_admins_by_default()
    {
        await using var host = await DiscordTestHost.StartAsync();
        await host.Get<DiscordCommandRegistrar>().EnsureRegisteredAsync(CancellationToken.None);
        var commands = Assert.Single(host.Fake.RequestsTo("PUT", "/applications/100/commands")).Json!.AsArray();
        System.Text.Json.Nodes.JsonNode Command(string name) => commands.Single(c => c!["name"]!.GetValue<string>() == name)!;

        // /settings: everyone's own settings in a DM, the channel's settings (for admins) in a server; so it stays visible
        // everywhere, with one optional text option for a typed change ("time 09:45").
        var settings = Command("settings");
        Assert.Equal([0, 1], settings["contexts"]!.AsArray().Select(n => n!.GetValue<int>()));
        Assert.Null(settings["default_member_permissions"]);
        var option = Assert.Single(settings["options"]!.AsArray())!;
        Assert.Equal(3, option["type"]!.GetValue<int>());
        Assert.Equal("change", option["name"]!.GetValue<string>());
        Assert.False(option["required"]!.GetValue<bool>());
        Assert.InRange(settings["description"]!.GetValue<string>().Length, 1, 100);
        Assert.InRange(option["description"]!.GetValue<string>().Length, 1, 100);

        // /channelstats: shown only to members with Manage Server (the adapter and the core still check).
        var stats = Command("channelstats");
        Assert.Equal("32", stats["default_member_permissions"]!.GetValue<string>());
        Assert.Equal([0], stats["contexts"]!.AsArray().Select(n => n!.GetValue<int>()));
        Assert.Single(commands, c => c!["default_member_permissions"] is not null);
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
        Assert.Contains("settings", names); // the channel's settings
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
