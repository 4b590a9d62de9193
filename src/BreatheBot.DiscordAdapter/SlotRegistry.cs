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

/// <summary>
/// Slot name → message, per conversation. In memory and bounded (<see cref="Capacity"/> entries, each kept
/// <see cref="MaxAge"/> after its last use): a forgotten slot (after a restart, or evicted) makes the next edit send a
/// new message, which is the core's contract.
/// </summary>
internal sealed class SlotRegistry
{
    internal const int Capacity = 20_000;
    internal static readonly TimeSpan MaxAge = TimeSpan.FromHours(24);
    private readonly BoundedMap<(ConversationKey Key, string Slot), SlotMessage> _slots;

    public SlotRegistry(TimeProvider time)
        : this(time, Capacity, MaxAge)
    {
    }

    internal SlotRegistry(TimeProvider time, int capacity, TimeSpan maxAge) => _slots = new(capacity, maxAge, time);

    public int Count => _slots.Count;

    public bool TryGet(ConversationKey key, string slot, out SlotMessage message) => _slots.TryGetValue((key, slot), out message!);

    public void Set(ConversationKey key, string slot, SlotMessage message) => _slots.Set((key, slot), message);

    public void Remove(ConversationKey key, string slot) => _slots.Remove((key, slot));
}

/// <summary>
/// DM channel per user, opened once (opening DMs is rate limited and abuse-sensitive), and the owner of each known DM
/// channel. Both maps are bounded (<see cref="Capacity"/> people, <see cref="MaxAge"/> since last use): a forgotten
/// person's DM channel is opened again through REST (Discord returns the same channel), and a forgotten owner is
/// learnt again from the next event or REST answer.
/// </summary>
internal sealed class DmChannelCache
{
    internal const int Capacity = 20_000;
    internal static readonly TimeSpan MaxAge = TimeSpan.FromDays(7);
    private readonly IDiscordRestClient _rest;
    private readonly BoundedMap<string, string> _channels;
    private readonly BoundedMap<string, string> _owners;

    public DmChannelCache(IDiscordRestClient rest, TimeProvider time)
        : this(rest, time, Capacity, MaxAge)
    {
    }

    internal DmChannelCache(IDiscordRestClient rest, TimeProvider time, int capacity, TimeSpan maxAge)
    {
        _rest = rest;
        _channels = new(capacity, maxAge, time, StringComparer.Ordinal);
        _owners = new(capacity, maxAge, time, StringComparer.Ordinal);
    }

    public int ChannelCount => _channels.Count;

    public int OwnerCount => _owners.Count;

    public void Remember(string userId, string channelId)
    {
        _channels.Set(userId, channelId);
        if (!_owners.TryAdd(channelId, userId))
        {
            _owners.TryGetValue(channelId, out _); // a use: keeps the known owner
        }
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

        var channel = await _rest.CreateDmAsync(userId, cancellationToken).ConfigureAwait(false);
        _channels.Set(userId, channel.Id);
        _owners.Set(channel.Id, userId); // Discord's own answer: authoritative
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
