using BreatheBot.Storage.Contract;
using BreatheBot.Storage.LiteDb.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace BreatheBot.Storage.LiteDb.Tests;

/// <summary>The store contract (tests/Shared/StoreContract) on LiteDB: each test on its own diary file.</summary>
public sealed class LiteDbStoreContractTests : StoreContract, IDisposable
{
    private readonly TempDatabase _file = new();

    protected override Task<StoreSession> OpenAsync()
    {
        var database = _file.Open();
        return Task.FromResult(new StoreSession(
            new LiteDbConversationStore(database, NullLogger<LiteDbConversationStore>.Instance),
            new LiteDbEpisodeStore(database),
            () =>
            {
                database.Dispose();
                return ValueTask.CompletedTask;
            }));
    }

    protected override Task CleanUpAsync()
    {
        _file.Dispose();
        return Task.CompletedTask;
    }

    public void Dispose() => _file.Dispose();
}
