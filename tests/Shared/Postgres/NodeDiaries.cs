using BreatheBot.Storage.PostgreSql;

namespace BreatheBot.TestSupport.Postgres;

/// <summary>
/// Opened diaries on one test database, each with its own connection pool: the "nodes" of a cluster in one test process.
/// Disposing closes them all.
/// </summary>
public sealed class NodeDiaries : IAsyncDisposable
{
    private readonly List<PostgreSqlDiary> _diaries = [];

    private NodeDiaries()
    {
    }

    public PostgreSqlDiary this[int node] => _diaries[node];

    public int Count => _diaries.Count;

    public static async Task<NodeDiaries> OpenAsync(TestDatabase database, int count)
    {
        ArgumentNullException.ThrowIfNull(database);
        var nodes = new NodeDiaries();
        for (var i = 0; i < count; i++)
        {
            var diary = database.Diary();
            nodes._diaries.Add(diary);
            await diary.OpenAsync(default);
        }

        return nodes;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var diary in _diaries)
        {
            await diary.DisposeAsync();
        }
    }
}
