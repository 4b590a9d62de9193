using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using BreatheBot.TelegramAdapter.Diagnostics;
using BreatheBot.TelegramAdapter.Outbound;
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
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;

namespace BreatheBot.TelegramAdapter;

/// <summary>
/// Webhook mode: a small Kestrel server inside the host receives Telegram's POSTs on <see cref="TelegramOptions.WebhookPath"/>,
/// refuses any request without the right X-Telegram-Bot-Api-Secret-Token (constant-time compare), hands the update to
/// the core and answers 200 once the turn is durable; when the turn fails it answers 500 so Telegram resends the update
/// (up to <see cref="TelegramOptions.MaxUpdateAttempts"/> failures, then 200 and the update is logged as lost).
/// setWebhook is called at start, and retried with backoff while Telegram cannot be reached.
/// </summary>
internal sealed class TelegramWebhookService(
    ITelegramBotClient client,
    TelegramBotSetup setup,
    TelegramUpdateDispatcher dispatcher,
    IOptions<TelegramOptions> options,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    ILoggerFactory loggerFactory,
    ILogger<TelegramWebhookService> logger,
    TelegramReceiveStatus? status = null) : IHostedService, IAsyncDisposable, IDisposable
{
    public const string SecretHeader = "X-Telegram-Bot-Api-Secret-Token";

    private readonly CancellationTokenSource _stopping = new();
    private readonly UpdateAttempts _attempts = new(options.Value.MaxUpdateAttempts);
    private WebApplication? _app;
    private readonly TaskCompletionSource _setUp = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _setUpRetries = Task.CompletedTask;

    /// <summary>The addresses Kestrel listens on (port 0 in the configuration is resolved here).</summary>
    public IReadOnlyList<string> ListenAddresses { get; private set; } = [];

    /// <summary>Completes once getMe, the command menus and setWebhook have succeeded (for tests).</summary>
    internal Task SetUp => _setUp.Task;

    /// <summary>
    /// Listens first (an address that cannot be bound stops the start), then tells Telegram where to post. A rejected
    /// token stops the start; Telegram unreachable does not: the calls are retried in the background with the polling
    /// backoff (<see cref="TelegramOptions.PollingBackoffBase"/> doubling up to <see cref="TelegramOptions.PollingBackoffMax"/>).
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

        try
        {
            await SetUpAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not TelegramUnauthorizedException && !cancellationToken.IsCancellationRequested)
        {
            var delay = TelegramOutbox.Backoff(settings.PollingBackoffBase, settings.PollingBackoffMax, 1);
            Log.StartupFailed(logger, TelegramReceiver.Reason(ex), delay.TotalSeconds, ex);
            _setUpRetries = RetrySetUpAsync(delay, _stopping.Token);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _setUpRetries.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (_app is { } app)
        {
            await app.StopAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>getMe, the command menus, setWebhook. Throws <see cref="TelegramUnauthorizedException"/> on a rejected token.</summary>
    private async Task SetUpAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        try
        {
            await setup.ConnectAsync(cancellationToken).ConfigureAwait(false);
            await setup.RegisterCommandsAsync(cancellationToken).ConfigureAwait(false);
            await client.SetWebhook(
                url: settings.WebhookUrl!,
                maxConnections: settings.WebhookMaxConnections,
                allowedUpdates: TelegramBotSetup.AllowedUpdates,
                dropPendingUpdates: false,
                secretToken: settings.WebhookSecret,
                cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (ApiRequestException ex) when (ex.ErrorCode == 401)
        {
            Log.Unauthorized(logger);
            throw new TelegramUnauthorizedException(ex);
        }

        Log.WebhookSet(logger, settings.WebhookUrl!, settings.WebhookMaxConnections);
        status?.Listening();
        _setUp.TrySetResult();
    }

    /// <summary>Until the set-up succeeds or the host stops; a token rejected meanwhile stops the application, as in polling.</summary>
    private async Task RetrySetUpAsync(TimeSpan delay, CancellationToken stopping)
    {
        var settings = options.Value;
        for (var failures = 2; ; failures++)
        {
            try
            {
                await Task.Delay(delay, time, stopping).ConfigureAwait(false);
                await SetUpAsync(stopping).ConfigureAwait(false);
                return;
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (TelegramUnauthorizedException)
            {
                lifetime.StopApplication();
                return;
            }
#pragma warning disable CA1031 // Telegram unreachable or failing: keep trying, as polling does
            catch (Exception ex)
#pragma warning restore CA1031
            {
                delay = TelegramOutbox.Backoff(settings.PollingBackoffBase, settings.PollingBackoffMax, failures);
                Log.StartupFailed(logger, TelegramReceiver.Reason(ex), delay.TotalSeconds, ex);
            }
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
