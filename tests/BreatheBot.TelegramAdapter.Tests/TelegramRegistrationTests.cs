using BreatheBot.Core.Conversations;
using BreatheBot.Core.Messaging;
using BreatheBot.TelegramAdapter.Outbound;
using BreatheBot.TelegramAdapter.Tests.Fakes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace BreatheBot.TelegramAdapter.Tests;

/// <summary>AddTelegramAdapter: what it registers, and the start-up validation messages.</summary>
public sealed class TelegramRegistrationTests
{
    private static HostApplicationBuilder Builder(Dictionary<string, string?> settings)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddSingleton(new FakeConversationHandler.DurableState());
        builder.Services.AddSingleton<IConversationHandler, FakeConversationHandler>();
        builder.AddTelegramAdapter();
        return builder;
    }

    [Fact]
    public void Without_a_token_nothing_is_registered()
    {
        var builder = Builder([]);

        Assert.DoesNotContain(builder.Services, d => d.ServiceType == typeof(IReplySender));
        Assert.DoesNotContain(builder.Services, d => d.ServiceType == typeof(IHostedService));
    }

    [Fact]
    public void With_a_token_the_sender_and_the_polling_service_resolve_with_scope_validation()
    {
        var builder = Builder(new() { ["Telegram:BotToken"] = FakeTelegramServer.Token, ["Telegram:ApiBaseUrl"] = "http://127.0.0.1:9" });
        using var provider = builder.Services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });

        var sender = Assert.Single(provider.GetServices<IReplySender>());
        Assert.Equal(Platform.Telegram, sender.Platform);
        Assert.Collection(provider.GetServices<IHostedService>().OrderBy(s => s.GetType().Name),
            s => Assert.IsType<TelegramOutboxDrain>(s), // sends what is committed on shutdown
            s => Assert.IsType<TelegramPollingService>(s));
    }

    [Fact]
    public void Webhook_mode_registers_the_webhook_service_instead_of_polling()
    {
        var builder = Builder(new()
        {
            ["Telegram:BotToken"] = FakeTelegramServer.Token,
            ["Telegram:Mode"] = "Webhook",
            ["Telegram:WebhookUrl"] = "https://bot.example.org/telegram/webhook",
            ["Telegram:WebhookSecret"] = "s3cret_value",
        });
        using var provider = builder.Services.BuildServiceProvider();

        Assert.Collection(provider.GetServices<IHostedService>().OrderBy(s => s.GetType().Name),
            s => Assert.IsType<TelegramOutboxDrain>(s),
            s => Assert.IsType<TelegramWebhookService>(s));
    }

    [Theory]
    [InlineData("not-a-token", "Telegram:BotToken is malformed")]
    [InlineData("abc:defghijklmnop", "Telegram:BotToken is malformed")]
    [InlineData("123:short", "Telegram:BotToken is malformed")]
    public async Task A_malformed_token_fails_start_saying_what_to_set_without_echoing_it(string token, string expected)
    {
        using var host = Builder(new() { ["Telegram:BotToken"] = token }).Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(token, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Webhook_mode_without_url_or_secret_fails_start_naming_both_keys()
    {
        using var host = Builder(new() { ["Telegram:BotToken"] = FakeTelegramServer.Token, ["Telegram:Mode"] = "Webhook" }).Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Telegram:WebhookUrl", error.Message, StringComparison.Ordinal);
        Assert.Contains("Telegram:WebhookSecret", error.Message, StringComparison.Ordinal);
    }
}
