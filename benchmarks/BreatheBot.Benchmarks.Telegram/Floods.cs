using System.Diagnostics;
using System.Globalization;
using BreatheBot.Host;
using BreatheBot.TelegramAdapter.Tests.Fakes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BreatheBot.Benchmarks.Telegram;

/// <summary>
/// Floods (issue 12 item 6), both at once on one real host against the loopback fake enforcing Telegram's limits
/// (1 msg/s per chat, 20/min per group, 30/s overall): one person sends 200 messages within a second (the last one is
/// /privacy), and 50 people send /headache in one group at once. Reports, per case, the replies sent and the time from
/// the first message until the last reply; the run ends when nothing was sent for 10 s or after --max-seconds.
/// </summary>
internal static class Floods
{
    private const long Person = 7_000_001;
    private const long Group = -7_000_002;

    public static async Task<int> RunAsync(string[] args)
    {
        var maxSeconds = args.Select(a => a.StartsWith("--max-seconds=", StringComparison.Ordinal) ? int.Parse(a[14..], CultureInfo.InvariantCulture) : 0).Max();
        var limit = TimeSpan.FromSeconds(maxSeconds > 0 ? maxSeconds : 300);
        await using var server = await FakeTelegramServer.StartAsync();
        server.LongPollCap = TimeSpan.FromSeconds(1);
        server.RateLimits = new FakeRateLimits(TimeSpan.FromSeconds(1), 20, 30, Tolerance: TimeSpan.Zero);

        var database = Path.Combine(Path.GetTempPath(), $"breathebot-floods-{Guid.NewGuid():N}.db");
        var builder = BreatheBotHost.CreateBuilder([], c => c.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Telegram:BotToken"] = FakeTelegramServer.Token,
            ["Telegram:ApiBaseUrl"] = server.BaseUrl,
            ["Telegram:LongPollTimeoutSeconds"] = "1",
            ["Storage:Path"] = database,
        }));
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole().SetMinimumLevel(LogLevel.Warning);
        using var host = builder.Build();
        await host.StartAsync();
        await server.WaitForCallAsync("getUpdates");

        // the person has used the bot before (no first-use disclaimer in the flood)
        await server.WaitForConfirmedAsync(server.UserText(Person, Person, "/start") + 1, TimeSpan.FromSeconds(60));
        await WaitQuietAsync(server, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(30));
        var before = server.CallsTo("sendMessage").Count(c => c.Ok && c.ChatId == Person);

        var t0 = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var last = 0;
        for (var i = 0; i < 200; i++)
        {
            last = server.UserText(Person, Person, i == 199 ? "/privacy" : "hello " + i.ToString(CultureInfo.InvariantCulture));
            if (i < 50)
            {
                server.UserText(Group, 8_000_000 + i, "/headache");
            }

            while (clock.Elapsed < TimeSpan.FromMilliseconds(5 * (i + 1)))
            {
                await Task.Yield();
            }
        }

        var sent = clock.Elapsed;
        await server.WaitForConfirmedAsync(last + 1, limit); // every message handled (and confirmed to the fake)
        var handled = clock.Elapsed;
        await WaitQuietAsync(server, TimeSpan.FromSeconds(10), limit);

        var personal = server.CallsTo("sendMessage").Where(c => c.Ok && c.ChatId == Person).Skip(before).ToList();
        var posts = server.CallsTo("sendMessage").Where(c => c.Ok && c.ChatId == Group).ToList();
        var lastIsPrivacy = personal.Count > 0 && (personal[^1].Text ?? string.Empty).StartsWith("What I store", StringComparison.Ordinal);
        Console.WriteLine($"messages injected:            200 from one person + 50 x /headache in one group, in {sent.TotalSeconds:F2} s");
        Console.WriteLine($"all handled and confirmed:    after {handled.TotalSeconds:F1} s");
        Console.WriteLine($"one person, replies sent:     {personal.Count}");
        Console.WriteLine($"one person, last reply after: {(personal.Count == 0 ? "-" : (personal[^1].At - t0).TotalSeconds.ToString("F1", CultureInfo.InvariantCulture))} s");
        Console.WriteLine($"one person, last answered:    {(lastIsPrivacy ? "yes (/privacy)" : "no")}");
        Console.WriteLine($"group, posts:                 {posts.Count}");
        Console.WriteLine($"group, last post after:       {(posts.Count == 0 ? "-" : (posts[^1].At - t0).TotalSeconds.ToString("F1", CultureInfo.InvariantCulture))} s");
        Console.WriteLine($"429 answers:                  {server.TooManyRequestsCount}");
        Console.WriteLine($"observed for:                 {(DateTimeOffset.UtcNow - t0).TotalSeconds:F0} s (ends 10 s after the last send, or at --max-seconds={limit.TotalSeconds:F0})");

        await host.StopAsync();
        foreach (var file in Directory.GetFiles(Path.GetTempPath(), Path.GetFileNameWithoutExtension(database) + "*"))
        {
            File.Delete(file);
        }

        return 0;
    }

    /// <summary>Waits until no message was sent for <paramref name="quiet"/>, or <paramref name="limit"/> passed.</summary>
    private static async Task WaitQuietAsync(FakeTelegramServer server, TimeSpan quiet, TimeSpan limit)
    {
        var total = Stopwatch.StartNew();
        var lastChange = Stopwatch.StartNew();
        var lastCount = -1;
        while (lastChange.Elapsed < quiet && total.Elapsed < limit)
        {
            await Task.Delay(250);
            var count = server.CallsTo("sendMessage").Count(c => c.Ok);
            if (count != lastCount)
            {
                lastCount = count;
                lastChange.Restart();
            }
        }
    }
}
