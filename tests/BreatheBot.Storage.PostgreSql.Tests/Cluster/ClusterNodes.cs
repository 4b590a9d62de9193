using System.Collections.Concurrent;
using BreatheBot.Core.Conversations;
using BreatheBot.Core.Messaging;
using BreatheBot.TestSupport.Postgres;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace BreatheBot.Storage.PostgreSql.Tests.Cluster;

/// <summary>
/// Several BreatheBot nodes in one test process: each a real <see cref="ConversationService"/> and engine on its own
/// <see cref="PostgreSqlDiary"/> (its own pool and node identity) over one database, all on one fake clock and one
/// recording "platform". <see cref="KillAsync"/> stands for a SIGKILL: the node's connections are cut by the server and
/// the node does nothing more.
/// </summary>
internal sealed class ClusterNodes : IAsyncDisposable
{
    private readonly List<Node> _nodes = [];

    private ClusterNodes(FakeTimeProvider time, RecordingPlatform platform)
    {
        Time = time;
        Platform = platform;
    }

    public FakeTimeProvider Time { get; }

    public RecordingPlatform Platform { get; }

    public IReadOnlyList<ConversationService> Services => [.. _nodes.Select(n => n.Service)];

    public static async Task<ClusterNodes> StartAsync(TestDatabase database, int count, FakeTimeProvider time, RecordingPlatform platform, int? maxPoolSize = null)
    {
        var cluster = new ClusterNodes(time, platform);
        for (var i = 0; i < count; i++)
        {
            var name = $"breathebot-node-{i}-{Guid.NewGuid():N}";
            var diary = new PostgreSqlDiary(
                Options.Create(new PostgreSqlOptions { ConnectionString = Connection(database, name, maxPoolSize) }),
                NullLogger<PostgreSqlDiary>.Instance);
            await diary.OpenAsync(default);
            var store = new PostgreSqlConversationStore(diary, NullLogger<PostgreSqlConversationStore>.Instance);
            var service = new ConversationService(
                new ConversationEngine(Options.Create(new ConversationOptions())), store, [platform], time,
                NullLogger<ConversationService>.Instance, new PostgreSqlEpisodeStore(diary));
            await service.ResumeAsync(default);
            cluster._nodes.Add(new Node(name, diary, service));
        }

        return cluster;
    }

    private static string Connection(TestDatabase database, string name, int? maxPoolSize)
    {
        var builder = new NpgsqlConnectionStringBuilder(database.ConnectionString) { ApplicationName = name };
        if (maxPoolSize is { } size)
        {
            builder.MaxPoolSize = size;
            builder.Timeout = 5; // a node waiting for a connection fails fast
        }

        return builder.ConnectionString;
    }

    public ConversationService this[int index] => _nodes[index].Service;

    /// <summary>The node dies: the server drops its sessions (and so its locks); its service never runs again.</summary>
    public async Task KillAsync(int index)
    {
        var node = _nodes[index];
        node.Dead = true;
        await using var admin = await _nodes.First(n => !n.Dead).Diary.DataSource.OpenConnectionAsync();
        await using var kill = new NpgsqlCommand("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1", admin)
        {
            Parameters = { new() { Value = node.Name } },
        };
        await kill.ExecuteNonQueryAsync();
        await node.Diary.DisposeAsync(); // nothing of it reconnects (a live node re-takes its lock after a blip)
        await node.Service.DisposeAsync(); // its timers and sweeps stop: a dead process does nothing
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes.Where(n => !n.Dead))
        {
            await node.Service.DisposeAsync();
            await node.Diary.DisposeAsync();
        }
    }

    private sealed class Node(string name, PostgreSqlDiary diary, ConversationService service)
    {
        public string Name => name;

        public PostgreSqlDiary Diary => diary;

        public ConversationService Service => service;

        public bool Dead { get; set; }
    }
}

/// <summary>The platform every node sends to: records reply keys per conversation in the order they arrive.</summary>
internal sealed class RecordingPlatform(Platform platform) : IReplySender
{
    public ConcurrentDictionary<ConversationKey, ConcurrentQueue<string>> Sent { get; } = new();

    /// <summary>Runs before each send is recorded (a slow platform, a send that never returns).</summary>
    public Func<ConversationKey, CancellationToken, Task>? BeforeSend { get; set; }

    public Platform Platform => platform;

    public async Task SendAsync(ConversationKey key, ChatKind chat, IReadOnlyList<Reply> replies, CancellationToken cancellationToken)
    {
        if (BeforeSend is not null)
        {
            await BeforeSend(key, cancellationToken);
        }

        var queue = Sent.GetOrAdd(key, _ => new ConcurrentQueue<string>());
        foreach (var reply in replies)
        {
            queue.Enqueue(reply.Key);
        }
    }

    public IReadOnlyList<string> KeysFor(ConversationKey key) => Sent.TryGetValue(key, out var queue) ? [.. queue] : [];
}
