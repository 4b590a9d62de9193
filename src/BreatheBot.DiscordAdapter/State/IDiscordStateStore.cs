using System.Text.Json;
using BreatheBot.Core.Files;
using BreatheBot.DiscordAdapter.Model;
using Microsoft.Extensions.Options;

namespace BreatheBot.DiscordAdapter.State;

/// <summary>
/// The little the adapter must remember across restarts: Identify timestamps of the last 24 h (Discord resets the token at
/// 1000 a day), the hash of the last registered command set, and which guild channels the bot has worked in (so removing
/// the bot from a guild stops every channel's schedules). One node keeps it in a file (<see cref="FileDiscordStateStore"/>);
/// in cluster mode every node shares it (<see cref="SharedDocumentDiscordStateStore"/>), with the gateway sessions too.
/// </summary>
internal interface IDiscordStateStore
{
    Task<DiscordStateDocument> LoadAsync(CancellationToken cancellationToken);

    Task SaveAsync(DiscordStateDocument state, CancellationToken cancellationToken);

    /// <summary>Reads, changes and writes the document as one step, so writers of different parts never lose each other's changes.</summary>
    Task UpdateAsync(Action<DiscordStateDocument> change, CancellationToken cancellationToken);

    /// <summary>
    /// True when other nodes read and write the same state (cluster mode): the gateway session is then kept in it, so
    /// the node taking a shard over resumes it, and a node that stops hands its session over instead of ending it.
    /// </summary>
    bool SharedAcrossNodes => false;
}

internal sealed class InMemoryDiscordStateStore : IDiscordStateStore
{
    private string _json = "{}";

    public Task<DiscordStateDocument> LoadAsync(CancellationToken cancellationToken) =>
        Task.FromResult(JsonSerializer.Deserialize(_json, DiscordJsonContext.Default.DiscordStateDocument) ?? new DiscordStateDocument());

    public Task SaveAsync(DiscordStateDocument state, CancellationToken cancellationToken)
    {
        lock (this)
        {
            _json = JsonSerializer.Serialize(state, DiscordJsonContext.Default.DiscordStateDocument);
        }

        return Task.CompletedTask;
    }

    public Task UpdateAsync(Action<DiscordStateDocument> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        lock (this)
        {
            var state = JsonSerializer.Deserialize(_json, DiscordJsonContext.Default.DiscordStateDocument) ?? new DiscordStateDocument();
            change(state);
            _json = JsonSerializer.Serialize(state, DiscordJsonContext.Default.DiscordStateDocument);
        }

        return Task.CompletedTask;
    }
}

/// <summary>A small JSON file, written atomically (temp file + move). A missing or unreadable file starts empty.</summary>
internal sealed class FileDiscordStateStore : IDiscordStateStore
{
    private readonly string _path;
    private readonly SemaphoreSlim _lock = new(1, 1);

    /// <summary>The host has already taken a relative path from the data directory, like <c>Storage:Path</c>.</summary>
    public FileDiscordStateStore(IOptions<DiscordOptions> options)
        : this(Path.GetFullPath(options.Value.StateFile))
    {
    }

    internal FileDiscordStateStore(string path) => _path = path;

    public async Task<DiscordStateDocument> LoadAsync(CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _lock.Release();
        }
    }

    public async Task SaveAsync(DiscordStateDocument state, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await WriteAsync(state, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _lock.Release();
        }
    }

    public async Task UpdateAsync(Action<DiscordStateDocument> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var state = await ReadAsync(cancellationToken).ConfigureAwait(false);
            change(state);
            await WriteAsync(state, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _lock.Release();
        }
    }

    private async Task<DiscordStateDocument> ReadAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(_path))
        {
            return new DiscordStateDocument();
        }

        try
        {
            await using var stream = File.OpenRead(_path);
            return await JsonSerializer.DeserializeAsync(stream, DiscordJsonContext.Default.DiscordStateDocument, cancellationToken).ConfigureAwait(false)
                ?? new DiscordStateDocument();
        }
        catch (JsonException)
        {
            return new DiscordStateDocument();
        }
    }

    private async Task WriteAsync(DiscordStateDocument state, CancellationToken cancellationToken)
    {
        var temp = _path + ".tmp";
        await PrivateFiles.WriteAllBytesAsync(temp, JsonSerializer.SerializeToUtf8Bytes(state, DiscordJsonContext.Default.DiscordStateDocument), cancellationToken).ConfigureAwait(false);
        File.Move(temp, _path, overwrite: true);
    }
}
