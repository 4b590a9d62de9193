using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BreatheBot.Storage.LiteDb.Tests.Support;

/// <summary>A database file in its own temp folder, deleted afterwards. Open() can be called again to simulate a restart.</summary>
internal sealed class TempDatabase : IDisposable
{
    public TempDatabase()
    {
        Folder = Directory.CreateTempSubdirectory("breathebot-db-").FullName;
        Path = System.IO.Path.Combine(Folder, "diary.db");
    }

    public string Folder { get; }

    public string Path { get; }

    public DiaryDatabase Open(string? password = null) =>
        new(Options.Create(new LiteDbOptions { Path = Path, Password = password }), NullLogger<DiaryDatabase>.Instance);

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
