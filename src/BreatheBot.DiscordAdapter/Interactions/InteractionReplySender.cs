using BreatheBot.Core.Conversations;
using BreatheBot.Core.Messaging;
using BreatheBot.Core.Outbox;
using BreatheBot.DiscordAdapter.Model;
using BreatheBot.DiscordAdapter.Rest;
using Microsoft.Extensions.Logging;

namespace BreatheBot.DiscordAdapter.Interactions;

/// <summary>
/// Delivers one turn's replies for an interaction: the first reply answers the interaction (type 4 new message, type 7
/// update of the pressed message, or an edit of the deferred response); later replies go to the channel. In a guild,
/// a move to private opens a DM, starts the flow there and tells the person with an ephemeral note.
/// </summary>
internal sealed class InteractionReplySender(
    InteractionContext context,
    IDiscordRestClient rest,
    DiscordReplySender channel,
    SlotRegistry slots,
    DmChannelCache dms,
    DiscordInbox inbox,
    TimeProvider time,
    ILogger logger) : IReplySender
{
    internal const string CouldNotDm =
        "I couldn't send you a direct message. Please allow direct messages from server members (Privacy Settings), or message me directly, then try again.";

    public Platform Platform => Platform.Discord;

    public async Task SendAsync(ConversationKey key, ChatKind chat, IReadOnlyList<Reply> replies, CancellationToken cancellationToken)
    {
        foreach (var reply in replies)
        {
            await SendAsync(key, reply, null, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// From the outbox: each reply is confirmed once Discord answered it. The first goes through the interaction (within
    /// its 3 seconds); when the interaction is gone, as a channel message carrying the entry's nonce.
    /// </summary>
    public async Task SendAsync(ConversationKey key, ChatKind chat, IReadOnlyList<OutgoingReply> replies, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(replies);
        foreach (var reply in replies)
        {
            await SendAsync(key, reply.Reply, reply.Id, cancellationToken).ConfigureAwait(false);
            reply.Confirm();
        }
    }

    private async Task SendAsync(ConversationKey key, Reply reply, string? nonce, CancellationToken cancellationToken)
    {
        if (key != context.Key)
        {
            await channel.SendOneAsync(key, reply, cancellationToken, nonce).ConfigureAwait(false);
            return;
        }

        try
        {
            await SendOneAsync(reply, nonce, cancellationToken).ConfigureAwait(false);
        }
        catch (DiscordApiException ex)
        {
            DiscordAdapter.Log.ReplyFailed(logger, key.ToString(), reply.Key, (int)ex.Status, ex.Code, ex.GetType().Name);
        }
    }

    /// <summary>
    /// Answers with an ephemeral note only the presser sees (refusals, the move-to-DM note). Private by nature, so it never
    /// falls back to the channel: when Discord does not take it (too late, a server error) it is given up with a log line.
    /// Returns whether it was shown.
    /// </summary>
    public async Task<bool> RespondEphemeralAsync(string text, CancellationToken cancellationToken)
    {
        var payload = DiscordText.Payload(DiscordText.Single(text), null, ephemeral: true);
        try
        {
            if (context.TryClaim())
            {
                await rest.CreateInteractionResponseAsync(context.Interaction.Id, context.Interaction.Token,
                    new InteractionResponse { Type = 4, Data = payload }, cancellationToken).ConfigureAwait(false);
                return true;
            }

            if (context.TryConsumeDeferral())
            {
                await context.Deferred.ConfigureAwait(false);
                if (context.DeferFailed)
                {
                    Log.EphemeralGivenUp(logger, context.Interaction.Id, 0, null);
                    return false;
                }

                if (!context.IsComponent)
                {
                    // The deferred "thinking" message is public: remove it so the note stays private.
                    await rest.DeleteOriginalResponseAsync(context.Interaction.Token, cancellationToken).ConfigureAwait(false);
                }
            }

            await rest.CreateFollowupAsync(context.Interaction.Token, payload, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (DiscordApiException ex) when (IsLostInteraction(ex) || ex.Code == DiscordApiException.Codes.UnknownWebhook)
        {
            Log.EphemeralGivenUp(logger, context.Interaction.Id, (int)ex.Status, ex.Code);
            return false;
        }
    }

    /// <summary>
    /// Discord did not take the interaction response: too late (10062), already answered (40060), a server error or no
    /// answer within the window. Not retried (the 3-second window is gone); the reply goes another way or is given up.
    /// </summary>
    internal static bool IsLostInteraction(DiscordApiException ex) =>
        ex is not (DiscordUnauthorizedException or DiscordRestPausedException)
        && (ex.Code is DiscordApiException.Codes.UnknownInteraction or DiscordApiException.Codes.AlreadyAcknowledged
            || ex.Status == 0 || (int)ex.Status >= 500);

    private async Task SendOneAsync(Reply reply, string? nonce, CancellationToken cancellationToken)
    {
        if (reply is DataErasedReply)
        {
            // shows nothing, so it must not use up the interaction's one response
            await channel.SendOneAsync(context.Key, reply, cancellationToken, nonce).ConfigureAwait(false);
            return;
        }

        if (reply is MoveToPrivateReply move && context.IsGuild)
        {
            await MoveToPrivateAsync(move, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (reply is NoticeReply notice)
        {
            await RespondEphemeralAsync(notice.Text, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (context.TryClaim())
        {
            await RespondAsync(reply, nonce, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (context.TryConsumeDeferral())
        {
            await context.Deferred.ConfigureAwait(false);
            if (context.DeferFailed)
            {
                await channel.SendOneAsync(context.Key, reply, cancellationToken, nonce).ConfigureAwait(false); // no response to edit
                return;
            }

            await RespondAfterDeferralAsync(reply, nonce, cancellationToken).ConfigureAwait(false);
            return;
        }

        await channel.SendOneAsync(context.Key, reply, cancellationToken, nonce).ConfigureAwait(false);
    }

    private async Task RespondAsync(Reply reply, string? nonce, CancellationToken cancellationToken)
    {
        var key = context.Key;
        var owner = DiscordReplySender.OwnerFor(key);
        switch (reply)
        {
            case TextReply text:
                await RespondWithNewMessageAsync(text.Text, text.Choices, text.Slot, owner, nonce, cancellationToken).ConfigureAwait(false);
                break;

            case EditReply edit:
                var pressed = context.IsComponent ? context.Interaction.Message?.Id : null;
                var known = slots.TryGet(key, edit.Slot, out var slot);
                if (pressed is not null && known && slot.MessageId == pressed)
                {
                    // Update the pressed message in place (type 7).
                    var payload = DiscordText.Payload(DiscordText.Single(edit.Text), DiscordText.Buttons(edit.Choices, key, slot.Owner));
                    var (posted, viaChannel) = await CallbackAsync(7, payload, cancellationToken, nonce).ConfigureAwait(false);
                    if (!viaChannel)
                    {
                        slots.Set(key, edit.Slot, slot with { InteractionToken = context.Interaction.Token, TokenExpiresAt = context.TokenExpiresAt });
                    }
                    else if (posted is { Id.Length: > 0 })
                    {
                        slots.Set(key, edit.Slot, new SlotMessage(posted.ChannelId is { Length: > 0 } ch ? ch : key.ChatId, posted.Id, slot.Owner));
                    }
                    else
                    {
                        slots.Remove(key, edit.Slot);
                    }
                }
                else if (known)
                {
                    await CallbackAsync(context.IsComponent ? 6 : 5, null, cancellationToken).ConfigureAwait(false);
                    await channel.EditAsync(key, edit, cancellationToken, nonce).ConfigureAwait(false);
                    if (!context.IsComponent)
                    {
                        await rest.DeleteOriginalResponseAsync(context.Interaction.Token, cancellationToken).ConfigureAwait(false);
                    }
                }
                else
                {
                    await RespondWithNewMessageAsync(edit.Text, edit.Choices, edit.Slot, owner, nonce, cancellationToken).ConfigureAwait(false);
                }

                break;

            case FileReply:
                await CallbackAsync(context.IsComponent ? 6 : 5, null, cancellationToken).ConfigureAwait(false);
                await channel.SendOneAsync(key, reply, cancellationToken, nonce).ConfigureAwait(false);
                if (!context.IsComponent)
                {
                    await rest.DeleteOriginalResponseAsync(context.Interaction.Token, cancellationToken).ConfigureAwait(false);
                }

                break;

            case MoveToPrivateReply move: // already in private: just say it
                await RespondWithNewMessageAsync(move.Text, [], null, owner, nonce, cancellationToken).ConfigureAwait(false);
                break;

            default: // a reply type this adapter does not know: acknowledge, and let the channel sender log it
                await CallbackAsync(context.IsComponent ? 6 : 5, null, cancellationToken).ConfigureAwait(false);
                await channel.SendOneAsync(key, reply, cancellationToken, nonce).ConfigureAwait(false);
                break;
        }
    }

    private async Task RespondWithNewMessageAsync(string text, IReadOnlyList<ReplyChoice> choices, string? slot, string owner, string? nonce, CancellationToken cancellationToken)
    {
        var chunks = DiscordText.Chunk(text);
        var components = chunks.Count == 1 && choices.Count > 0 ? DiscordText.Buttons(choices, context.Key, owner) : null;
        var (message, viaChannel) = await CallbackAsync(4, DiscordText.Payload(chunks[0], components), cancellationToken, nonce).ConfigureAwait(false);
        if (chunks.Count > 1)
        {
            await channel.SendChunksAsync(context.Key, chunks.Skip(1).ToList(), choices, slot, cancellationToken, nonce, firstChunk: 1).ConfigureAwait(false);
            return;
        }

        if (slot is null)
        {
            return;
        }

        if (message is { Id.Length: > 0 })
        {
            slots.Set(context.Key, slot, viaChannel
                ? new SlotMessage(message.ChannelId is { Length: > 0 } posted ? posted : context.Key.ChatId, message.Id, owner)
                : new SlotMessage(message.ChannelId is { Length: > 0 } ch ? ch : context.Key.ChatId, message.Id, owner, context.Interaction.Token, context.TokenExpiresAt));
        }
        else
        {
            // No id came back: an older message of this slot must not be edited later; the next edit sends a new one.
            slots.Remove(context.Key, slot);
            Log.SlotIdMissing(logger, context.Key.ToString(), slot);
        }
    }

    private async Task RespondAfterDeferralAsync(Reply reply, string? nonce, CancellationToken cancellationToken)
    {
        var key = context.Key;
        var owner = DiscordReplySender.OwnerFor(key);
        if (context.IsComponent)
        {
            // Type 6 left the pressed message as it was; everything else goes through the channel (or the webhook for slots).
            await channel.SendOneAsync(key, reply, cancellationToken, nonce).ConfigureAwait(false);
            return;
        }

        switch (reply)
        {
            case TextReply { Text.Length: <= DiscordText.MaxContent } text when DiscordText.Chunk(text.Text).Count == 1:
                await EditOriginalAsync(text.Text, text.Choices, text.Slot, owner, cancellationToken).ConfigureAwait(false);
                break;
            case EditReply edit when !slots.TryGet(key, edit.Slot, out _):
                await EditOriginalAsync(edit.Text, edit.Choices, edit.Slot, owner, cancellationToken).ConfigureAwait(false);
                break;
            default:
                await channel.SendOneAsync(key, reply, cancellationToken, nonce).ConfigureAwait(false);
                await rest.DeleteOriginalResponseAsync(context.Interaction.Token, cancellationToken).ConfigureAwait(false);
                break;
        }
    }

    private async Task EditOriginalAsync(string text, IReadOnlyList<ReplyChoice> choices, string? slot, string owner, CancellationToken cancellationToken)
    {
        var components = choices.Count > 0 ? DiscordText.Buttons(choices, context.Key, owner) : null;
        DiscordMessage? message = await rest.EditOriginalResponseAsync(context.Interaction.Token, DiscordText.Payload(DiscordText.Single(text), components), cancellationToken).ConfigureAwait(false);
        if (slot is null)
        {
            return;
        }

        if (message is { Id.Length: > 0 })
        {
            slots.Set(context.Key, slot, new SlotMessage(context.Key.ChatId, message.Id, owner, context.Interaction.Token, context.TokenExpiresAt));
        }
        else
        {
            slots.Remove(context.Key, slot);
            Log.SlotIdMissing(logger, context.Key.ToString(), slot);
        }
    }

    /// <summary>
    /// The one interaction response. When Discord does not take it (see <see cref="IsLostInteraction"/>) a message
    /// response is posted in the channel instead so nothing is lost; ViaChannel says the message is that post.
    /// </summary>
    private async Task<(DiscordMessage? Message, bool ViaChannel)> CallbackAsync(int type, MessagePayload? data, CancellationToken cancellationToken, string? nonce = null)
    {
        try
        {
            return (await rest.CreateInteractionResponseAsync(context.Interaction.Id, context.Interaction.Token,
                new InteractionResponse { Type = type, Data = data }, cancellationToken).ConfigureAwait(false), false);
        }
        catch (DiscordApiException ex) when (IsLostInteraction(ex))
        {
            // Too late, already answered or Discord failed: say it in the channel instead so nothing is lost.
            Log.InteractionAckFailed(logger, context.Interaction.Id, (int)ex.Status, ex.Code);
            if (data?.Content is { Length: > 0 } content && type is 4 or 7)
            {
                DiscordMessage? posted = await rest.CreateMessageAsync(context.Key.ChatId, DiscordText.WithNonce(DiscordText.Payload(content, data.Components), nonce), cancellationToken).ConfigureAwait(false);
                return (posted, true);
            }

            return (null, false);
        }
    }

    private async Task MoveToPrivateAsync(MoveToPrivateReply move, CancellationToken cancellationToken)
    {
        string? dm;
        try
        {
            dm = await dms.GetAsync(context.UserId, cancellationToken).ConfigureAwait(false);
        }
        catch (DiscordApiException ex) when (ex is not DiscordUnauthorizedException)
        {
            Log.DmOpenFailed(logger, (int)ex.Status, ex.Code);
            dm = null;
        }

        // Say it in the channel first (the interaction's deadline is running), then start the flow in the DM. A note
        // Discord did not take (late, 5xx) is given up: the DM flow still starts, and its first message says it all.
        try
        {
            await RespondEphemeralAsync(dm is null ? CouldNotDm : move.Text, cancellationToken).ConfigureAwait(false);
        }
        catch (DiscordApiException ex) when (ex is not DiscordUnauthorizedException)
        {
            Log.EphemeralGivenUp(logger, context.Interaction.Id, (int)ex.Status, ex.Code);
        }

        if (dm is not null)
        {
            inbox.Submit(new CommandReceived(
                ConversationKey.Private(Platform.Discord, dm, context.UserId), ChatKind.Private, context.UserId, time.GetUtcNow(),
                context.Interaction.Id + ":dm", Core.Commands.BotCommands.Start, move.StartPayload));
            Log.MovedToPrivate(logger, context.Key.ToString(), move.StartPayload);
        }
    }
}

internal static partial class Log
{
    [LoggerMessage(3502, LogLevel.Information, "Discord personal flow from {Conversation} moved to a DM (start {StartPayload})")]
    public static partial void MovedToPrivate(ILogger logger, string conversation, string startPayload);

    [LoggerMessage(3504, LogLevel.Warning, "Discord private note for interaction {InteractionId} given up: {Status} (code {Code}); never posted in the channel instead")]
    public static partial void EphemeralGivenUp(ILogger logger, string interactionId, int status, int? code);

    [LoggerMessage(3505, LogLevel.Debug, "Discord returned no message id for slot {Slot} in {Conversation}; the slot is forgotten so its next edit sends a new message")]
    public static partial void SlotIdMissing(ILogger logger, string conversation, string slot);

    [LoggerMessage(3503, LogLevel.Warning, "Discord could not open a DM: {Status} (code {Code})")]
    public static partial void DmOpenFailed(ILogger logger, int status, int? code);
}
