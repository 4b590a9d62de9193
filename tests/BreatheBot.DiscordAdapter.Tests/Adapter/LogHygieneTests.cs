using BreatheBot.Core.Messaging;
using BreatheBot.DiscordAdapter.Tests.Fakes;

namespace BreatheBot.DiscordAdapter.Tests.Adapter;

public sealed class LogHygieneTests
{
    // Scenario 25 (every DiscordTestHost also checks this when disposed)
    [Fact(Timeout = 15_000)]
    public async Task Logs_never_contain_the_bot_token_or_an_interaction_token_even_when_requests_fail()
    {
        await using var host = await DiscordTestHost.StartAsync();
        host.Fake.Script("POST", "/interactions/9400/itok-secret/callback", new ScriptedResponse(404, """{"code":10062,"message":"Unknown interaction"}"""));
        host.Fake.Script("POST", "/channels/300/messages", new ScriptedResponse(500, "{}"), new ScriptedResponse(500, "{}"), new ScriptedResponse(500, "{}"), new ScriptedResponse(500, "{}"));
        host.Handler.Respond = _ => [new TextReply("help", "Help text")];
        _ = host.RunAdapter();
        await host.WaitReadyAsync();

        await host.Fake.DispatchAsync("INTERACTION_CREATE", Payloads.Command("9400", "itok-secret", "help", "300", "42"));
        await FakeDiscord.WaitForAsync(() => host.Fake.RequestsTo("POST", "/channels/300/messages").Count >= 4, "fallback attempts");
        await host.Fake.CloseAsync(4000);
        await FakeDiscord.WaitForAsync(() => host.Fake.ResumeCount == 1, "resume");

        var logs = host.Logs.GetSnapshot();
        Assert.NotEmpty(logs);
        Assert.Contains(logs, r => r.Message.Contains("/interactions/:interaction_id/:token/callback", StringComparison.Ordinal));
        host.AssertNoSecretsLogged();
    }
}
