using BreatheBot.Storage.Contract;
using BreatheBot.TestSupport.Postgres;
using Microsoft.Extensions.Logging.Abstractions;

namespace BreatheBot.Storage.PostgreSql.Tests;

/// <summary>The store contract (tests/Shared/StoreContract) on PostgreSQL: one database for the class, emptied before each test.</summary>
public sealed class PostgreSqlStoreContractTests(TestDatabase database) : StoreContract, IClassFixture<TestDatabase>
{
    private bool _emptied;

    protected override async Task<StoreSession> OpenAsync()
    {
        var diary = database.Diary();
        await diary.OpenAsync(CancellationToken.None);
        if (!_emptied)
        {
            await database.TruncateAsync(diary);
            _emptied = true;
        }

        return new StoreSession(
            new PostgreSqlConversationStore(diary, NullLogger<PostgreSqlConversationStore>.Instance),
            new PostgreSqlEpisodeStore(diary),
            diary.DisposeAsync);
    }
}
