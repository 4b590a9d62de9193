using BreatheBot.Core.Conversations;
using BreatheBot.DiscordAdapter.Model;
using BreatheBot.DiscordAdapter.Rest;
using Microsoft.Extensions.Logging;

namespace BreatheBot.DiscordAdapter.Interactions;

internal enum InteractionAck
{
    New = 0,
    Deferred = 1,
    Responded = 2,
}

/// <summary>
/// One received interaction and its acknowledgement state (<c>New → Deferred | Responded</c>, by compare-exchange so it is
/// acknowledged exactly once). A timer started on receipt defers it (type 5, or 6 for components) when no answer is ready
/// within <see cref="DiscordOptions.InteractionDeferAfter"/>, keeping Discord's 3-second deadline.
/// </summary>
internal sealed class InteractionContext : IDisposable
{
    private static readonly TimeSpan TokenLife = TimeSpan.FromMinutes(14);
    private readonly IDiscordRestClient _rest;
    private readonly DiscordOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private int _state;
    private int _deferralConsumed;
    private volatile bool _deferFailed;
    private readonly TaskCompletionSource _deferDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ITimer? _timer;

    public InteractionContext(
        Interaction interaction, ConversationKey key, ChatKind chat, string userId,
        IDiscordRestClient rest, DiscordOptions options, TimeProvider time, ILogger logger, DateTimeOffset? receivedAt = null)
    {
        ReceivedAt = receivedAt ?? time.GetUtcNow();
        Interaction = interaction;
        Key = key;
        Chat = chat;
        UserId = userId;
        _rest = rest;
        _options = options;
        _time = time;
        _logger = logger;
        TokenExpiresAt = time.GetUtcNow() + TokenLife;
    }

    public Interaction Interaction { get; }

    /// <summary>When the gateway delivered it: the 3-second deadline runs from here, not from when a worker got to it.</summary>
    public DateTimeOffset ReceivedAt { get; }

    public ConversationKey Key { get; }

    public ChatKind Chat { get; }

    public string UserId { get; }

    public DateTimeOffset TokenExpiresAt { get; }

    public bool IsComponent => Interaction.Type == 3 || (Interaction.Type == 5 && Interaction.Message is not null);

    public bool IsGuild => Interaction.GuildId is not null;

    public InteractionAck State => (InteractionAck)Volatile.Read(ref _state);

    /// <summary>The deferral was not taken by Discord (late, or a server error): there is no response to edit or follow up.</summary>
    public bool DeferFailed => _deferFailed;

    /// <summary>Completes when a deferral (if any) has been answered by Discord.</summary>
    public Task Deferred => State == InteractionAck.Deferred ? _deferDone.Task : Task.CompletedTask;

    public void StartDeadline()
    {
        var due = _options.InteractionDeferAfter - (_time.GetUtcNow() - ReceivedAt);
        _timer = _time.CreateTimer(static s => ((InteractionContext)s!).Defer(), this, due > TimeSpan.Zero ? due : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Claims the one initial response. False when it was already claimed or deferred.</summary>
    public bool TryClaim()
    {
        if (Interlocked.CompareExchange(ref _state, (int)InteractionAck.Responded, (int)InteractionAck.New) != (int)InteractionAck.New)
        {
            return false;
        }

        _timer?.Dispose();
        return true;
    }

    /// <summary>After a deferral, the first reply edits the deferred response; this claims that once.</summary>
    public bool TryConsumeDeferral() =>
        State == InteractionAck.Deferred && Interlocked.Exchange(ref _deferralConsumed, 1) == 0;

    /// <summary>Acknowledges without content now (idempotent; loses to a response already claimed).</summary>
    public void Defer()
    {
        if (Interlocked.CompareExchange(ref _state, (int)InteractionAck.Deferred, (int)InteractionAck.New) == (int)InteractionAck.New)
        {
            _ = DeferCoreAsync(); // completion is observed through Deferred
        }
    }

    public void Dispose() => _timer?.Dispose();

    private async Task DeferCoreAsync()
    {
        var type = IsComponent ? 6 : 5;
        try
        {
            await _rest.CreateInteractionResponseAsync(Interaction.Id, Interaction.Token, new InteractionResponse { Type = type }, CancellationToken.None).ConfigureAwait(false);
            Log.InteractionDeferred(_logger, Interaction.Id, type);
        }
        catch (DiscordApiException ex)
        {
            _deferFailed = true;
            Log.InteractionAckFailed(_logger, Interaction.Id, (int)ex.Status, ex.Code);
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
        {
            _deferFailed = true;
            Log.InteractionAckFailed(_logger, Interaction.Id, 0, null);
        }
        finally
        {
            _deferDone.TrySetResult();
        }
    }
}

internal static partial class Log
{
    [LoggerMessage(3500, LogLevel.Debug, "Discord interaction {InteractionId} deferred (type {CallbackType})")]
    public static partial void InteractionDeferred(ILogger logger, string interactionId, int callbackType);

    [LoggerMessage(3501, LogLevel.Warning, "Discord interaction {InteractionId} could not be acknowledged: {Status} (code {Code})")]
    public static partial void InteractionAckFailed(ILogger logger, string interactionId, int status, int? code);
}
