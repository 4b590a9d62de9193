using System.Text.Json;
using BreatheBot.Core.Conversations;
using BreatheBot.Core.Messaging;
using BreatheBot.DiscordAdapter.Gateway;
using BreatheBot.DiscordAdapter.Interactions;
using BreatheBot.DiscordAdapter.Model;
using BreatheBot.DiscordAdapter.Tests.Fakes;

namespace BreatheBot.DiscordAdapter.Tests.Adapter;

public sealed class InteractionParsingTests
{
    private static GatewayDispatch Dispatch(string type, string json) =>
        new(type, 1, JsonDocument.Parse(json).RootElement.Clone(), DateTimeOffset.UtcNow);

    // Scenario 16
    [Fact]
    public async Task Slash_command_with_nested_options_becomes_a_command_with_its_argument()
    {
        await using var host = await DiscordTestHost.StartAsync();
        var router = host.Get<DiscordEventRouter>();
        var options = """[{"name":"preset","type":1,"options":[{"name":"minutes","type":4,"value":3},{"name":"style","type":3,"value":"box"}]}]""";
        var item = router.Route(Dispatch("INTERACTION_CREATE", Payloads.Command("9001", "itok-a", "Breathe", "600", "42", guildId: "700", optionsJson: options)))!;
        using var _ = item.Interaction;
        var command = Assert.IsType<CommandReceived>(item.Inbound);
        Assert.Equal("breathe", command.Name);
        Assert.Equal("preset 3 box", command.Argument);
        Assert.Equal(ConversationKey.Channel(Platform.Discord, "600"), command.Key);
        Assert.Equal(ChatKind.Group, command.Chat);
        Assert.Equal("42", command.SenderId); // member.user in guilds
        Assert.Equal("9001", command.DeliveryId);
    }

    [Fact]
    public async Task Dm_interaction_takes_the_user_from_user_and_keys_the_private_conversation()
    {
        await using var host = await DiscordTestHost.StartAsync();
        var router = host.Get<DiscordEventRouter>();
        var item = router.Route(Dispatch("INTERACTION_CREATE", Payloads.Command("9002", "itok-b", "headache", "300", "42")))!;
        using var _ = item.Interaction;
        var command = Assert.IsType<CommandReceived>(item.Inbound);
        Assert.Equal(ConversationKey.Private(Platform.Discord, "300", "42"), command.Key);
        Assert.Equal(ChatKind.Private, command.Chat);
        Assert.Equal("42", command.SenderId);
    }

    [Fact]
    public async Task Button_custom_id_becomes_the_choice_and_a_foreign_or_stale_one_is_refused()
    {
        await using var host = await DiscordTestHost.StartAsync();
        var router = host.Get<DiscordEventRouter>();
        var dm = ConversationKey.Private(Platform.Discord, "300", "42");

        var own = router.Route(Dispatch("INTERACTION_CREATE", Payloads.Button("9003", "itok-c", CustomIds.Encode(dm, "42", "pain:5"), "300", "42", "7000")))!;
        using (own.Interaction)
        {
            var choice = Assert.IsType<ChoiceSelected>(own.Inbound);
            Assert.Equal("pain:5", choice.ChoiceId);
            Assert.Equal(dm, choice.Key);
        }

        var channel = ConversationKey.Channel(Platform.Discord, "600");
        var foreign = router.Route(Dispatch("INTERACTION_CREATE", Payloads.Button("9004", "itok-d", CustomIds.Encode(channel, "42", "breathe:stop"), "600", "43", "7001", guildId: "700")))!;
        using (foreign.Interaction)
        {
            Assert.Null(foreign.Inbound);
            Assert.Equal(DiscordEventRouter.ForeignButton, foreign.Refusal);
        }

        var anyone = router.Route(Dispatch("INTERACTION_CREATE", Payloads.Button("9005", "itok-e", CustomIds.Encode(channel, CustomIds.AnyOwner, "breathe:join"), "600", "43", "7001", guildId: "700")))!;
        using (anyone.Interaction)
        {
            Assert.IsType<ChoiceSelected>(anyone.Inbound);
        }

        var stale = router.Route(Dispatch("INTERACTION_CREATE", Payloads.Button("9006", "itok-f", "v0:whatever", "600", "43", "7001", guildId: "700")))!;
        using (stale.Interaction)
        {
            Assert.Equal(DiscordEventRouter.ExpiredButton, stale.Refusal);
        }

        var otherConversation = router.Route(Dispatch("INTERACTION_CREATE", Payloads.Button("9007", "itok-g", CustomIds.Encode(dm, "42", "x"), "601", "42", "7002", guildId: "700")))!;
        using (otherConversation.Interaction)
        {
            Assert.Equal(DiscordEventRouter.ExpiredButton, otherConversation.Refusal);
        }
    }

    [Fact]
    public void Modal_submit_values_are_read_from_label_and_legacy_action_row_shapes()
    {
        var json = """
            {"custom_id":"note","components":[
              {"type":18,"label":"Where?","component":{"type":4,"custom_id":"where","value":"temples"}},
              {"type":1,"components":[{"type":4,"custom_id":"when","value":"this morning"}]}
            ]}
            """;
        var data = JsonSerializer.Deserialize(json, DiscordJsonContext.Default.InteractionData);
        var values = InteractionParsing.ModalValues(data);
        Assert.Equal("temples", values["where"]);
        Assert.Equal("this morning", values["when"]);
    }

    [Theory]
    [InlineData("0", false)]
    [InlineData("8", true)] // ADMINISTRATOR
    [InlineData("32", true)] // MANAGE_GUILD
    [InlineData("2048", false)] // SEND_MESSAGES only
    [InlineData("4503599627370496", false)] // 1 << 52, beyond double precision
    [InlineData("4503599627370528", true)] // 1 << 52 | MANAGE_GUILD
    public async Task Admin_command_in_a_guild_is_refused_without_administrator_or_manage_guild(string permissions, bool allowed)
    {
        await using var host = await DiscordTestHost.StartAsync(c => c["Discord:AdminCommands:0"] = "stop");
        var router = host.Get<DiscordEventRouter>();
        var item = router.Route(Dispatch("INTERACTION_CREATE", Payloads.Command("9100", "itok-h", "stop", "600", "42", guildId: "700", permissions: permissions)))!;
        using var _ = item.Interaction;
        if (allowed)
        {
            Assert.IsType<CommandReceived>(item.Inbound);
        }
        else
        {
            Assert.Equal(DiscordEventRouter.AdminOnly, item.Refusal);
        }
    }

    [Fact]
    public async Task A_replayed_interaction_is_dropped()
    {
        await using var host = await DiscordTestHost.StartAsync();
        var router = host.Get<DiscordEventRouter>();
        var json = Payloads.Command("9200", "itok-i", "help", "300", "42");
        var first = router.Route(Dispatch("INTERACTION_CREATE", json));
        first?.Interaction?.Dispose();
        Assert.NotNull(first);
        Assert.Null(router.Route(Dispatch("INTERACTION_CREATE", json)));
    }

    [Theory]
    [InlineData("0", false)]
    [InlineData("8", true)]
    [InlineData("32", true)]
    [InlineData("4503599627370528", true)]
    public async Task Guild_commands_and_presses_tell_the_core_whether_the_sender_may_configure_the_channel(string permissions, bool admin)
    {
        await using var host = await DiscordTestHost.StartAsync();
        var router = host.Get<DiscordEventRouter>();
        // (/breathe: anyone may run it; a non-admin's /settings or /channelstats is refused by the adapter itself, below.)
        var command = router.Route(Dispatch("INTERACTION_CREATE", Payloads.Command("9500" + permissions, "itok-j", "breathe", "600", "42", guildId: "700", permissions: permissions)))!;
        using (command.Interaction)
        {
            Assert.Equal(admin, Assert.IsType<CommandReceived>(command.Inbound).SenderIsAdmin);
        }

        var channel = ConversationKey.Channel(Platform.Discord, "600");
        var press = router.Route(Dispatch("INTERACTION_CREATE",
            Payloads.Button("9600" + permissions, "itok-k", CustomIds.Encode(channel, CustomIds.AnyOwner, "cs:done"), "600", "42", "7003", guildId: "700")
                .Replace("\"permissions\":\"0\"", $"\"permissions\":\"{permissions}\"", StringComparison.Ordinal)))!;
        using (press.Interaction)
        {
            Assert.Equal(admin, Assert.IsType<ChoiceSelected>(press.Inbound).SenderIsAdmin);
        }
    }

    [Fact]
    public async Task Dm_events_never_claim_admin_rights()
    {
        await using var host = await DiscordTestHost.StartAsync();
        var item = host.Get<DiscordEventRouter>().Route(Dispatch("INTERACTION_CREATE", Payloads.Command("9700", "itok-l", "settings", "300", "42")))!;
        using var _ = item.Interaction;
        Assert.False(Assert.IsType<CommandReceived>(item.Inbound).SenderIsAdmin);
    }
}
