using Microsoft.Extensions.Logging.Abstractions;
using BreatheBot.Storage.PostgreSql;
using Microsoft.Extensions.Options;

namespace BreatheBot.TestSupport.Postgres;

/// <summary>A database of its own for one test class (a class fixture): created empty, dropped afterwards.</summary>
public sealed class TestDatabase : IAsyncLifetime
{
    private string? _connectionString;

    public string ConnectionString => _connectionString ?? throw new InvalidOperationException("Not created.");

    public async Task InitializeAsync() => _connectionString = await TestPostgres.CreateDatabaseAsync();

    public async Task DisposeAsync()
    {
        if (_connectionString is not null)
        {
            await TestPostgres.DropDatabaseAsync(_connectionString);
        }
    }

    /// <summary>A diary on this database (not yet opened: call OpenAsync to migrate).</summary>
    public PostgreSqlDiary Diary() =>
        new(Options.Create(new PostgreSqlOptions { ConnectionString = ConnectionString }), NullLogger<PostgreSqlDiary>.Instance);

    /// <summary>Empties every table of the diary (between tests of one class); the schema stays.</summary>
    public async Task TruncateAsync(PostgreSqlDiary diary)
    {
        await using var command = diary.DataSource.CreateCommand("TRUNCATE conversations, episodes, profiles, identities, link_codes, days, outbox");
        await command.ExecuteNonQueryAsync();
    }
}
