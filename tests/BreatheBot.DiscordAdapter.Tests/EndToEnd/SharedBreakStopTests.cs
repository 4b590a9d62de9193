using System.Text.Json.Nodes;
using BreatheBot.Core.Channels;
using BreatheBot.Core.Content;
using BreatheBot.Core.Conversations;
using BreatheBot.Core.Storage;
using BreatheBot.DiscordAdapter.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;

namespace BreatheBot.DiscordAdapter.Tests.EndToEnd;

/// <summary>
/// Issue 12 on Discord, end to end (real core and storage): who may stop a shared breathing break, and the typed
/// /settings form the channel settings show (Discord takes it in the <c>change:</c> option).
/// </summary>
[Collection(TimingCollection.Name)]
public sealed class SharedBreakStopTests
{
    private const string Guild = "700";
    private const string Channel = "600";
    private const string ManageServer = "32";

    private static JsonNode LastCallback(RealHost host) => host.Fake.RequestsTo("POST", @"/interactions/\d+/[^/]+/callback")[^1].Json!;

    private static async Task<SharedSession?> SessionAsync(RealHost host) =>
        ((await host.Host.Services.GetRequiredService<IConversationStore>()
            .LoadAsync(ConversationKey.Channel(Platform.Discord, Channel), default))?.State as ChannelState)?.Session;

    [Fact(Timeout = 60_000)]
    public async Task Another_member_pressing_stop_gets_an_ephemeral_note_and_the_starter_can_stop_it()
    {
        await using var host = await RealHost.StartAsync();
        await host.CommandAsync("breathe", Channel, "41", Guild);
        Assert.NotNull(await SessionAsync(host));

        await host.PressLabelAsync("Stop", Channel, "42", Guild);
        var refusal = LastCallback(host);
        Assert.Equal(64, refusal["data"]!["flags"]!.GetValue<int>());
        Assert.Equal(ChannelWording.StopRefused, refusal["data"]!["content"]!.GetValue<string>());
        Assert.NotNull(await SessionAsync(host));

        await host.CommandAsync("stop", Channel, "43", Guild); // the command too, privately
        Assert.Equal(64, LastCallback(host)["data"]!["flags"]!.GetValue<int>());
        Assert.NotNull(await SessionAsync(host));

        await host.PressLabelAsync("Stop", Channel, "41", Guild);
        Assert.Null(await SessionAsync(host));
    }

    [Fact(Timeout = 60_000)]
    public async Task A_server_admin_may_stop_anyones_break()
    {
        await using var host = await RealHost.StartAsync();
        await host.CommandAsync("breathe", Channel, "41", Guild);

        await host.PressLabelAsync("Stop", Channel, "50", Guild, ManageServer);

        Assert.Null(await SessionAsync(host));
    }

    [Fact(Timeout = 60_000)]
    public async Task The_channel_settings_show_the_typed_change_the_way_Discord_takes_it()
    {
        await using var host = await RealHost.StartAsync();
        await host.CommandAsync("settings", Channel, "50", Guild, ManageServer);
        var summary = LastCallback(host)["data"]!["content"]!.GetValue<string>();
        Assert.Contains("/settings change: time 09:45", summary, StringComparison.Ordinal);
        Assert.DoesNotContain("/settings time", summary, StringComparison.Ordinal);

        await host.CommandAsync("settings", Channel, "50", Guild, ManageServer, option: "time 25:99");
        Assert.Contains("Try /settings change: time 09:45", LastCallback(host)["data"]!["content"]!.GetValue<string>(), StringComparison.Ordinal);

        await host.CommandAsync("settings", Channel, "50", Guild, ManageServer, option: "time 09:45"); // the form shown works
        Assert.Contains("at 09:45", LastCallback(host)["data"]!["content"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
