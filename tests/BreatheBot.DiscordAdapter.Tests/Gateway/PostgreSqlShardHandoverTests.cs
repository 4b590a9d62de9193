using System.Globalization;
using System.Text.RegularExpressions;
using BreatheBot.Core.Cluster;
using BreatheBot.Core.Messaging;
using BreatheBot.DiscordAdapter.State;
using BreatheBot.DiscordAdapter.Tests.Fakes;
using BreatheBot.Storage.PostgreSql;
using BreatheBot.TestSupport.Postgres;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace BreatheBot.DiscordAdapter.Tests.Gateway;

/// <summary>
/// Issue 15, the Discord shard on real cluster leases and shared documents (PostgreSQL, as in cluster mode): two nodes,
/// one gateway connection; the owner stops, or its database connection dies, and the shard moves on by a resume with no
/// interaction lost. Each node has its own diary (connection pool) on one database.
/// </summary>
[Collection(TimingCollection.Name)]
public sealed class PostgreSqlShardHandoverTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private static async Task<(DiscordTestHost Node, PostgreSqlDiary Diary)> StartNodeAsync(FakeDiscord fake, TestDatabase database)
    {
        var diary = database.Diary();
        await diary.OpenAsync(default);
        var node = await DiscordTestHost.StartAsync(services: s =>
        {
            s.RemoveAll<IDiscordStateStore>();
            s.AddSingleton<IClusterLeases>(new PostgreSqlClusterLeases(diary, TimeProvider.System, NullLogger<PostgreSqlClusterLeases>.Instance));
            s.AddSingleton<ISharedDocuments>(new PostgreSqlSharedDocuments(diary, TimeProvider.System, NullLogger<PostgreSqlSharedDocuments>.Instance));
        }, fake: fake);
        node.Handler.Respond = _ => [new TextReply("answer", "Noted.")];
        await node.Host.StartAsync();
        return (node, diary);
    }

    private static Task CommandAsync(FakeDiscord fake, int id) =>
        fake.DispatchAsync("INTERACTION_CREATE", Payloads.Command(Id(id), "itok-" + Id(id), "headache", "300", "42"));

    private static string Id(int n) => (7000 + n).ToString(CultureInfo.InvariantCulture);

    private static List<string> Answered(FakeDiscord fake) =>
        fake.RequestsTo("POST", @"/interactions/\d+/[^/]+/callback").Select(r => Regex.Match(r.Path, @"^/interactions/(\d+)/").Groups[1].Value).ToList();

    [Theory(Timeout = 60_000)]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_shard_moves_to_the_other_node_by_a_resume_and_every_interaction_is_answered_once(bool ownerDies)
    {
        await using var fake = await FakeDiscord.StartAsync();
        var (first, firstDiary) = await StartNodeAsync(fake, database);
        await using var firstDisposal = first;
        await using var firstDiaryDisposal = firstDiary;
        await first.WaitReadyAsync();
        var (second, secondDiary) = await StartNodeAsync(fake, database);
        await using var secondDisposal = second;
        await using var secondDiaryDisposal = secondDiary;
        await FakeDiscord.WaitForAsync(() => second.Get<BreatheBot.DiscordAdapter.Gateway.DiscordGatewayStatus>().Standby, "the second node standing by");

        for (var i = 1; i <= 3; i++)
        {
            await CommandAsync(fake, i);
        }

        await FakeDiscord.WaitForAsync(() => Answered(fake).Count == 3, "the owner answering");
        var documents = new PostgreSqlSharedDocuments(firstDiary, TimeProvider.System, NullLogger<PostgreSqlSharedDocuments>.Instance);
        await FakeDiscord.WaitForAsync(
            () => documents.LoadAsync(SharedDocumentDiscordStateStore.DocumentName, default).Result?.Contains("\"sequence\":4", StringComparison.Ordinal) == true,
            "the session's sequence in the database");

        if (ownerDies)
        {
            // the owner's lease connection dies (a killed node): PostgreSQL drops its lock; the owner notices and closes
            await using var admin = await secondDiary.DataSource.OpenConnectionAsync();
            await using var kill = new NpgsqlCommand(
                "SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND granted AND pid <> pg_backend_pid() " +
                "AND database = (SELECT oid FROM pg_database WHERE datname = current_database())", admin);
            await kill.ExecuteNonQueryAsync();
        }
        else
        {
            await first.Host.StopAsync();
        }

        for (var i = 4; i <= 6; i++)
        {
            await CommandAsync(fake, i);
        }

        await FakeDiscord.WaitForAsync(() => fake.Connections.Count(c => c.Ready) == 1 && fake.ConnectionCount >= 2, "the shard connected again", 20_000);
        await FakeDiscord.WaitForAsync(() => Answered(fake).Count >= 6, "every interaction answered", 20_000);
        await Task.Delay(500); // a duplicate would show here

        Assert.Equal(Enumerable.Range(1, 6).Select(Id), Answered(fake).Order(StringComparer.Ordinal));
        Assert.Equal(1, fake.IdentifyCount);
        Assert.True(fake.ResumeCount >= 1);
        Assert.Equal(1, fake.Connections.Count(c => !c.Ended)); // never two gateway connections at once after the move

        await second.Host.StopAsync();
        await first.Host.StopAsync();
    }
}
