using System.Threading.Channels;
using BreatheBot.DiscordAdapter.Gateway;
using BreatheBot.DiscordAdapter.Rest;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BreatheBot.DiscordAdapter;

/// <summary>
/// Hosts the adapter: registers slash commands, runs the gateway and the dispatcher, and on a fatal error (bad token,
/// disallowed intents, Identify budget) logs why and stops the application instead of looping.
/// </summary>
internal sealed class DiscordAdapterService(
    IDiscordGateway gateway,
    DiscordDispatcher dispatcher,
    DiscordCommandRegistrar registrar,
    DiscordKillSwitch killSwitch,
    IOptions<DiscordOptions> options,
    IHostApplicationLifetime lifetime,
    ILogger<DiscordAdapterService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.RegisterCommands)
        {
            try
            {
                await registrar.EnsureRegisteredAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (DiscordApiException ex) when (ex is not DiscordUnauthorizedException)
            {
                Log.CommandRegistrationFailed(logger, (int)ex.Status, ex.Code);
            }
            catch (DiscordUnauthorizedException)
            {
                // the kill switch is tripped; the gateway returns at once with the reason
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }

        var dispatches = Channel.CreateBounded<GatewayDispatch>(new BoundedChannelOptions(options.Value.DispatchQueueCapacity)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        var dispatching = dispatcher.RunAsync(dispatches.Reader, stoppingToken);
        GatewayExit exit;
        try
        {
            exit = await gateway.RunAsync(dispatches.Writer, stoppingToken).ConfigureAwait(false);
        }
        finally
        {
            dispatches.Writer.TryComplete();
            await dispatching.ConfigureAwait(false);
        }

        if (exit.Fatal || killSwitch.IsTripped)
        {
            Log.AdapterStopped(logger, exit.Reason ?? killSwitch.Reason ?? "unknown");
            lifetime.StopApplication();
        }
    }
}

internal static partial class Log
{
    [LoggerMessage(3602, LogLevel.Warning, "Discord slash command registration failed: {Status} (code {Code}); the previous commands stay")]
    public static partial void CommandRegistrationFailed(ILogger logger, int status, int? code);

    [LoggerMessage(3603, LogLevel.Critical, "The Discord adapter stopped and the application is shutting down: {Reason}")]
    public static partial void AdapterStopped(ILogger logger, string reason);
}
