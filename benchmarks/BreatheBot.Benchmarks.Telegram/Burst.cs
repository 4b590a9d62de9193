using System.Diagnostics;
using System.Globalization;
using BreatheBot.Host;
using BreatheBot.TelegramAdapter.Tests.Fakes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BreatheBot.Benchmarks.Telegram;

/// <summary>
/// Burst benchmark: N users send /start at the same moment to the real BreatheBot host (core + LiteDB + Telegram adapter),
/// whose Bot API is the loopback fake enforcing Telegram's limits (1 msg/s per chat, 20/min per group, 30/s overall).
/// Pass: zero 429s, and the delivery rate while the burst drains is at least 90 % of the global limit.
/// </summary>
internal static class Burst
{
    public static async Task<int> RunAsync(string[] args)
    {
        var users = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1000;
        const int globalLimit = 30;

        await using var server = await FakeTelegramServer.StartAsync();
        server.LongPollCap = TimeSpan.FromSeconds(1);
        server.RateLimits = new FakeRateLimits(TimeSpan.FromSeconds(1), 20, globalLimit, Tolerance: TimeSpan.Zero);

        var database = Path.Combine(Path.GetTempPath(), $"breathebot-burst-{Guid.NewGuid():N}.db");
        var builder = BreatheBotHost.CreateBuilder([], c => c.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Telegram:BotToken"] = FakeTelegramServer.Token,
            ["Telegram:ApiBaseUrl"] = server.BaseUrl,
            ["Telegram:LongPollTimeoutSeconds"] = "1",
            ["Telegram:GlobalMessagesPerSecond"] = globalLimit.ToString(CultureInfo.InvariantCulture),
            ["Storage:Path"] = database,
            ["Health:Urls"] = "http://127.0.0.1:0", // a free port: several hosts may run at once
        }));
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole().SetMinimumLevel(LogLevel.Warning);
        using var host = builder.Build();
        await host.StartAsync();
        await server.WaitForCallAsync("getUpdates");

        var started = Stopwatch.StartNew();
        for (var i = 0; i < users; i++)
        {
            var user = 1_000_000 + i;
            server.UserText(user, user, "/start");
        }

        // every user's turn produces the same number of messages; wait until all arrived (or nothing moved for 10 s)
        var lastCount = -1;
        var lastChange = Stopwatch.StartNew();
        while (lastChange.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(500);
            var count = server.CallsTo("sendMessage").Count(c => c.Ok);
            if (count != lastCount)
            {
                lastCount = count;
                lastChange.Restart();
                Console.Write($"\r{count} messages delivered after {started.Elapsed.TotalSeconds:F0} s   ");
            }
        }

        Console.WriteLine();
        var delivered = server.CallsTo("sendMessage").Where(c => c.Ok).Select(c => c.At).OrderBy(t => t).ToList();
        var span = (delivered[^1] - delivered[0]).TotalSeconds;
        var rate = (delivered.Count - 1) / span;
        var perUser = server.CallsTo("sendMessage").Where(c => c.Ok).GroupBy(c => c.ChatId).Select(g => g.Count()).Distinct().ToList();
        var ok = server.TooManyRequestsCount == 0 && rate >= 0.9 * globalLimit && delivered.Count > 0;

        Console.WriteLine($"users:                {users}");
        Console.WriteLine($"messages delivered:   {delivered.Count} ({string.Join("/", perUser)} per user)");
        Console.WriteLine($"429 answers:          {server.TooManyRequestsCount} {string.Join(", ", server.TooManyRequestsByLimit.Select(kv => $"{kv.Key}: {kv.Value}"))}");
        Console.WriteLine($"first to last send:   {span:F1} s");
        Console.WriteLine($"delivery rate:        {rate:F2} msg/s = {100 * rate / globalLimit:F1} % of the {globalLimit}/s global limit");
        Console.WriteLine($"result:               {(ok ? "PASS" : "FAIL")} (needs zero 429s and >= 90 %)");

        await host.StopAsync();
        foreach (var file in Directory.GetFiles(Path.GetTempPath(), Path.GetFileNameWithoutExtension(database) + "*"))
        {
            File.Delete(file);
        }

        return ok ? 0 : 1;
    }
}
