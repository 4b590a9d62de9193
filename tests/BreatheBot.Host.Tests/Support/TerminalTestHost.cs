using BreatheBot.TerminalAdapter;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace BreatheBot.Host.Tests;

/// <summary>
/// The real host in terminal mode for end-to-end tests: a LiteDB diary and the terminal's files in a temporary folder
/// of its own (deleted on dispose), no platform tokens, the test's <see cref="LineTerminal"/> and clock.
/// </summary>
internal sealed class TerminalTestHost(string prefix) : IDisposable
{
    /// <summary>The temporary folder holding the diary (<c>diary.db</c>) and the terminal's files.</summary>
    public string Folder { get; } = Directory.CreateTempSubdirectory(prefix).FullName;

    public IHost Build(LineTerminal terminal, TimeProvider time)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Storage:Path"] = Path.Combine(Folder, "diary.db"),
            ["Terminal:FilesDirectory"] = Path.Combine(Folder, "files"),
            ["Telegram:BotToken"] = string.Empty,
            ["Discord:BotToken"] = string.Empty,
        };
        var builder = BreatheBotHost.CreateBuilder([], config => config.AddInMemoryCollection(settings));
        builder.Services.Replace(ServiceDescriptor.Singleton<ITerminal>(terminal));
        builder.Services.Replace(ServiceDescriptor.Singleton(time));
        return builder.Build();
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
