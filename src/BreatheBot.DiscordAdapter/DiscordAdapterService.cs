using System.Threading.Channels;
using BreatheBot.DiscordAdapter.Gateway;
using BreatheBot.DiscordAdapter.Rest;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BreatheBot.DiscordAdapter;

/// <summary>
/// Hosts the adapter: registers slash commands, runs the dispatcher, and runs the gateway while this node owns the
/// shard (<see cref="ShardOwnership"/>; with one node, always). On a fatal error (bad token, disallowed intents, Identify
/// budget) it logs why and stops the application instead of looping.
/// </summary>
internal sealed class DiscordAdapterService(
    IDiscordGateway gateway,
    DiscordDispatcher dispatcher,
    DiscordCommandRegistrar registrar,
    DiscordKillSwitch killSwitch,
    ShardOwnership shard,
    IOptions<DiscordOptions> options,
    IHostApplicationLifetime lifetime,
    ILogger<DiscordAdapterService> logger) : BackgroundService
{
    /// <summary>
    /// Cluster mode: how long a stopping node keeps handling the events its gateway already received (their sequence is
    /// in the handed-over session, so the next owner does not get them again).
    /// </summary>
    internal static readonly TimeSpan HandOverDrainTimeout = TimeSpan.FromSeconds(5);

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

        // Handing over, the dispatcher finishes what was received (the writer completes, then the queue drains);
        // alone, a stop ends it at once, as it always did.
        var handsOver = shard.HandsOver;
        using var drainStop = new CancellationTokenSource();
        var dispatching = dispatcher.RunAsync(dispatches.Reader, handsOver ? drainStop.Token : stoppingToken);
        GatewayExit exit;
        try
        {
            exit = await shard.RunAsync(gateway.Session, ct => gateway.RunAsync(dispatches.Writer, ct, keepSessionOnStop: handsOver), stoppingToken)
                .ConfigureAwait(false);
        }
        finally
        {
            dispatches.Writer.TryComplete();
            drainStop.CancelAfter(HandOverDrainTimeout);
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
