using BreatheBot.Core.Messaging;
using Microsoft.Extensions.Time.Testing;

namespace BreatheBot.Core.Tests.Messaging;

public sealed class BoundedMapTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 3, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Filling_past_the_capacity_keeps_the_size_bounded_and_the_most_recent_entries()
    {
        var map = new BoundedMap<int, string>(100, TimeSpan.FromHours(1), _time);
        for (var i = 0; i < 10_000; i++)
        {
            map.Set(i, "v" + i);
        }

        Assert.Equal(100, map.Count);
        Assert.True(map.TryGetValue(9_999, out var newest));
        Assert.Equal("v9999", newest);
        Assert.True(map.TryGetValue(9_900, out _));
        Assert.False(map.TryGetValue(9_899, out _));
        Assert.False(map.TryGetValue(0, out _));
    }

    [Fact]
    public void A_used_entry_is_kept_and_the_least_recently_used_one_goes()
    {
        var map = new BoundedMap<string, int>(2, TimeSpan.FromHours(1), _time);
        map.Set("a", 1);
        map.Set("b", 2);
        Assert.True(map.TryGetValue("a", out _)); // "a" is now the most recently used

        map.Set("c", 3);

        Assert.True(map.TryGetValue("a", out _));
        Assert.False(map.TryGetValue("b", out _));
        Assert.True(map.TryGetValue("c", out _));
    }

    [Fact]
    public void An_entry_unused_for_the_maximum_age_is_gone_and_writes_trim_old_ones()
    {
        var map = new BoundedMap<string, int>(1000, TimeSpan.FromMinutes(10), _time);
        map.Set("old", 1);
        map.Set("kept", 2);
        _time.Advance(TimeSpan.FromMinutes(6));
        Assert.True(map.TryGetValue("kept", out _));
        _time.Advance(TimeSpan.FromMinutes(5));

        Assert.False(map.TryGetValue("old", out _));
        Assert.True(map.TryGetValue("kept", out _)); // used 5 minutes ago
        map.Set("new", 3);
        Assert.Equal(2, map.Count);
        Assert.True(map.TryAdd("old", 4)); // expired counts as absent
        Assert.False(map.TryAdd("old", 5));
    }

    [Fact]
    public void Remove_where_takes_out_the_matching_entries()
    {
        var map = new BoundedMap<(long Chat, string Slot), int>(10, TimeSpan.FromHours(1), _time);
        map.Set((1, "a"), 1);
        map.Set((1, "b"), 2);
        map.Set((2, "a"), 3);

        var moved = map.RemoveWhere(k => k.Chat == 1);

        Assert.Equal(2, moved.Count);
        Assert.Equal(1, map.Count);
        Assert.True(map.TryGetValue((2, "a"), out _));
    }
}
