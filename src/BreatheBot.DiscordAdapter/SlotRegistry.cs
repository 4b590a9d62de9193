using System.Collections.Concurrent;
using System.Threading.Channels;
using BreatheBot.Core.Conversations;
using BreatheBot.Core.Messaging;
using BreatheBot.DiscordAdapter.Rest;

namespace BreatheBot.DiscordAdapter;

/// <summary>
/// A message that later <see cref="EditReply"/>s update in place. Messages created as interaction responses are edited
/// through the interaction webhook while its token lives (15 minutes), otherwise through the channel.
/// </summary>
internal sealed record SlotMessage(string ChannelId, string MessageId, string Owner, string? InteractionToken = null, DateTimeOffset TokenExpiresAt = default);

/// <summary>Slot name → message, per conversation. In memory: after a restart an edit sends a new message (the core's contract).</summary>
internal sealed class SlotRegistry
{
    private readonly ConcurrentDictionary<(ConversationKey Key, string Slot), SlotMessage> _slots = new();

    public bool TryGet(ConversationKey key, string slot, out SlotMessage message) => _slots.TryGetValue((key, slot), out message!);

    public void Set(ConversationKey key, string slot, SlotMessage message) => _slots[(key, slot)] = message;

    public void Remove(ConversationKey key, string slot) => _slots.TryRemove((key, slot), out _);
}

/// <summary>DM channel per user, opened once (opening DMs is rate limited and abuse-sensitive).</summary>
internal sealed class DmChannelCache(IDiscordRestClient rest)
{
    private readonly ConcurrentDictionary<string, string> _channels = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _owners = new(StringComparer.Ordinal);

    public void Remember(string userId, string channelId)
    {
        _channels[userId] = channelId;
        _owners.TryAdd(channelId, userId);
    }

    /// <summary>
    /// True when the DM channel is known to be another person's (a DM channel is one person with the bot). Discord never
    /// sends such an event; a forged or corrupted one must not act in, or make the bot write to, that person's DM.
    /// </summary>
    public bool BelongsToSomeoneElse(string channelId, string userId) =>
        _owners.TryGetValue(channelId, out var owner) && !string.Equals(owner, userId, StringComparison.Ordinal);

    public async Task<string> GetAsync(string userId, CancellationToken cancellationToken)
    {
        if (_channels.TryGetValue(userId, out var id))
        {
            return id;
        }

        var channel = await rest.CreateDmAsync(userId, cancellationToken).ConfigureAwait(false);
        _channels[userId] = channel.Id;
        _owners[channel.Id] = userId; // Discord's own answer: authoritative
        return channel.Id;
    }
}

/// <summary>
/// Events the adapter itself raises (the <c>/start</c> that opens a DM flow after a channel command), handled by the
/// dispatcher like gateway events, so a reply sender never calls the core re-entrantly.
/// </summary>
internal sealed class DiscordInbox
{
    private readonly Channel<InboundEvent> _events = Channel.CreateUnbounded<InboundEvent>(new UnboundedChannelOptions { SingleReader = true });

    public ChannelReader<InboundEvent> Reader => _events.Reader;

    public void Submit(InboundEvent inbound) => _events.Writer.TryWrite(inbound);
}
