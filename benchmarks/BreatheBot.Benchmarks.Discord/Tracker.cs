using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace BreatheBot.Benchmarks.Discord;

/// <summary>
/// Per-event stamps on one clock (<see cref="Stopwatch.GetTimestamp"/>): scheduled arrival, the fake writing the dispatch
/// (t0), and the first REST request answering it arriving at the fake (t1). Interaction callbacks name the interaction id
/// in their path; DM replies are matched to the oldest unanswered event of their channel (one conversation's turns are
/// answered in order).
/// </summary>
internal sealed class Tracker(int capacity, long idBase)
{
    private readonly long[] _scheduled = new long[capacity];
    private readonly long[] _written = new long[capacity];
    private readonly long[] _answered = new long[capacity];
    private readonly int[] _calls = new int[capacity];
    private readonly ConcurrentDictionary<string, ConcurrentQueue<int>> _pendingByChannel = new(StringComparer.Ordinal);
    private int _current = -1;
    private int _completed;
    private int _extra;
    private int _other;
    private int _total;

    public int Capacity => capacity;

    public long IdBase => idBase;

    public int Completed => Volatile.Read(ref _completed);

    /// <summary>REST calls beyond the first for an event, or DM replies with no unanswered event in their channel.</summary>
    public int ExtraCalls => Volatile.Read(ref _extra);

    /// <summary>Other REST requests (anything but callbacks, create message, command registration and gateway discovery).</summary>
    public int OtherCalls => Volatile.Read(ref _other);

    public Action? OnCompleted { get; set; }

    public void Expect(int index, long scheduled, string? dmChannel)
    {
        _scheduled[index] = scheduled;
        if (dmChannel is not null)
        {
            _pendingByChannel.GetOrAdd(dmChannel, static _ => new ConcurrentQueue<int>()).Enqueue(index);
        }

        Volatile.Write(ref _current, index);
    }

    public void OnDispatchWriting(string type, long timestamp)
    {
        var i = Volatile.Read(ref _current);
        if (i >= 0 && type is "INTERACTION_CREATE" or "MESSAGE_CREATE" && _written[i] == 0)
        {
            _written[i] = timestamp;
        }
    }

    /// <summary>Every REST request that arrived.</summary>
    public int Total => Volatile.Read(ref _total);

    public void OnRest(string method, string path, long timestamp)
    {
        Interlocked.Increment(ref _total);
        var index = -1;
        if (method == "POST" && path.StartsWith("/interactions/", StringComparison.Ordinal))
        {
            var end = path.IndexOf('/', "/interactions/".Length);
            if (long.TryParse(path.AsSpan("/interactions/".Length, end - "/interactions/".Length), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                index = (int)(id - idBase);
            }
        }
        else if (method == "POST" && path.StartsWith("/channels/", StringComparison.Ordinal) && path.EndsWith("/messages", StringComparison.Ordinal))
        {
            var channel = path["/channels/".Length..^"/messages".Length];
            if (!_pendingByChannel.TryGetValue(channel, out var queue) || !queue.TryDequeue(out index))
            {
                Interlocked.Increment(ref _extra);
                return;
            }
        }
        else
        {
            if (!(method == "PUT" || path == "/gateway/bot"))
            {
                Interlocked.Increment(ref _other);
            }

            return;
        }

        if (index < 0 || index >= capacity)
        {
            Interlocked.Increment(ref _extra);
            return;
        }

        if (Interlocked.Increment(ref _calls[index]) == 1)
        {
            _answered[index] = timestamp;
            Interlocked.Increment(ref _completed);
            OnCompleted?.Invoke();
        }
        else
        {
            Interlocked.Increment(ref _extra);
        }
    }

    public bool Answered(int index) => Volatile.Read(ref _calls[index]) > 0;

    public long AnsweredAt(int index) => _answered[index];

    /// <summary>Milliseconds from scheduled arrival to the reply, from the fake's write to the reply, and the generator's lateness.</summary>
    public (double FromScheduled, double FromWritten, double Lateness) Latency(int index) =>
        (Ms(_answered[index] - _scheduled[index]), Ms(_answered[index] - _written[index]), Ms(_written[index] - _scheduled[index]));

    public static double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
}
