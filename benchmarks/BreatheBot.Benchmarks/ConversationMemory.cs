using System.Collections.Concurrent;
using System.Globalization;
using BreatheBot.Core.Conversations;
using BreatheBot.Core.Episodes;
using BreatheBot.Core.Messaging;
using BreatheBot.Core.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace BreatheBot.Benchmarks;

/// <summary>
/// B5: managed heap per live conversation (after a full compacting GC), at 10k and 100k, against N minimal
/// <c>record struct (long Chat, int Step)</c> in a Dictionary. "Live" = mid breathing exercise with its pacer wake-up armed
/// in the real ConversationService on the system clock (due an hour or more ahead, so none fires while measuring). Three placements of the state: in memory (the core's own cost), in LiteDB (the deployed setup: the heap
/// then holds LiteDB's page cache), and idle in LiteDB (no wake-up).
/// </summary>
internal static class ConversationMemory
{
    private readonly record struct Minimal(long Chat, int Step);

    public static void Run(RunSettings settings)
    {
        Console.WriteLine("B5: memory per live conversation vs a Dictionary<long, record struct(long Chat, int Step)>");
        int[] counts = settings.Quick ? [10_000] : [10_000, settings.Int("large", 100_000, 100_000)];
        var template = TurnShapes.Get("pacer-tick", TurnShapes.NewEngine()).State;
        foreach (var n in counts)
        {
            var baseline = MeasureBaseline(n);
            var inMemory = MeasureService(n, template, settings, liteDb: false, armed: true);
            var inLiteDb = MeasureService(n, template, settings, liteDb: true, armed: true);
            var idle = MeasureService(n, template, settings, liteDb: true, armed: false);
            Report.Add("B5", $"heap/live conversation, state in memory + armed pacer, N={n:N0}",
                $"{Stats.F(inMemory.PerConversation, 0)} B (wake-up part {Stats.F(inMemory.WakeUpPart, 0)} B)", $"{Stats.F(baseline, 0)} B",
                Stats.Ratio(inMemory.PerConversation / baseline), "≤ 1 KiB; ≤ 4× baseline", inMemory.PerConversation <= 1024 && inMemory.PerConversation / baseline <= 4);
            Report.Add("B5", $"heap/live conversation, state in LiteDB + armed pacer, N={n:N0}",
                $"{Stats.F(inLiteDb.PerConversation, 0)} B (wake-up part {Stats.F(inLiteDb.WakeUpPart, 0)} B)", $"{Stats.F(baseline, 0)} B",
                Stats.Ratio(inLiteDb.PerConversation / baseline), "≤ 1 KiB; ≤ 4× baseline", inLiteDb.PerConversation <= 1024 && inLiteDb.PerConversation / baseline <= 4);
            Report.Add("B5", $"heap/idle conversation, state in LiteDB only, N={n:N0}",
                $"{Stats.F(idle.PerConversation, 0)} B", $"{Stats.F(baseline, 0)} B", Stats.Ratio(idle.PerConversation / baseline), "≤ 200 B", idle.PerConversation <= 200);
        }
    }

    private static double MeasureBaseline(int n)
    {
        var before = Heap.LiveBytes();
        var map = new Dictionary<long, Minimal>();
        for (var i = 0; i < n; i++)
        {
            map[1_000_000 + i] = new Minimal(1_000_000 + i, 13);
        }

        var after = Heap.LiveBytes();
        GC.KeepAlive(map);
        return (after - before) / (double)n;
    }

    private static (double PerConversation, double WakeUpPart) MeasureService(int n, ConversationState template, RunSettings settings, bool liteDb, bool armed)
    {
        var folder = liteDb ? settings.NewDirectory("b5") : null;
        var time = TimeProvider.System;
        var engine = TurnShapes.NewEngine();
        var before = Heap.LiveBytes();
        var database = liteDb ? StorageSupport.Open(Path.Combine(folder!, "b5.db"), maxWriteBatch: 256) : null;
        IConversationStore store = database is null ? new MemoryStore() : StorageSupport.Store(database);
        var service = new ConversationService(engine, store, [], time, NullLogger<ConversationService>.Instance);
        try
        {
            var now = time.GetUtcNow();
            var commits = new List<Task>();
            for (var i = 0; i < n; i++)
            {
                var id = (2_000_000 + i).ToString(CultureInfo.InvariantCulture);
                var key = ConversationKey.Private(Platform.Telegram, id, id);
                var state = armed ? StateFor(template, key, now, i) : new IdleState();
                var conversation = new StoredConversation(key, ChatKind.Private, state, now, ["1", "2", "3"]);
                commits.Add(store.CommitAsync(new TurnCommit(conversation, [], null), CancellationToken.None).AsTask());
                if (commits.Count >= 1024)
                {
                    Task.WaitAll([.. commits]);
                    commits.Clear();
                }
            }

            Task.WaitAll([.. commits]);
            commits.Clear();
            var stored = Heap.LiveBytes();
            service.ResumeAsync(CancellationToken.None).GetAwaiter().GetResult();
            if (service.PendingWakeUps != (armed ? n : 0))
            {
                throw new InvalidOperationException($"Expected {(armed ? n : 0)} armed wake-ups, found {service.PendingWakeUps}.");
            }

            var after = Heap.LiveBytes();
            GC.KeepAlive(store);
            GC.KeepAlive(service);
            return ((after - before) / (double)n, (after - stored) / (double)n);
        }
        finally
        {
            service.Dispose();
            database?.Dispose();
            if (folder is not null)
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    /// <summary>A distinct object graph per conversation (as a load from storage would give), due an hour or more from now.</summary>
    private static ConversationState StateFor(ConversationState template, ConversationKey key, DateTimeOffset now, int i)
    {
        var breathing = (BreathingState)template;
        var episode = breathing.Episode with
        {
            Id = $"telegram-{key.UserId}-{now.ToUnixTimeMilliseconds()}",
            UserKey = key.UserKey,
            ConversationKey = key.ToString(),
        };
        var state = breathing with { Episode = episode, StartedAt = now, WakeAt = now + TimeSpan.FromHours(1) + TimeSpan.FromMilliseconds(i % 4000) };
        return ConversationStateSerializer.Deserialize(ConversationStateSerializer.Serialize(state));
    }

    /// <summary>Keeps the conversation objects themselves (no serialisation): the core's state as it lives in memory.</summary>
    private sealed class MemoryStore : IConversationStore
    {
        private readonly ConcurrentDictionary<ConversationKey, StoredConversation> _conversations = new();

        public ValueTask<StoredConversation?> LoadAsync(ConversationKey key, CancellationToken cancellationToken) =>
            ValueTask.FromResult(_conversations.TryGetValue(key, out var c) ? c : null);

        public ValueTask<IReadOnlyList<StoredConversation>> LoadScheduledAsync(CancellationToken cancellationToken) =>
            ValueTask.FromResult<IReadOnlyList<StoredConversation>>([.. _conversations.Values.Where(c => c.WakeAt is not null)]);

        public ValueTask<UserProfile?> LoadProfileAsync(string userKey, CancellationToken cancellationToken) => ValueTask.FromResult<UserProfile?>(null);

        public ValueTask CommitAsync(TurnCommit commit, CancellationToken cancellationToken)
        {
            _conversations[commit.Conversation.Key] = commit.Conversation;
            return ValueTask.CompletedTask;
        }

        public ValueTask<string> ResolvePersonAsync(string userKey, CancellationToken cancellationToken) => ValueTask.FromResult(userKey);

        public ValueTask<LinkCode?> FindLinkCodeAsync(string code, CancellationToken cancellationToken) => ValueTask.FromResult<LinkCode?>(null);

        public ValueTask MoveChatAsync(ConversationKey from, ConversationKey to, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}
