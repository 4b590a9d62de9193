using BreatheBot.Core.Conversations;
using BreatheBot.Core.Messaging;
using BreatheBot.Host;
using BreatheBot.TelegramAdapter.Tests.Fakes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace BreatheBot.TelegramAdapter.Tests.EndToEnd;

/// <summary>The real host's composition with a Telegram token.</summary>
public sealed class HostCompositionTests
{
    private static HostApplicationBuilder Builder(Dictionary<string, string?> settings) =>
        BreatheBotHost.CreateBuilder([], c => c.AddInMemoryCollection(settings));

    [Fact]
    public async Task With_a_Telegram_token_the_host_runs_the_Telegram_adapter_instead_of_the_terminal_chat()
    {
        var database = BotHarness.NewDatabasePath();
        try
        {
            var builder = Builder(new() { ["Telegram:BotToken"] = FakeTelegramServer.Token, ["Telegram:ApiBaseUrl"] = "http://127.0.0.1:9", ["Storage:Path"] = database, ["Health:Urls"] = "http://127.0.0.1:0" });
            await using var provider = builder.Services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });

            var sender = Assert.Single(provider.GetServices<IReplySender>());
            Assert.Equal(Platform.Telegram, sender.Platform);
            var hosted = provider.GetServices<IHostedService>().Select(h => h.GetType().Name).ToList();
            Assert.Contains(nameof(TelegramPollingService), hosted);
            Assert.DoesNotContain(hosted, name => name.Contains("Terminal", StringComparison.Ordinal));
        }
        finally
        {
            BotHarness.DeleteDatabase(database);
        }
    }

    [Fact]
    public async Task A_malformed_token_stops_the_real_host_with_a_one_line_problem_naming_the_key()
    {
        var database = BotHarness.NewDatabasePath();
        try
        {
            using var host = Builder(new() { ["Telegram:BotToken"] = "not-a-token-xyz", ["Storage:Path"] = database }).Build();

            var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

            var problem = BreatheBotHost.StartupProblem(error);
            Assert.NotNull(problem);
            Assert.Contains("Telegram:BotToken", problem, StringComparison.Ordinal);
            Assert.DoesNotContain("not-a-token-xyz", problem, StringComparison.Ordinal);
        }
        finally
        {
            BotHarness.DeleteDatabase(database);
        }
    }
}
