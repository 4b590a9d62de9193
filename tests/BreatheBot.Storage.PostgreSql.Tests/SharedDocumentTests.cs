using System.Globalization;
using BreatheBot.TestSupport.Postgres;
using Microsoft.Extensions.Logging.Abstractions;

namespace BreatheBot.Storage.PostgreSql.Tests;

/// <summary>
/// Issue 15, state an adapter shares between nodes (the Discord adapter's session, Identify timestamps, guild channels):
/// a named document reads back as written, and an update is atomic across nodes, so concurrent writers never lose one
/// another's change. Two diaries on one database stand for two nodes.
/// </summary>
public sealed class SharedDocumentTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    private NodeDiaries _nodes = null!;

    public async Task InitializeAsync() => _nodes = await NodeDiaries.OpenAsync(database, 2);

    public async Task DisposeAsync() => await _nodes.DisposeAsync();

    private PostgreSqlDiary NodeA => _nodes[0];
    private PostgreSqlDiary NodeB => _nodes[1];

    private static PostgreSqlSharedDocuments Documents(PostgreSqlDiary diary) =>
        new(diary, TimeProvider.System, NullLogger<PostgreSqlSharedDocuments>.Instance);

    [Fact]
    public async Task A_document_never_written_is_null_and_reads_back_byte_for_byte_on_every_node()
    {
        Assert.Null(await Documents(NodeA).LoadAsync("never-written", default));

        string? seen = "not called";
        const string Json = """{"b":1,"a":[2,1],"text":"é ✓"}""";
        Assert.Equal(Json, await Documents(NodeA).UpdateAsync("readback", current => { seen = current; return Json; }, default));
        Assert.Null(seen); // the first update starts from nothing

        Assert.Equal(Json, await Documents(NodeB).LoadAsync("readback", default)); // text, not jsonb: key order kept
        await Documents(NodeB).UpdateAsync("readback", current => { seen = current; return "{}"; }, default);
        Assert.Equal(Json, seen);
        Assert.Equal("{}", await Documents(NodeA).LoadAsync("readback", default));
    }

    [Fact]
    public async Task Concurrent_updates_from_two_nodes_lose_nothing()
    {
        const int PerNode = 40;
        var a = Documents(NodeA);
        var b = Documents(NodeB);
        static string Increment(string? current) =>
            ((current is null ? 0 : int.Parse(current, CultureInfo.InvariantCulture)) + 1).ToString(CultureInfo.InvariantCulture);

        // each node runs its updates 8 at a time, both nodes at once, all on the same name
        var updates = Enumerable.Range(0, PerNode).SelectMany(_ => new[] { a, b })
            .Select(node => Task.Run(() => node.UpdateAsync("counter", Increment, default)));
        var results = await Task.WhenAll(updates);

        Assert.Equal((2 * PerNode).ToString(CultureInfo.InvariantCulture), await a.LoadAsync("counter", default));
        Assert.Equal(Enumerable.Range(1, 2 * PerNode), results.Select(r => int.Parse(r, CultureInfo.InvariantCulture)).Order()); // each saw the one before
    }

    [Fact]
    public async Task A_failing_change_writes_nothing_and_bad_names_are_refused()
    {
        var documents = Documents(NodeA);
        await documents.UpdateAsync("kept", _ => "1", default);
        await Assert.ThrowsAsync<InvalidOperationException>(() => documents.UpdateAsync("kept", _ => throw new InvalidOperationException("no"), default));
        await Assert.ThrowsAsync<InvalidOperationException>(() => documents.UpdateAsync("new", _ => throw new InvalidOperationException("no"), default));
        Assert.Equal("1", await documents.LoadAsync("kept", default));
        Assert.Null(await documents.LoadAsync("new", default)); // no placeholder row is left behind

        await Assert.ThrowsAsync<ArgumentException>(() => documents.UpdateAsync("", _ => "1", default));
        await Assert.ThrowsAsync<ArgumentException>(() => documents.UpdateAsync(new string('x', PostgreSqlSharedDocuments.MaxNameLength + 1), _ => "1", default));
        await Assert.ThrowsAsync<ArgumentException>(() => documents.UpdateAsync("empty", _ => "", default));
    }
}
