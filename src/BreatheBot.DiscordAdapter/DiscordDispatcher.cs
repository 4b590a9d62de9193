using System.Threading.Channels;
using BreatheBot.Core.Conversations;
using BreatheBot.Core.Messaging;
using BreatheBot.DiscordAdapter.Gateway;
using BreatheBot.DiscordAdapter.Interactions;
using BreatheBot.DiscordAdapter.Rest;
using BreatheBot.DiscordAdapter.State;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BreatheBot.DiscordAdapter;

/// <summary>
/// Runs handlers off the gateway's receive and heartbeat loops: reads the bounded dispatch channel, routes each event,
/// and hands it to one of <see cref="DiscordOptions.HandlerConcurrency"/> workers chosen by conversation, so one
/// conversation's turns stay in order while others run alongside. A failing or slow turn never touches the connection.
/// </summary>
internal sealed class DiscordDispatcher(
    IServiceProvider services,
    DiscordEventRouter router,
    DiscordInbox inbox,
    IDiscordRestClient rest,
    DiscordReplySender channelSender,
    SlotRegistry slots,
    DmChannelCache dms,
    GuildChannelMap guildChannels,
    IOptions<DiscordOptions> options,
    TimeProvider time,
    ILogger<DiscordDispatcher> logger)
{
    internal const string SomethingWentWrong = "Sorry, something went wrong on my side. Please try again.";

    internal const string Done = "Done.";

    public async Task RunAsync(ChannelReader<GatewayDispatch> reader, CancellationToken cancellationToken)
    {
        // Resolved here, not in the constructor: the core's handler depends on the reply senders, which depend on us.
        var handler = services.GetRequiredService<IConversationHandler>();
        var partitions = Enumerable.Range(0, Math.Max(1, options.Value.HandlerConcurrency))
            .Select(_ => Channel.CreateBounded<WorkItem>(new BoundedChannelOptions(256) { SingleReader = true }))
            .ToArray();
        var workers = partitions.Select(p => StartWorker(p.Reader, handler, cancellationToken)).ToArray();
        using var pumpStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var pump = Task.Run(() => PumpInboxAsync(partitions, pumpStop.Token), CancellationToken.None);
        try
        {
            await guildChannels.LoadAsync(cancellationToken).ConfigureAwait(false); // before any GUILD_DELETE is routed
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }

        var persisting = Task.Run(() => guildChannels.RunAsync(pumpStop.Token), CancellationToken.None);

        try
        {
            await foreach (var dispatch in reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                foreach (var item in router.RouteAll(dispatch))
                {
                    item.Interaction?.StartDeadline();
                    await Pick(partitions, item.Partition).Writer.WriteAsync(item, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            await pumpStop.CancelAsync().ConfigureAwait(false);
            await Quiet(pump).ConfigureAwait(false);
            await Quiet(persisting).ConfigureAwait(false);
            foreach (var partition in partitions)
            {
                partition.Writer.TryComplete();
            }

            foreach (var worker in workers)
            {
                await Quiet(worker).ConfigureAwait(false);
            }
        }
    }

    private async Task PumpInboxAsync(Channel<WorkItem>[] partitions, CancellationToken ct)
    {
        await foreach (var inbound in inbox.Reader.ReadAllAsync(ct).ConfigureAwait(false))
        {
            var item = new WorkItem(inbound.Key.ToString(), inbound, null);
            await Pick(partitions, item.Partition).Writer.WriteAsync(item, ct).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Each worker is a dedicated thread: a handler that blocks (synchronous storage work) holds its own thread, never a
    /// thread-pool thread the gateway's loops need. Blocking waits are fine here for that reason.
    /// </summary>
    private Task StartWorker(ChannelReader<WorkItem> reader, IConversationHandler handler, CancellationToken ct)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                while (reader.WaitToReadAsync(ct).AsTask().GetAwaiter().GetResult())
                {
                    while (reader.TryRead(out var item))
                    {
                        ProcessAsync(item, handler, ct).GetAwaiter().GetResult();
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
            finally
            {
                done.TrySetResult();
            }
        })
        {
            IsBackground = true,
            Name = "Discord handler",
        };
        thread.Start();
        return done.Task;
    }

    internal async Task ProcessAsync(WorkItem item, IConversationHandler handler, CancellationToken ct)
    {
        var context = item.Interaction;
        var via = context is null ? null : new InteractionReplySender(context, rest, channelSender, slots, dms, inbox, time, logger);
        var started = time.GetTimestamp();
        try
        {
            if (item.Refusal is { } refusal)
            {
                await via!.RespondEphemeralAsync(refusal, ct).ConfigureAwait(false);
                return;
            }

            var receipt = await handler.HandleAsync(item.Inbound!, via, ct).ConfigureAwait(false);
            if (context is not null)
            {
                await receipt.Delivered.ConfigureAwait(false);
                if (context.State == InteractionAck.New)
                {
                    // The turn said nothing: a button press is acknowledged silently, a command gets a short note.
                    if (context.IsComponent)
                    {
                        context.Defer();
                        await context.Deferred.ConfigureAwait(false);
                    }
                    else if (!receipt.Duplicate)
                    {
                        await via!.RespondEphemeralAsync(Done, ct).ConfigureAwait(false);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            Log.HandlerFailed(logger, item.Inbound?.GetType().Name ?? "refusal", item.Partition, ex);
            if (context is not null && via is not null && context.State != InteractionAck.Responded)
            {
                try
                {
                    await via.RespondEphemeralAsync(SomethingWentWrong, ct).ConfigureAwait(false);
                }
                catch (Exception inner) when (inner is DiscordApiException or OperationCanceledException)
                {
                    Log.FallbackFailed(logger, inner.GetType().Name);
                }
            }
            else if (context is null && item.Inbound is { Chat: ChatKind.Private } inbound)
            {
                // a DM whose turn failed (nothing was saved): say so, or the person waits for an answer that never comes
                try
                {
                    await channelSender.SendAsync(inbound.Key, ChatKind.Private, [new TextReply("error", BreatheBot.Core.Content.Wording.NotTakenIn)], ct).ConfigureAwait(false);
                }
                catch (Exception inner) when (inner is DiscordApiException or OperationCanceledException or HttpRequestException)
                {
                    Log.FallbackFailed(logger, inner.GetType().Name);
                }
            }
        }
        finally
        {
            context?.Dispose();
            var elapsed = time.GetElapsedTime(started);
            if (elapsed > options.Value.SlowHandlerWarning)
            {
                Log.SlowHandler(logger, item.Inbound?.GetType().Name ?? "refusal", item.Partition, (long)elapsed.TotalMilliseconds);
            }
        }
    }

    private static Channel<WorkItem> Pick(Channel<WorkItem>[] partitions, string partition) =>
        partitions[(int)((uint)StringComparer.Ordinal.GetHashCode(partition) % (uint)partitions.Length)];

    private static async Task Quiet(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        catch (ChannelClosedException)
        {
        }
    }
}

internal static partial class Log
{
    [LoggerMessage(3410, LogLevel.Error, "Discord handler for {EventType} in {Conversation} failed")]
    public static partial void HandlerFailed(ILogger logger, string eventType, string conversation, Exception exception);

    [LoggerMessage(3411, LogLevel.Warning, "Discord handler for {EventType} in {Conversation} took {ElapsedMs} ms")]
    public static partial void SlowHandler(ILogger logger, string eventType, string conversation, long elapsedMs);

    [LoggerMessage(3412, LogLevel.Warning, "Discord fallback answer could not be sent ({ErrorType})")]
    public static partial void FallbackFailed(ILogger logger, string errorType);
}
