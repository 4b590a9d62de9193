using BreatheBot.Core.Conversations;
using BreatheBot.Storage.PostgreSql.Schema;
using BreatheBot.TestSupport.Postgres;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace BreatheBot.Storage.PostgreSql.Tests;

/// <summary>
/// Issue 15: the schema is created and migrated by BreatheBot itself at start — from an empty database, from the
/// previous version (with rows in it), by several nodes starting at once — and a newer schema is refused. Each test on
/// a database of its own.
/// </summary>
public sealed class MigrationTests : IAsyncLifetime
{
    private readonly TestDatabase _database = new();

    public Task InitializeAsync() => _database.InitializeAsync();

    public Task DisposeAsync() => _database.DisposeAsync();

    [Fact]
    public void The_migrations_are_numbered_from_1_without_gaps_and_the_last_is_the_current_version()
    {
        Assert.Equal(Enumerable.Range(1, Migration.All.Count), Migration.All.Select(m => m.Version));
        Assert.True(SchemaMigrator.CurrentVersion >= 2);
        Assert.Equal("0001_base", Migration.All[0].Name);
    }

    [Fact]
    public async Task An_empty_database_gets_every_migration_once_and_a_second_start_applies_none()
    {
        await using var diary = _database.Diary();
        Assert.Equal(0, await SchemaMigrator.VersionAsync(diary.DataSource, default));

        var first = await SchemaMigrator.MigrateAsync(diary.DataSource, default);
        var second = await SchemaMigrator.MigrateAsync(diary.DataSource, default);

        Assert.Equal(Migration.All.Select(m => m.Version), first);
        Assert.Empty(second);
        Assert.Equal(SchemaMigrator.CurrentVersion, await SchemaMigrator.VersionAsync(diary.DataSource, default));
        Assert.Equal(Migration.All.Select(m => m.Name), await Strings(diary, "SELECT name FROM schema_version ORDER BY version"));
        Assert.Contains("episodes_history", await Indexes(diary));
    }

    [Fact]
    public async Task A_database_at_the_previous_version_keeps_its_rows_and_gains_the_new_migration()
    {
        await using var diary = _database.Diary();
        await SchemaMigrator.MigrateAsync(diary.DataSource, default, target: 1);
        Assert.DoesNotContain("episodes_history", await Indexes(diary));
        await using (var insert = diary.DataSource.CreateCommand(
            """
            INSERT INTO conversations (key, user_key, is_channel, chat, step, v, state, updated_at, wake_at, recent_delivery_ids)
            VALUES ('telegram:1:1', 'telegram:1', false, 'Private', 'idle', 1, '{"$step":"idle","WakeAt":"2026-03-10T09:00:00+00:00"}', now(), '2026-03-10T09:00:00Z', '{"telegram:7"}')
            """))
        {
            await insert.ExecuteNonQueryAsync();
        }

        await diary.OpenAsync(default); // what a start does

        Assert.Equal(SchemaMigrator.CurrentVersion, await SchemaMigrator.VersionAsync(diary.DataSource, default));
        Assert.Contains("episodes_history", await Indexes(diary));
        Assert.Contains("conversations_wake_at", await Indexes(diary));
        var store = new PostgreSqlConversationStore(diary, NullLogger<PostgreSqlConversationStore>.Instance);
        var kept = await store.LoadAsync(ConversationKey.Parse("telegram:1:1"), default);
        Assert.NotNull(kept);
        Assert.Equal(["telegram:7"], kept.RecentDeliveryIds);
        Assert.Single(await store.LoadScheduledAsync(default));
    }

    [Fact]
    public async Task A_database_at_version_2_gains_days_and_the_outbox_and_its_conversations_read_with_outbox_sequence_0()
    {
        await using var diary = _database.Diary();
        await SchemaMigrator.MigrateAsync(diary.DataSource, default, target: 2);
        await using (var insert = diary.DataSource.CreateCommand(
            """
            INSERT INTO conversations (key, user_key, is_channel, chat, step, v, state, updated_at, wake_at, recent_delivery_ids)
            VALUES ('telegram:1:1', 'telegram:1', false, 'Private', 'idle', 1, '{"$step":"idle"}', now(), NULL, '{"telegram:7"}')
            """))
        {
            await insert.ExecuteNonQueryAsync();
        }

        await diary.OpenAsync(default);

        Assert.True(SchemaMigrator.CurrentVersion >= 3);
        Assert.Contains("outbox_order", await Indexes(diary));
        var store = new PostgreSqlConversationStore(diary, NullLogger<PostgreSqlConversationStore>.Instance);
        var kept = await store.LoadAsync(ConversationKey.Parse("telegram:1:1"), default);
        Assert.Equal(0, kept!.OutboxSequence);
        Assert.Equal(["telegram:7"], kept.RecentDeliveryIds);
        Assert.Empty(await store.LoadUnsentAsync(default));
        Assert.Empty(await new PostgreSqlEpisodeStore(diary).ListDaysAsync("telegram:1", default));
    }

    [Fact]
    public async Task Nodes_starting_at_once_apply_each_migration_exactly_once_and_all_start()
    {
        var diaries = Enumerable.Range(0, 4).Select(_ => _database.Diary()).ToList();
        try
        {
            using var go = new ManualResetEventSlim();
            var migrators = diaries.Select(d => Task.Run(() =>
            {
                go.Wait();
                return SchemaMigrator.MigrateAsync(d.DataSource, default);
            })).ToList();
            go.Set();

            var applied = await Task.WhenAll(migrators);

            Assert.Equal(Migration.All.Select(m => m.Version), applied.SelectMany(a => a).Order());
            Assert.Equal(Migration.All.Select(m => m.Name), await Strings(diaries[0], "SELECT name FROM schema_version ORDER BY version"));
        }
        finally
        {
            foreach (var diary in diaries)
            {
                await diary.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task A_schema_from_a_newer_release_is_refused_in_one_sentence_and_left_alone()
    {
        await using var diary = _database.Diary();
        await diary.OpenAsync(default);
        await using (var newer = diary.DataSource.CreateCommand("INSERT INTO schema_version (version, name) VALUES (99, '0099_future')"))
        {
            await newer.ExecuteNonQueryAsync();
        }

        var refused = await Assert.ThrowsAsync<PostgreSqlStorageException>(() => diary.OpenAsync(default));

        Assert.Contains("version 99, newer than this BreatheBot knows", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', refused.Message);
        Assert.Equal(99, await SchemaMigrator.VersionAsync(diary.DataSource, default));
    }

    [Fact]
    public async Task A_failing_migration_changes_nothing()
    {
        await using var diary = _database.Diary();
        await using (var blocker = diary.DataSource.CreateCommand("CREATE TABLE episodes (id text)")) // a name migration 1 needs
        {
            await blocker.ExecuteNonQueryAsync();
        }

        await Assert.ThrowsAsync<PostgresException>(() => SchemaMigrator.MigrateAsync(diary.DataSource, default));

        Assert.Equal(0, await SchemaMigrator.VersionAsync(diary.DataSource, default));
        Assert.Empty(await Strings(diary, "SELECT tablename::text FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'episodes'"));
    }

    private static Task<List<string>> Indexes(PostgreSqlDiary diary) =>
        Strings(diary, "SELECT indexname::text FROM pg_indexes WHERE schemaname = 'public'");

    private static async Task<List<string>> Strings(PostgreSqlDiary diary, string sql)
    {
        await using var command = diary.DataSource.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }
}
