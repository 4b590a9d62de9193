using BreatheBot.Core.Conversations;
using BreatheBot.Core.Messaging;
using BreatheBot.DiscordAdapter.Tests.Fakes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace BreatheBot.DiscordAdapter.Tests.Adapter;

public sealed class HostingTests
{
    [Fact]
    public void AddDiscordAdapter_without_a_bot_token_registers_nothing()
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        var before = builder.Services.Count;
        builder.AddDiscordAdapter();
        Assert.Equal(before, builder.Services.Count);
    }

    [Fact]
    public async Task AddDiscordAdapter_with_a_token_registers_one_discord_reply_sender_and_the_hosted_service()
    {
        await using var host = await DiscordTestHost.StartAsync();
        var senders = host.Host.Services.GetServices<IReplySender>().ToList();
        var discord = Assert.Single(senders);
        Assert.Equal(Platform.Discord, discord.Platform);
        Assert.Same(host.Get<DiscordReplySender>(), discord);
        Assert.Contains(host.Host.Services.GetServices<IHostedService>(), s => s is DiscordAdapterService);
        Assert.Same(host.Get<BreatheBot.DiscordAdapter.Rest.IDiscordRestClient>(), host.Get<BreatheBot.DiscordAdapter.Rest.DiscordRestClient>()); // one REST client per process
    }

    [Theory]
    [InlineData("Discord:ApplicationId", "", "Discord:ApplicationId")]
    [InlineData("Discord:ApplicationId", "my-app", "Discord:ApplicationId")]
    [InlineData("Discord:BotToken", "Bot abc def", "Discord:BotToken")]
    [InlineData("Discord:ApiBaseUrl", "http://discord.com/api/v10", "Discord:ApiBaseUrl")]
    [InlineData("Discord:GatewayUrl", "ws://gateway.discord.gg", "Discord:GatewayUrl")]
    [InlineData("Discord:DevGuildId", "dev", "Discord:DevGuildId")]
    [InlineData("Discord:ShardId", "2", "Discord:ShardId")]
    [InlineData("Discord:InteractionDeferAfter", "00:00:05", "Discord:InteractionDeferAfter")]
    public async Task Invalid_configuration_fails_start_with_a_message_naming_the_key(string key, string value, string expectedInMessage)
    {
        await using var host = await DiscordTestHost.StartAsync(c => c[key] = value);
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.Host.StartAsync());
        Assert.Contains(expectedInMessage, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Valid_configuration_passes_validation()
    {
        await using var host = await DiscordTestHost.StartAsync(c => c["Discord:DevGuildId"] = "700");
        var options = host.Get<IOptions<DiscordOptions>>().Value;
        Assert.Equal(4609, options.Intents);
        Assert.Equal("700", options.DevGuildId);
    }

    [Fact(Timeout = 15_000)]
    public async Task A_fatal_gateway_close_stops_the_application_with_a_clear_error_and_never_loops()
    {
        await using var host = await DiscordTestHost.StartAsync();
        var lifetime = host.Get<IHostApplicationLifetime>();
        var stopping = new TaskCompletionSource();
        lifetime.ApplicationStopping.Register(() => stopping.TrySetResult());
        await host.Host.StartAsync();
        await host.WaitReadyAsync();
        Assert.Single(host.Fake.RequestsTo("PUT", "/applications/100/commands")); // registered at start

        await host.Fake.CloseAsync(4014);
        await stopping.Task.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Contains(host.Logs.GetSnapshot(), r => r.Id.Id == 3603 && r.Message.Contains("Privileged Gateway Intents", StringComparison.Ordinal));
        await Task.Delay(300);
        Assert.Equal(1, host.Fake.ConnectionCount);
        await host.Host.StopAsync();
    }

    [Fact(Timeout = 15_000)]
    public async Task A_rejected_token_at_start_stops_the_application_without_touching_the_gateway()
    {
        await using var host = await DiscordTestHost.StartAsync(c => c["Discord:BotToken"] = "wrong-token");
        var stopping = new TaskCompletionSource();
        host.Get<IHostApplicationLifetime>().ApplicationStopping.Register(() => stopping.TrySetResult());
        await host.Host.StartAsync();
        await stopping.Task.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(0, host.Fake.ConnectionCount);
        Assert.Single(host.Fake.Requests); // the command registration, answered 401; nothing after it
        await host.Host.StopAsync();
    }
}
