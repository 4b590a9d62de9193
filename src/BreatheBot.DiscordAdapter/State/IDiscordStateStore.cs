using System.Text.Json;
using BreatheBot.DiscordAdapter.Model;
using Microsoft.Extensions.Options;

namespace BreatheBot.DiscordAdapter.State;

/// <summary>
/// The little the adapter must remember across restarts: Identify timestamps of the last 24 h (Discord resets the token at
/// 1000 a day) and the hash of the last registered command set.
/// </summary>
internal interface IDiscordStateStore
{
    Task<DiscordStateDocument> LoadAsync(CancellationToken cancellationToken);

    Task SaveAsync(DiscordStateDocument state, CancellationToken cancellationToken);
}

internal sealed class InMemoryDiscordStateStore : IDiscordStateStore
{
    private string _json = "{}";

    public Task<DiscordStateDocument> LoadAsync(CancellationToken cancellationToken) =>
        Task.FromResult(JsonSerializer.Deserialize(_json, DiscordJsonContext.Default.DiscordStateDocument) ?? new DiscordStateDocument());

    public Task SaveAsync(DiscordStateDocument state, CancellationToken cancellationToken)
    {
        _json = JsonSerializer.Serialize(state, DiscordJsonContext.Default.DiscordStateDocument);
        return Task.CompletedTask;
    }
}

/// <summary>A small JSON file, written atomically (temp file + move). A missing or unreadable file starts empty.</summary>
internal sealed class FileDiscordStateStore : IDiscordStateStore
{
    private readonly string _path;
    private readonly SemaphoreSlim _lock = new(1, 1);

    /// <summary>A relative path is taken from the current directory, like <c>Storage:Path</c>.</summary>
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
            if (!File.Exists(_path))
            {
                return new DiscordStateDocument();
            }

            await using var stream = File.OpenRead(_path);
            return await JsonSerializer.DeserializeAsync(stream, DiscordJsonContext.Default.DiscordStateDocument, cancellationToken).ConfigureAwait(false)
                ?? new DiscordStateDocument();
        }
        catch (JsonException)
        {
            return new DiscordStateDocument();
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
            var directory = Path.GetDirectoryName(Path.GetFullPath(_path));
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }

            var temp = _path + ".tmp";
            await File.WriteAllBytesAsync(temp, JsonSerializer.SerializeToUtf8Bytes(state, DiscordJsonContext.Default.DiscordStateDocument), cancellationToken).ConfigureAwait(false);
            File.Move(temp, _path, overwrite: true);
        }
        finally
        {
            _lock.Release();
        }
    }
}
