using BreatheBot.Core.Conversations;
using BreatheBot.Core.Messaging;
using Microsoft.Extensions.Time.Testing;

namespace BreatheBot.Benchmarks;

/// <summary>
/// Issue 15, "writes per pacer-minute": one person on one PostgreSQL node (cluster lock on, the real engine and
/// service) starts a breathing exercise through the real flow (/breathe → for a headache → both safety questions
/// "no" → pain 5 → the preset → 5 minutes); then a <see cref="FakeTimeProvider"/> is advanced in 100 ms steps for 60
/// simulated seconds, each step waiting until every turn and delivery is done. A <see cref="CountingStore"/> counts
/// the durable writes of that minute (turn commits, mark-sent deletes) and the rows they write; the server's own row
/// counters for the database (pg_stat_user_tables, read after the node's pooled connections closed) are shown beside.
/// The issue's aim: "pacer ticks must not each cost a durable write (the phase is a function of the session's start,
/// preset and now)".
/// </summary>
internal static class PacerWrites
{
    private static readonly DateTimeOffset Start = new(2026, 3, 10, 9, 0, 0, TimeSpan.Zero);

    public static void Run(RunSettings settings) => RunAsync(settings).GetAwaiter().GetResult();

    private static async Task RunAsync(RunSettings settings)
    {
        var seconds = settings.Int("seconds", 60, 60);
        Console.WriteLine($"PG pacer: durable writes in {seconds} simulated seconds of one running breathing pacer (one node, cluster lock on, fake clock in 100 ms steps)");
        foreach (var preset in new[] { "resonance", "box" })
        {
            await RunPresetAsync(settings, preset, seconds);
        }
    }

    private static async Task RunPresetAsync(RunSettings settings, string preset, int seconds)
    {
        await using var database = await BenchDatabase.CreateAsync(settings);
        var time = new FakeTimeProvider(Start);
        var counts = new WriteCounts();
        var sender = new AcceptingSender();
        var key = ConversationKey.Private(Platform.Telegram, "4242", "4242");
        var node = await BenchNode.StartAsync(database.ConnectionString, 0, clusterLock: true, maxPoolSize: 8, counts, sender, time);
        WriteSnapshot minute;
        int edits;
        (long Inserted, long Updated, long Deleted) server;
        try
        {
            var n = 0;
            foreach (var text in new[] { "/breathe", "headache", "no", "no", "5", preset, "5" })
            {
                InboundEvent message = text.StartsWith('/')
                    ? new CommandReceived(key, ChatKind.Private, key.UserId, time.GetUtcNow(), $"m{n++}", text[1..], null)
                    : new TextReceived(key, ChatKind.Private, key.UserId, time.GetUtcNow(), $"m{n++}", text);
                await (await node.Service.HandleAsync(message)).Delivered;
                time.Advance(TimeSpan.FromSeconds(2)); // the person reads and answers; no wake-up is due in between
            }

            if (sender.KeysFor(key) is not [.., "breathing.pacer"])
            {
                throw new InvalidOperationException($"The script no longer starts the {preset} pacer: {string.Join(", ", sender.KeysFor(key))}");
            }

            await node.Service.WhenSentAsync();
            var before = counts.Snapshot();
            var serverBefore = await ServerWritesAsync(node, database);
            var editsBefore = sender.KeysFor(key).Count(k => k == "breathing.pacer");
            for (var step = 0; step < seconds * 10; step++)
            {
                time.Advance(TimeSpan.FromMilliseconds(100));
                await node.Service.WhenSentAsync();
            }

            minute = counts.Snapshot() - before;
            edits = sender.KeysFor(key).Count(k => k == "breathing.pacer") - editsBefore;
            var serverAfter = await ServerWritesAsync(node, database);
            server = (serverAfter.Inserted - serverBefore.Inserted, serverAfter.Updated - serverBefore.Updated, serverAfter.Deleted - serverBefore.Deleted);
        }
        finally
        {
            await node.DisposeAsync();
        }

        var perMinute = 60.0 / seconds;
        string Rate(long value) => Stats.F(value * perMinute, 1);
        Report.Add("PG pacer", $"durable writes per pacer-minute, {preset} ({edits} phase edits in {seconds} s)",
            $"{Rate(minute.Commits + minute.MarkSentCalls)} = {Rate(minute.Commits)} turn commits + {Rate(minute.MarkSentCalls)} mark-sent deletes",
            "aim: 0 per tick", $"{Stats.F(edits == 0 ? double.NaN : (double)(minute.Commits + minute.MarkSentCalls) / edits, 1)} per tick", "ticks cost no durable write", minute.Commits + minute.MarkSentCalls == 0);
        Report.Add("PG pacer", $"rows per pacer-minute, {preset}",
            $"{Rate(minute.RowsWritten)} written ({Rate(minute.RowsWritten - minute.OutboxRows)} conversation, {Rate(minute.OutboxRows)} outbox), {Rate(minute.RowsDeleted)} deleted",
            $"server counters: {Rate(server.Inserted)} ins, {Rate(server.Updated)} upd, {Rate(server.Deleted)} del", "-", "-", null);
        Report.Add("PG pacer", $"other statements per pacer-minute, {preset}",
            $"{Rate(minute.TurnLocks)} turn locks (lock + load + unlock), {Rate(minute.SweepQueries)} sweep queries (none claimed a row; fake-clock ticks coalesce, a real clock gives 240/min per node)", "-", "-", "-", null);
    }

    /// <summary>The server's row counters after the node's idle pooled connections closed (a closing backend flushes its statistics).</summary>
    private static async Task<(long Inserted, long Updated, long Deleted)> ServerWritesAsync(BenchNode node, BenchDatabase database)
    {
        node.Diary.DataSource.Clear();
        await Task.Delay(300);
        return await database.TableWritesAsync();
    }
}
