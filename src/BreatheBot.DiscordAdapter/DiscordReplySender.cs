using BreatheBot.Core.Conversations;
using BreatheBot.Core.Messaging;
using BreatheBot.Core.Outbox;
using BreatheBot.DiscordAdapter.Interactions;
using BreatheBot.DiscordAdapter.Model;
using BreatheBot.DiscordAdapter.Rest;
using Microsoft.Extensions.Logging;

namespace BreatheBot.DiscordAdapter;

/// <summary>
/// The core's outbound side for Discord when no interaction is being answered (timer ticks, follow-ups, the DM flow
/// started from a channel, the welcome): renders replies as channel messages. Platform errors are logged, not thrown.
/// </summary>
internal sealed class DiscordReplySender(
    IDiscordRestClient rest,
    SlotRegistry slots,
    TimeProvider time,
    ILogger<DiscordReplySender> logger) : IReplySender
{
    public Platform Platform => Platform.Discord;

    public async Task SendAsync(ConversationKey key, ChatKind chat, IReadOnlyList<Reply> replies, CancellationToken cancellationToken)
    {
        foreach (var reply in replies)
        {
            await SendOneAsync(key, reply, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>From the outbox: each reply is confirmed as soon as Discord answered its calls; new messages carry its nonce.</summary>
    public async Task SendAsync(ConversationKey key, ChatKind chat, IReadOnlyList<OutgoingReply> replies, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(replies);
        foreach (var reply in replies)
        {
            await SendOneAsync(key, reply.Reply, cancellationToken, reply.Id).ConfigureAwait(false);
            reply.Confirm();
        }
    }

    /// <summary>
    /// Sends one reply as channel messages; platform errors are logged. <paramref name="nonce"/> (the outbox entry's id)
    /// makes a repeat of the same send show once.
    /// </summary>
    internal async Task SendOneAsync(ConversationKey key, Reply reply, CancellationToken cancellationToken, string? nonce = null)
    {
        try
        {
            switch (reply)
            {
                case TextReply text:
                    await SendTextAsync(key, text.Text, text.Choices, text.Slot, cancellationToken, nonce).ConfigureAwait(false);
                    break;
                case EditReply edit:
                    await EditAsync(key, edit, cancellationToken, nonce).ConfigureAwait(false);
                    break;
                case MoveToPrivateReply move:
                    // Without an interaction we do not know who asked; say it in the channel (no health data) without a DM.
                    Log.MoveWithoutInteraction(logger, key.ToString(), move.Key);
                    await SendTextAsync(key, move.Text, [], null, cancellationToken, nonce).ConfigureAwait(false);
                    break;
                case NoticeReply notice when !key.IsChannel:
                    await SendTextAsync(key, notice.Text, [], null, cancellationToken, nonce).ConfigureAwait(false);
                    break;
                case NoticeReply notice:
                    // Only an interaction can show a note to one person in a channel; without one there is nobody to tell.
                    Log.NoticeWithoutInteraction(logger, key.ToString(), notice.Key);
                    break;
                case FileReply file:
                    await rest.CreateMessageWithFileAsync(
                        key.ChatId,
                        DiscordText.WithNonce(DiscordText.Payload(file.Caption is null ? "" : DiscordText.Single(file.Caption), null), nonce),
                        file.FileName,
                        file.ContentType,
                        file.Content,
                        cancellationToken).ConfigureAwait(false);
                    break;
                case DataErasedReply:
                    break; // Discord keeps the person's messages itself; this adapter stores nothing of theirs on disk
                default:
                    Log.UnknownReply(logger, reply.GetType().Name);
                    break;
            }
        }
        catch (DiscordApiException ex)
        {
            Log.ReplyFailed(logger, key.ToString(), reply.Key, (int)ex.Status, ex.Code, ex.GetType().Name);
        }
    }

    /// <summary>
    /// Whose buttons these are: in a DM the person's; in a channel the channel's shared conversation (anyone there may
    /// press, e.g. Join; the core decides who may do what, with <see cref="InboundEvent.SenderIsAdmin"/>).
    /// </summary>
    internal static string OwnerFor(ConversationKey key) => key.IsChannel ? CustomIds.AnyOwner : key.UserId;

    internal Task<DiscordMessage?> SendTextAsync(
        ConversationKey key, string text, IReadOnlyList<ReplyChoice> choices, string? slot, CancellationToken cancellationToken, string? nonce = null) =>
        SendChunksAsync(key, DiscordText.Chunk(text), choices, slot, cancellationToken, nonce);

    /// <summary>Sends already escaped chunks; the buttons go on the last one. Chunk i carries the nonce's i-th form.</summary>
    internal async Task<DiscordMessage?> SendChunksAsync(
        ConversationKey key, IReadOnlyList<string> chunks, IReadOnlyList<ReplyChoice> choices, string? slot, CancellationToken cancellationToken,
        string? nonce = null, int firstChunk = 0)
    {
        var buttonOwner = OwnerFor(key);
        DiscordMessage? last = null;
        for (var i = 0; i < chunks.Count; i++)
        {
            var isLast = i == chunks.Count - 1;
            var components = isLast && choices.Count > 0 ? DiscordText.Buttons(choices, key, buttonOwner) : null;
            if (chunks[i].Length == 0 && components is null)
            {
                continue;
            }

            last = await rest.CreateMessageAsync(key.ChatId, DiscordText.WithNonce(DiscordText.Payload(chunks[i], components), nonce, firstChunk + i), cancellationToken).ConfigureAwait(false);
        }

        if (slot is not null && last is { Id.Length: > 0 })
        {
            slots.Set(key, slot, new SlotMessage(key.ChatId, last.Id, buttonOwner));
        }
        else if (slot is not null)
        {
            slots.Remove(key, slot); // no id came back: never edit an older message of this slot later
        }

        return last;
    }

    internal async Task EditAsync(ConversationKey key, EditReply edit, CancellationToken cancellationToken, string? nonce = null)
    {
        if (!slots.TryGet(key, edit.Slot, out var existing))
        {
            await SendTextAsync(key, edit.Text, edit.Choices, edit.Slot, cancellationToken, nonce).ConfigureAwait(false);
            return;
        }

        var payload = DiscordText.Payload(DiscordText.Single(edit.Text), DiscordText.Buttons(edit.Choices, key, existing.Owner));
        try
        {
            if (existing.InteractionToken is { } token && time.GetUtcNow() < existing.TokenExpiresAt)
            {
                await rest.EditWebhookMessageAsync(token, existing.MessageId, payload, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await rest.EditMessageAsync(existing.ChannelId, existing.MessageId, payload, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (DiscordApiException ex) when (ex is not (DiscordUnauthorizedException or DiscordRestPausedException)
                                             && ex.Status is System.Net.HttpStatusCode.NotFound or System.Net.HttpStatusCode.Forbidden)
        {
            // The message is gone or not ours to edit: the core's contract says send a new one.
            slots.Remove(key, edit.Slot);
            await SendTextAsync(key, edit.Text, edit.Choices, edit.Slot, cancellationToken, nonce).ConfigureAwait(false);
        }
    }
}

internal static partial class Log
{
    [LoggerMessage(3400, LogLevel.Warning, "Discord reply {ReplyKey} to {Conversation} failed with {Status} (code {Code}, {ErrorType})")]
    public static partial void ReplyFailed(ILogger logger, string conversation, string replyKey, int status, int? code, string errorType);

    [LoggerMessage(3401, LogLevel.Warning, "Discord cannot render reply type {ReplyType}")]
    public static partial void UnknownReply(ILogger logger, string replyType);

    [LoggerMessage(3413, LogLevel.Debug, "Notice {ReplyKey} for {Conversation} came without an interaction; not shown")]
    public static partial void NoticeWithoutInteraction(ILogger logger, string conversation, string replyKey);

    [LoggerMessage(3402, LogLevel.Information, "Move-to-private reply {ReplyKey} for {Conversation} came without an interaction; posted in the channel only")]
    public static partial void MoveWithoutInteraction(ILogger logger, string conversation, string replyKey);
}
