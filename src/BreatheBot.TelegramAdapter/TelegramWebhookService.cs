using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using BreatheBot.TelegramAdapter.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Types;

namespace BreatheBot.TelegramAdapter;

/// <summary>
/// Webhook mode: a small Kestrel server inside the host receives Telegram's POSTs on <see cref="TelegramOptions.WebhookPath"/>,
/// refuses any request without the right X-Telegram-Bot-Api-Secret-Token (constant-time compare), hands the update to
/// the core and answers 200 once the turn is durable; when the turn fails it answers 500 so Telegram resends the update
/// (up to <see cref="TelegramOptions.MaxUpdateAttempts"/> failures, then 200 and the update is logged as lost).
/// Every node of a deployment serves the webhook (behind one load balancer); setWebhook is called at start by the one
/// node holding the set-up lease, and retried with backoff while Telegram cannot be reached
/// (<see cref="TelegramWebhookRegistration"/>).
/// </summary>
internal sealed class TelegramWebhookService(
    TelegramWebhookRegistration registration,
    TelegramUpdateDispatcher dispatcher,
    IOptions<TelegramOptions> options,
    ILoggerFactory loggerFactory,
    ILogger<TelegramWebhookService> logger,
    TelegramReceiveStatus? status = null) : IHostedService, IAsyncDisposable, IDisposable
{
    public const string SecretHeader = "X-Telegram-Bot-Api-Secret-Token";

    private readonly CancellationTokenSource _stopping = new();
    private readonly UpdateAttempts _attempts = new(options.Value.MaxUpdateAttempts);
    private WebApplication? _app;

    /// <summary>The addresses Kestrel listens on (port 0 in the configuration is resolved here).</summary>
    public IReadOnlyList<string> ListenAddresses { get; private set; } = [];

    /// <summary>Completes once this node has called getMe, registered the command menus and set the webhook (for tests).</summary>
    internal Task SetUp => registration.Registered;

    /// <summary>The start-up calls and the set-up lease of this node.</summary>
    internal TelegramWebhookRegistration Registration => registration;

    /// <summary>
    /// Listens first (an address that cannot be bound stops the start), then tells Telegram where to post (through
    /// <see cref="TelegramWebhookRegistration"/>: only on the node holding the set-up lease). A rejected token stops the
    /// start; Telegram unreachable does not: the calls are retried in the background with the polling backoff
    /// (<see cref="TelegramOptions.PollingBackoffBase"/> doubling up to <see cref="TelegramOptions.PollingBackoffMax"/>).
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggerFactory); // the host's logging, without ASP.NET's request logs
        builder.WebHost.UseUrls(settings.WebhookListenUrl);
        var app = builder.Build();
        app.MapPost(settings.WebhookPath, HandleAsync);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        _app = app;
        ListenAddresses = [.. app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? []];
        foreach (var address in ListenAddresses)
        {
            Log.WebhookListening(logger, address, settings.WebhookPath);
        }

        await registration.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await registration.StopAsync(cancellationToken).ConfigureAwait(false);
        if (_app is { } app)
        {
            await app.StopAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _app, null) is { } app)
        {
            await app.DisposeAsync().ConfigureAwait(false);
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _app, null) is IDisposable app)
        {
            app.Dispose();
        }
    }

    /// <summary>Constant-time comparison of the header against the configured secret.</summary>
    internal static bool SecretMatches(string? presented, string expected)
    {
        if (presented is null)
        {
            return false;
        }

        var a = Encoding.UTF8.GetBytes(presented);
        var b = Encoding.UTF8.GetBytes(expected);
        return CryptographicOperations.FixedTimeEquals(a, b);
    }

    private async Task HandleAsync(HttpContext context)
    {
        if (!SecretMatches(context.Request.Headers[SecretHeader].FirstOrDefault(), options.Value.WebhookSecret ?? string.Empty))
        {
            Log.WebhookRejected(logger, context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }

        status?.Received(); // Telegram reached us with the right secret, whatever becomes of the update
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token, context.RequestAborted);
        Update? update;
        try
        {
            update = await JsonSerializer.DeserializeAsync<Update>(context.Request.Body, JsonBotAPI.Options, linked.Token).ConfigureAwait(false);
        }
        catch (JsonException ex)
        {
            Log.WebhookBadPayload(logger, ex);
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        if (update is null)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        try
        {
            await dispatcher.DispatchAsync(update, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (linked.IsCancellationRequested)
        {
            dispatcher.Forget(update.Id);
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable; // shutting down: Telegram resends it later
            return;
        }
#pragma warning disable CA1031 // as in polling: a failed update is retried a bounded number of times, never forever
        catch (Exception ex)
#pragma warning restore CA1031
        {
            var attempt = _attempts.Failed(update.Id);
            if (_attempts.MayRetry(attempt))
            {
                // its turn is not durable: not confirmed, so Telegram sends it again
                Log.UpdateWillBeRetried(logger, update.Id, attempt, _attempts.MaxAttempts, ex);
                dispatcher.Forget(update.Id);
                context.Response.StatusCode = StatusCodes.Status500InternalServerError;
                return;
            }

            Log.UpdateFailed(logger, update.Id, attempt, ex);
            await dispatcher.TellGivenUpAsync(update, linked.Token).ConfigureAwait(false);
        }

        _attempts.Done(update.Id);
        context.Response.StatusCode = StatusCodes.Status200OK;
    }
}
