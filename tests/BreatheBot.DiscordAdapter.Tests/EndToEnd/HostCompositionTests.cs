using BreatheBot.Core.Messaging;
using BreatheBot.Host;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace BreatheBot.DiscordAdapter.Tests.EndToEnd;

public sealed class HostCompositionTests
{
    [Fact]
    public void With_a_discord_token_the_real_host_runs_the_discord_adapter_instead_of_the_terminal_and_every_service_resolves()
    {
        var folder = Directory.CreateTempSubdirectory("breathebot-discord-host-").FullName;
        try
        {
            var builder = BreatheBotHost.CreateBuilder([], config => config.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Storage:Path"] = Path.Combine(folder, "diary.db"),
                ["Health:Urls"] = "http://127.0.0.1:0", // a free port: several hosts may run at once
                ["Telegram:BotToken"] = "",
                ["Discord:BotToken"] = "test-token",
                ["Discord:ApplicationId"] = "100",
            }));
            using var provider = builder.Services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });

            Assert.Equal([Core.Conversations.Platform.Discord], provider.GetServices<IReplySender>().Select(s => s.Platform));
            var hosted = provider.GetServices<IHostedService>().Select(s => s.GetType().Name).ToList();
            Assert.Contains("DiscordAdapterService", hosted);
            Assert.DoesNotContain("TerminalChatService", hosted);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData("LiteDb", typeof(BreatheBot.DiscordAdapter.State.FileDiscordStateStore), typeof(Core.Cluster.LocalClusterLeases))]
    [InlineData("PostgreSql", typeof(BreatheBot.DiscordAdapter.State.SharedDocumentDiscordStateStore), typeof(Storage.PostgreSql.PostgreSqlClusterLeases))]
    public void The_discord_state_and_shard_lease_follow_the_storage_provider(string provider, Type stateStore, Type leases)
    {
        var folder = Directory.CreateTempSubdirectory("breathebot-discord-host-").FullName;
        try
        {
            var builder = BreatheBotHost.CreateBuilder([], config => config.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Storage:Provider"] = provider,
                ["Storage:ConnectionString"] = provider == "PostgreSql" ? "Host=127.0.0.1;Port=1" : null, // never connected here
                ["Storage:Path"] = Path.Combine(folder, "diary.db"),
                ["Health:Urls"] = "http://127.0.0.1:0",
                ["Telegram:BotToken"] = "",
                ["Discord:BotToken"] = "test-token",
                ["Discord:ApplicationId"] = "100",
            }));
            using var services = builder.Services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });

            Assert.IsType(stateStore, services.GetRequiredService<BreatheBot.DiscordAdapter.State.IDiscordStateStore>());
            Assert.IsType(leases, services.GetRequiredService<Core.Cluster.IClusterLeases>());
            Assert.Equal(provider == "PostgreSql", services.GetRequiredService<BreatheBot.DiscordAdapter.Gateway.ShardOwnership>().HandsOver);
            Assert.Equal("discord-shard:0/1", services.GetRequiredService<BreatheBot.DiscordAdapter.Gateway.ShardOwnership>().LeaseName);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
