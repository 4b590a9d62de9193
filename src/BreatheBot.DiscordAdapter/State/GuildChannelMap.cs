using BreatheBot.DiscordAdapter.Model;
using Microsoft.Extensions.Logging;

namespace BreatheBot.DiscordAdapter.State;

/// <summary>
/// Which channels of which guild hold a BreatheBot conversation (a command or button was used there, or the welcome was
/// posted there). When the bot is removed from a guild (GUILD_DELETE without <c>unavailable</c>) every one of them is told,
/// so each channel's schedules stop. Kept in memory for the router (which does no I/O) and written to the state file in
/// the background whenever it changes, so it survives restarts. A write replaces only the guilds that changed here, so
/// nodes owning different shards (different guilds) never overwrite each other's guilds in the shared state; a node that
/// takes a shard over reloads the map (<see cref="ReloadAsync"/>).
/// Bounded: at most <see cref="MaxGuilds"/> guilds (a shard holds at most 2,500) and <see cref="MaxChannelsPerGuild"/>
/// channels each (threads are channels too); beyond that the least recently used is forgotten, and only means that
/// channel is not told when the bot is removed (its next post fails and is logged; its settings expire as usual).
/// </summary>
internal sealed class GuildChannelMap(IDiscordStateStore store, ILogger<GuildChannelMap> logger)
{
    internal const int MaxGuilds = 10_000;
    internal const int MaxChannelsPerGuild = 1_000;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Dictionary<string, long>> _channels = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _guildUse = new(StringComparer.Ordinal);
    private long _uses;
    private readonly SemaphoreSlim _changed = new(0, 1);
    private readonly HashSet<string> _pending = new(StringComparer.Ordinal); // guilds changed (or forgotten) since the last write
    private bool _dirty;

    /// <summary>Reads the stored map (merged with anything remembered before, which wins).</summary>
    public Task LoadAsync(CancellationToken cancellationToken) => LoadAsync(replace: false, cancellationToken);

    /// <summary>
    /// Writes what changed here, then replaces the map with the stored one: a node taking a shard over starts from what
    /// the shard's last owner wrote, not from what it read at its own start.
    /// </summary>
    public async Task ReloadAsync(CancellationToken cancellationToken)
    {
        await FlushAsync(cancellationToken).ConfigureAwait(false);
        await LoadAsync(replace: true, cancellationToken).ConfigureAwait(false);
    }

    private async Task LoadAsync(bool replace, CancellationToken cancellationToken)
    {
        DiscordStateDocument state;
        try
        {
            state = await store.LoadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Data.Common.DbException or TimeoutException)
        {
            Log.GuildChannelsNotRead(logger, ex.GetType().Name);
            return;
        }

        lock (_lock)
        {
            if (replace && !_dirty)
            {
                _channels.Clear();
                _guildUse.Clear();
            }

            var pendingBefore = new HashSet<string>(_pending, StringComparer.Ordinal);
            foreach (var (guild, channels) in state.GuildChannels ?? [])
            {
                foreach (var channel in channels)
                {
                    Add(guild, channel);
                }
            }

            // what was read is not a change of ours: only guilds evicted while loading are written back (removed)
            _pending.RemoveWhere(g => !pendingBefore.Contains(g) && _channels.ContainsKey(g));
        }
    }

    /// <summary>Remembers a channel of a guild; no I/O (the write happens in <see cref="RunAsync"/>).</summary>
    public void Remember(string guildId, string channelId)
    {
        lock (_lock)
        {
            if (Add(guildId, channelId))
            {
                MarkChanged();
            }
        }
    }

    /// <summary>How many channels are remembered in all (for tests and diagnostics).</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _channels.Values.Sum(c => c.Count);
            }
        }
    }

    public int GuildCount
    {
        get
        {
            lock (_lock)
            {
                return _channels.Count;
            }
        }
    }

    /// <summary>Adds (or touches) a channel under the lock; true when the set of channels changed.</summary>
    private bool Add(string guildId, string channelId)
    {
        var use = ++_uses;
        _guildUse[guildId] = use;
        if (!_channels.TryGetValue(guildId, out var channels))
        {
            _channels[guildId] = channels = new Dictionary<string, long>(StringComparer.Ordinal);
            if (_channels.Count > MaxGuilds)
            {
                var oldest = _guildUse.MinBy(p => p.Value).Key;
                _channels.Remove(oldest);
                _guildUse.Remove(oldest);
                _pending.Add(oldest);
            }
        }

        var added = !channels.ContainsKey(channelId);
        channels[channelId] = use;
        if (channels.Count > MaxChannelsPerGuild)
        {
            channels.Remove(channels.MinBy(p => p.Value).Key);
        }

        if (added)
        {
            _pending.Add(guildId);
        }

        return added;
    }

    /// <summary>Forgets a guild and returns the channels remembered for it; no I/O.</summary>
    public IReadOnlyList<string> Forget(string guildId)
    {
        lock (_lock)
        {
            _guildUse.Remove(guildId);
            if (!_channels.Remove(guildId, out var set))
            {
                return [];
            }

            _pending.Add(guildId);
            MarkChanged();
            return [.. set.Keys.Order(StringComparer.Ordinal)];
        }
    }

    public IReadOnlyList<string> ChannelsOf(string guildId)
    {
        lock (_lock)
        {
            return _channels.TryGetValue(guildId, out var set) ? [.. set.Keys.Order(StringComparer.Ordinal)] : [];
        }
    }

    /// <summary>Writes changes to the state file until cancelled, then writes once more if anything is pending.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                await _changed.WaitAsync(cancellationToken).ConfigureAwait(false);
                await FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await FlushAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Writes the guilds that changed since the last write (a forgotten guild is removed); the stored guilds of other
    /// nodes' shards stay as they are.
    /// </summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        Dictionary<string, List<string>?> changes;
        lock (_lock)
        {
            if (!_dirty)
            {
                return;
            }

            _dirty = false;
            changes = _pending.ToDictionary(
                g => g,
                g => _channels.TryGetValue(g, out var set) ? set.Keys.Order(StringComparer.Ordinal).ToList() : null,
                StringComparer.Ordinal);
            _pending.Clear();
        }

        try
        {
            await store.UpdateAsync(state =>
            {
                var stored = state.GuildChannels ?? new Dictionary<string, List<string>>(StringComparer.Ordinal);
                foreach (var (guild, channels) in changes)
                {
                    if (channels is null)
                    {
                        stored.Remove(guild);
                    }
                    else
                    {
                        stored[guild] = channels;
                    }
                }

                state.GuildChannels = stored;
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Data.Common.DbException or TimeoutException)
        {
            lock (_lock)
            {
                _dirty = true; // try again with the next change or at stop
                _pending.UnionWith(changes.Keys);
            }

            Log.GuildChannelsNotSaved(logger, ex.GetType().Name);
        }
    }

    private void MarkChanged()
    {
        _dirty = true;
        if (_changed.CurrentCount == 0)
        {
            try
            {
                _changed.Release();
            }
            catch (SemaphoreFullException)
            {
                // already signalled
            }
        }
    }
}

internal static partial class Log
{
    [LoggerMessage(3414, LogLevel.Warning, "The Discord guild channel list could not be written to the state file ({ErrorType}); retried on the next change")]
    public static partial void GuildChannelsNotSaved(ILogger logger, string errorType);

    [LoggerMessage(3416, LogLevel.Warning, "The Discord guild channel list could not be read from the state file ({ErrorType}); starting without it")]
    public static partial void GuildChannelsNotRead(ILogger logger, string errorType);
}
